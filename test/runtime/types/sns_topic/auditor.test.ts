import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { ownerOnlyPolicy } from '../../../../src/runtime/types/sns_topic/auditor';
import { awsError, FakeAws, watched } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  policy,
  publicStatement,
  REGION,
  resource,
  settingsWith,
  STRANGER,
} from '../../../helpers/resources';
import { DEFAULT_POLICY, TOPIC_ARN, snsWorld } from './fixtures';

const topic = resource('sns_topic', TOPIC_ARN);
const OWNER_ONLY = ownerOnlyPolicy(TOPIC_ARN, 'aws', ACCOUNT);
/** S3 event notifications of one bucket of the account: a service principal pinned by its source. */
const fromBucket = {
  Sid: 'FromBucket',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'SNS:Publish',
  Resource: TOPIC_ARN,
  Condition: {
    ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::uploads' },
    StringEquals: { 'aws:SourceAccount': ACCOUNT },
  },
};
const setPolicy = (p: object) => ({
  TopicArn: TOPIC_ARN,
  AttributeName: 'Policy',
  AttributeValue: JSON.stringify(p),
});

describe('auditor: sns_topic', () => {
  it("passes SNS's default policy, and statements naming accounts or pinned services", async () => {
    for (const p of [
      DEFAULT_POLICY,
      policy(accountStatement('Partner', 'SNS:Publish', KNOWN, TOPIC_ARN), fromBucket),
    ]) {
      const { findings, aws } = await audit(snsWorld({ policy: p }), topic);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('SNS.GetTopicAttributes')).to.deep.equal([{ TopicArn: TOPIC_ARN }]);
      expect(aws.inputs('SNS.ListTagsForResource')).to.deep.equal([{ ResourceArn: TOPIC_ARN }]);
    }
  });

  it('reports a public statement, naming it, as a dry run', async () => {
    const { findings, aws } = await audit(
      snsWorld({
        policy: policy(fromBucket, publicStatement('AnyoneSubscribes', 'SNS:Subscribe', TOPIC_ARN)),
      }),
      topic,
    );
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({ check: 'sns_topic.public', severity: 'high', resource: topic });
    expect(findings[0]!.message).to.equal(
      'Topic policy statement "AnyoneSubscribes" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('removes only the public statements and keeps the rest, with the old policy as before', async () => {
    const original = policy(
      fromBucket,
      publicStatement('Open', 'SNS:Publish', TOPIC_ARN),
      accountStatement('Partner', 'SNS:Subscribe', KNOWN, TOPIC_ARN),
    );
    const left = policy(fromBucket, accountStatement('Partner', 'SNS:Subscribe', KNOWN, TOPIC_ARN));
    const { findings, aws } = await audit(snsWorld({ policy: original }), topic, {
      remediate: { sns_topic: true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['SetTopicAttributes', setPolicy(left)],
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(left) });
  });

  it('takes "*" out of a statement that also names a known account, and keeps the statement', async () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] },
      Action: 'SNS:Publish',
      Resource: TOPIC_ARN,
    };
    const { findings, aws } = await audit(snsWorld({ policy: policy(mixed) }), topic, { remediate: true });
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'take the public principals out of 1 statement (its named principals stay)',
      status: 'applied',
    });
    expect(aws.inputs('SNS.SetTopicAttributes')).to.deep.equal([
      setPolicy(policy({ ...mixed, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } })),
    ]);
  });

  it('writes a policy granting only the topic owner when every statement was public (a topic always has one)', async () => {
    const original = policy(publicStatement('Open', 'SNS:*', TOPIC_ARN));
    const { findings, aws } = await audit(snsWorld({ policy: original }), topic, {
      remediate: { 'sns_topic.public': true },
    });
    expect(findings[0]!.remediation).to.deep.equal({
      action: `replace the topic policy, all of it public, with one that grants only the topic owner (account ${ACCOUNT})`,
      status: 'applied',
    });
    expect(aws.inputs('SNS.SetTopicAttributes')).to.deep.equal([setPolicy(OWNER_ONLY)]);
    expect(OWNER_ONLY.Statement).to.deep.equal([
      {
        Sid: 'OwnerOnly',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: TOPIC_ARN,
      },
    ]);
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(OWNER_ONLY) });
    // What it wrote is not public: the next audit finds nothing.
    const again = await audit(snsWorld({ policy: OWNER_ONLY }), topic, { remediate: true });
    expect(again.findings).to.deep.equal([]);
  });

  it('checks the fix with IAM Access Analyzer as an SNS topic policy when asked', async () => {
    const original = policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN), fromBucket);
    const world = {
      ...snsWorld({ policy: original }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) =>
        input.policyDocument === JSON.stringify(original) ? { result: 'FAIL' } : { result: 'PASS' },
    };
    const { findings, aws } = await audit(world, topic, { remediate: true, confirmWithAccessAnalyzer: true });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([
      { policyDocument: JSON.stringify(original), resourceType: 'AWS::SNS::Topic' },
      { policyDocument: JSON.stringify(policy(fromBucket)), resourceType: 'AWS::SNS::Topic' },
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it('honours the exception tag: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      snsWorld({
        policy: policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN)),
        tags: { 'remediation-exempt': 'yes' },
      }),
      topic,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('reports a failed fix as failed with the error, and does not throw', async () => {
    const world = snsWorld({ policy: policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN)) });
    world['SNS.SetTopicAttributes'] = () => {
      throw awsError('AuthorizationError', 'not authorized to perform: SNS:SetTopicAttributes', 403);
    };
    const { findings } = await audit(world, topic, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason: 'AuthorizationError: not authorized to perform: SNS:SetTopicAttributes',
    });
    expect(findings[0]).to.not.have.property('before');
  });

  it('does not write over a topic policy changed since the audit read it', async () => {
    const world = snsWorld({ policy: policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN)) });
    let reads = 0;
    world['SNS.GetTopicAttributes'] = () => {
      reads += 1;
      const p = reads === 1 ? policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN)) : DEFAULT_POLICY;
      return { Attributes: { Owner: ACCOUNT, Policy: JSON.stringify(p) } };
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(topic).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a topic that no longer exists, or that another account owns', async () => {
    expect((await audit(snsWorld({ exists: false }), topic)).findings).to.deep.equal([]);
    const open = policy(publicStatement('Open', 'SNS:Publish', TOPIC_ARN));
    expect((await audit(snsWorld({ policy: open, owner: STRANGER }), topic)).findings).to.deep.equal([]);
    // A topic ARN of another account or region (a call may name one): not read at all.
    for (const id of [
      `arn:aws:sns:${REGION}:${STRANGER}:alerts`,
      `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`,
      'alerts',
    ]) {
      const { findings, aws } = await audit(snsWorld({ policy: open }), resource('sns_topic', id));
      expect(findings, id).to.deep.equal([]);
      expect(aws.sent, id).to.deep.equal([]);
    }
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = snsWorld();
    world['SNS.ListTagsForResource'] = () => {
      throw awsError('AuthorizationError', 'denied', 403);
    };
    let caught: unknown;
    await audit(world, topic).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AuthorizationError');
  });

  describe('sns_topic.shared_unknown_account', () => {
    const partners = {
      Sid: 'Partners',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:root`] },
      Action: 'SNS:Subscribe',
      Resource: TOPIC_ARN,
    };

    it('reports a grant to an account neither watched nor named, and leaves it with remediate: true alone', async () => {
      const { findings, aws } = await audit(snsWorld({ policy: policy(fromBucket, partners) }), topic, {
        remediate: true,
      });
      expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
        ['sns_topic.shared_unknown_account', 'high', 'dry_run'],
      ]);
      expect(findings[0]!.message).to.equal(
        `Topic policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}.`,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('takes only the unknown account out when the check is named, keeping the rest', async () => {
      const original = policy(fromBucket, partners);
      const left = policy(fromBucket, { ...partners, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } });
      const { findings, aws } = await audit(snsWorld({ policy: original }), topic, {
        remediate: { 'sns_topic.shared_unknown_account': true },
      });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['SetTopicAttributes', setPolicy(left)],
      ]);
      expect(findings[0]!.remediation).to.deep.equal({
        status: 'applied',
        action: `take account ${STRANGER} out of 1 statement (the others it names stay), keep the other 1 statement`,
      });
      expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
      expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(left) });
    });

    it('writes the owner-only policy when the unknown account was all the policy granted', async () => {
      const original = policy(accountStatement('Stranger', 'SNS:Publish', STRANGER, TOPIC_ARN));
      const { findings, aws } = await audit(snsWorld({ policy: original }), topic, {
        remediate: { 'sns_topic.shared_unknown_account': true },
      });
      expect(findings[0]!.remediation).to.deep.equal({
        status: 'applied',
        action: `replace the topic policy, which grants only account ${STRANGER}, with one that grants only the topic owner (account ${ACCOUNT})`,
      });
      expect(aws.inputs('SNS.SetTopicAttributes')).to.deep.equal([setPolicy(OWNER_ONLY)]);
    });

    it('runs after the public fix on what it left, each with its own before', async () => {
      const open = publicStatement('Open', 'SNS:Publish', TOPIC_ARN);
      const original = policy(open, partners);
      const { findings, aws } = await audit(snsWorld({ policy: original }), topic, {
        remediate: { sns_topic: true, 'sns_topic.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['sns_topic.public', 'applied'],
        ['sns_topic.shared_unknown_account', 'applied'],
      ]);
      const last = policy({ ...partners, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } });
      expect(aws.inputs('SNS.SetTopicAttributes')).to.deep.equal([
        setPolicy(policy(partners)),
        setPolicy(last),
      ]);
      expect(findings[1]!.before).to.deep.equal({ Policy: JSON.stringify(policy(partners)) });
    });
  });
});
