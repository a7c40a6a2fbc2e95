import { expect } from 'chai';
import { parseResourceMessage } from '../../../src/runtime/contracts/message';
import { EVENT_RULES } from '../../../src/runtime/events/table';
import { TranslationTally, translateEvent } from '../../../src/runtime/events/translate';
import { CALLER, OWNER, REGION, apiCall, sampleEvent } from '../../helpers/events';
import { SAMPLES } from '../../helpers/samples';

const queueUrl = `https://sqs.${REGION}.amazonaws.com/${OWNER}/orders`;
const setQueueAttributes = (overrides = {}) =>
  apiCall({ source: 'sqs.amazonaws.com', name: 'SetQueueAttributes', request: { queueUrl }, ...overrides });

describe('translator: table', () => {
  it('has one row per eventSource and eventName', () => {
    const keys = EVENT_RULES.map((r) => `${r.eventSource} ${r.eventName}`);
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('has a sample call yielding a message for every row', () => {
    const covered = new Set(SAMPLES.filter((s) => s.expected.length > 0).map((s) => `${s.source} ${s.name}`));
    const missing = EVENT_RULES.map((r) => `${r.eventSource} ${r.eventName}`).filter((k) => !covered.has(k));
    expect(missing).to.deep.equal([]);
  });

  for (const sample of SAMPLES) {
    it(`${sample.source} ${sample.name} -> ${sample.expected.map((e) => e.type).join(', ') || 'nothing'}`, () => {
      // Act
      const translation = translateEvent(sampleEvent(sample));
      // Assess
      expect(translation.messages).to.deep.equal(
        sample.expected.map((e) => ({
          account: OWNER,
          region: REGION,
          type: e.type,
          id: e.id,
          delay: e.delay ?? 0,
        })),
      );
      expect(translation.outcome).to.equal(sample.expected.length > 0 ? 'translated' : 'no_resource');
    });
  }
});

describe('translator: rules', () => {
  it('yields no message for a blank resource id (a message must name its resource)', () => {
    for (const InstanceId of [' ', '\t', '']) {
      const translation = translateEvent(
        apiCall({
          source: 'ec2.amazonaws.com',
          name: 'ModifyInstanceMetadataOptions',
          request: { ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'optional', InstanceId } },
        }),
      );
      expect(translation.messages).to.deep.equal([]);
    }
  });

  it('names the account and region of a region message with the id "", as the contract has it', () => {
    const translation = translateEvent(
      apiCall({
        source: 's3.amazonaws.com',
        name: 'DeleteAccountPublicAccessBlock',
        request: { 'x-amz-account-id': OWNER },
        region: 'us-east-2',
      }),
    );
    expect(translation.messages).to.deep.equal([
      { account: OWNER, region: 'us-east-2', type: 'region', id: '', delay: 0 },
    ]);
    expect(parseResourceMessage(translation.messages[0])).to.deep.equal(translation.messages[0]);
  });

  it("takes the account that owns the resource (recipientAccountId), not the caller's", () => {
    const translation = translateEvent(
      setQueueAttributes({ callerAccount: CALLER, recipientAccountId: OWNER, account: '333333333333' }),
    );
    expect(translation.messages.map((m) => m.account)).to.deep.equal([OWNER]);
  });

  it("falls back to the envelope's account when recipientAccountId is missing", () => {
    const translation = translateEvent(
      setQueueAttributes({ recipientAccountId: null, account: '444444444444' }),
    );
    expect(translation.messages.map((m) => m.account)).to.deep.equal(['444444444444']);
  });

  it('takes the region of the call (detail.awsRegion)', () => {
    const event = setQueueAttributes({ region: 'ap-southeast-2' });
    const translation = translateEvent({ ...event, region: 'us-east-1' });
    expect(translation.messages.map((m) => m.region)).to.deep.equal(['ap-southeast-2']);
  });

  it('yields nothing for a call that failed (errorCode set)', () => {
    const translation = translateEvent(setQueueAttributes({ errorCode: 'AccessDenied' }));
    expect(translation).to.deep.equal({
      outcome: 'failed_call',
      call: 'sqs.amazonaws.com SetQueueAttributes',
      messages: [],
    });
  });

  it('yields one message per instance of a RunInstances call, each with its own id', () => {
    const event = apiCall({
      source: 'ec2.amazonaws.com',
      name: 'RunInstances',
      response: {
        instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }, { instanceId: 'i-3' }] },
      },
    });
    expect(translateEvent(event).messages.map((m) => m.id)).to.deep.equal(['i-1', 'i-2', 'i-3']);
  });

  it('does not take an ECS CreateCluster call for a Redshift cluster', () => {
    const ecs = translateEvent(
      apiCall({ source: 'ecs.amazonaws.com', name: 'CreateCluster', request: { clusterName: 'prod' } }),
    );
    const redshift = translateEvent(
      apiCall({
        source: 'redshift.amazonaws.com',
        name: 'CreateCluster',
        request: { clusterIdentifier: 'prod' },
      }),
    );
    expect(ecs.outcome).to.equal('unsupported');
    expect(ecs.messages).to.deep.equal([]);
    expect(redshift.messages.map((m) => m.type)).to.deep.equal(['redshift']);
  });

  describe('loop guard', () => {
    it("drops calls made by the member remediator role's sessions", () => {
      expect(translateEvent(setQueueAttributes({ roleName: 'member_remediator' })).outcome).to.equal(
        'own_change',
      );
    });

    it('honours a custom memberRoleName', () => {
      const event = setQueueAttributes({ roleName: 'sec-fixer' });
      expect(translateEvent(event, { memberRoleName: 'sec-fixer' }).outcome).to.equal('own_change');
      expect(translateEvent(event).outcome).to.equal('translated');
    });

    it('recognises the role from the session ARN when there is no session context', () => {
      const event = setQueueAttributes();
      const detail = event.detail as Record<string, unknown>;
      detail.userIdentity = {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${OWNER}:assumed-role/member_remediator/audit`,
      };
      expect(translateEvent(event).outcome).to.equal('own_change');
    });

    it('does not mistake an IAM user of the same name for the role', () => {
      const event = setQueueAttributes();
      const detail = event.detail as Record<string, unknown>;
      detail.userIdentity = {
        type: 'IAMUser',
        userName: 'member_remediator',
        arn: `arn:aws:iam::${OWNER}:user/member_remediator`,
      };
      expect(translateEvent(event).outcome).to.equal('translated');
    });
  });

  it('ignores and counts an API call outside the table', () => {
    const tally = new TranslationTally();
    const translation = translateEvent(apiCall({ source: 'sqs.amazonaws.com', name: 'ListQueues' }));
    tally.add(translation);
    tally.add(translateEvent(setQueueAttributes()));
    expect(translation).to.deep.equal({
      outcome: 'unsupported',
      call: 'sqs.amazonaws.com ListQueues',
      messages: [],
    });
    expect(tally.outcomes.unsupported).to.equal(1);
    expect(tally.summary()).to.equal('2 events -> 1 messages (translated 1, unsupported 1)');
  });

  it('reports a call in the table without a readable resource id as no_resource', () => {
    const event = apiCall({ source: 'sqs.amazonaws.com', name: 'CreateQueue', request: { queueName: 'x' } });
    expect(translateEvent(event).outcome).to.equal('no_resource');
  });

  it('reports events that are not CloudTrail API calls as not_api_call', () => {
    for (const event of [
      null,
      'text',
      [],
      { 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } },
      { 'detail-type': 'AWS API Call via CloudTrail', detail: 'x' },
      { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'CreateQueue' } },
    ]) {
      expect(translateEvent(event).outcome, JSON.stringify(event)).to.equal('not_api_call');
    }
  });

  it('yields nothing when neither the detail nor the envelope names a valid account', () => {
    const event = setQueueAttributes({ recipientAccountId: null, account: 'not-an-account' });
    expect(translateEvent(event).outcome).to.equal('no_resource');
  });

  it('reads Lambda function names from names, full ARNs, partial ARNs and qualified names', () => {
    const names = [
      'api',
      'api:prod',
      `${OWNER}:function:api`,
      `arn:aws:lambda:${REGION}:${OWNER}:function:api:7`,
    ];
    for (const functionName of names) {
      const event = apiCall({
        source: 'lambda.amazonaws.com',
        name: 'AddPermission20150331v2',
        request: { functionName },
      });
      expect(
        translateEvent(event).messages.map((m) => m.id),
        functionName,
      ).to.deep.equal(['api']);
    }
  });

  it('ignores KMS aliases, which cannot carry a key policy', () => {
    const event = apiCall({
      source: 'kms.amazonaws.com',
      name: 'PutKeyPolicy',
      request: { keyId: 'alias/app' },
    });
    expect(translateEvent(event).outcome).to.equal('no_resource');
  });

  it('finds the load balancer of a modified listener from the listener ARN when the response lacks it', () => {
    const listenerArn = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:listener/net/edge/0123456789abcdef/fedcba9876543210`;
    const event = apiCall({
      source: 'elasticloadbalancing.amazonaws.com',
      name: 'ModifyListener',
      request: { listenerArn },
    });
    expect(translateEvent(event).messages.map((m) => m.id)).to.deep.equal([
      `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:loadbalancer/net/edge/0123456789abcdef`,
    ]);
  });

  it('does not repeat a resource named twice in one call', () => {
    const event = apiCall({
      source: 'ec2.amazonaws.com',
      name: 'AuthorizeSecurityGroupIngress',
      response: { securityGroupRuleSet: { items: [{ groupId: 'sg-1' }, { groupId: 'sg-1' }] } },
    });
    expect(translateEvent(event).messages.map((m) => m.id)).to.deep.equal(['sg-1']);
  });
});
