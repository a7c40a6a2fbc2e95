import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { awsError, FakeAws } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  policy,
  publicStatement,
  resource,
  settingsWith,
  STRANGER,
} from '../../../helpers/resources';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from './fixtures';

const queue = resource('sqs', QUEUE_URL);
const snsPublish = {
  Sid: 'FromTopic',
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: QUEUE_ARN,
  Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${ACCOUNT}:orders` } },
};

describe('auditor: sqs', () => {
  it('passes a queue without a policy, or whose statements name accounts, services or pinned callers', async () => {
    for (const p of [
      undefined,
      policy(accountStatement('Partner', 'sqs:SendMessage'), snsPublish),
      policy(
        publicStatement('FromOwnAccount', 'sqs:SendMessage', QUEUE_ARN, {
          Condition: { StringEquals: { 'aws:SourceAccount': KNOWN } },
        }),
      ),
    ]) {
      const { findings, aws } = await audit(sqsWorld({ policy: p }), queue);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('SQS.GetQueueAttributes')).to.deep.equal([
        { QueueUrl: QUEUE_URL, AttributeNames: ['Policy'] },
      ]);
    }
  });

  it('reports a public statement, naming it, as a dry run', async () => {
    const { findings } = await audit(
      sqsWorld({
        policy: policy(
          snsPublish,
          // IfExists: a request without aws:SourceAccount (a direct call) passes.
          publicStatement('AnyoneSends', 'sqs:SendMessage', QUEUE_ARN, {
            Condition: { StringEqualsIfExists: { 'aws:SourceAccount': STRANGER } },
          }),
        ),
      }),
      queue,
    );
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({ check: 'sqs.public', severity: 'high', resource: queue });
    expect(findings[0]!.message).to.equal(
      'Queue policy statement "AnyoneSends" is public: Principal "*" lets in anyone, even without credentials; StringEqualsIfExists aws:SourceAccount "999999999999" passes when the request has no aws:SourceAccount, as a stranger\'s can.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
  });

  it('removes only the public statements and keeps the rest, with the old policy as before', async () => {
    const original = policy(
      snsPublish,
      publicStatement('Open', 'sqs:*', QUEUE_ARN),
      accountStatement('Partner', 'sqs:SendMessage'),
    );
    const { findings, aws } = await audit(sqsWorld({ policy: original }), queue, {
      remediate: { sqs: true },
    });
    expect(aws.writes().map((c) => c.operation)).to.deep.equal(['SetQueueAttributes']);
    const [input] = aws.inputs('SQS.SetQueueAttributes');
    expect(input.QueueUrl).to.equal(QUEUE_URL);
    expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(
      policy(snsPublish, accountStatement('Partner', 'sqs:SendMessage')),
    );
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
  });

  it('removes the policy when every statement was public', async () => {
    const { aws } = await audit(
      sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) }),
      queue,
      { remediate: { 'sqs.public': true } },
    );
    expect(aws.inputs('SQS.SetQueueAttributes')).to.deep.equal([
      { QueueUrl: QUEUE_URL, Attributes: { Policy: '' } },
    ]);
  });

  it('honours the exception tag: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*')), tags: { 'remediation-exempt': 'yes' } }),
      queue,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(findings[0]!.remediation.reason).to.equal(
      'excepted: it carries the exception tag remediation-exempt=yes',
    );
    expect(aws.writes()).to.deep.equal([]);
  });

  it('reports a failed fix as failed with the error, and does not throw', async () => {
    const world = sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*')) });
    world['SQS.SetQueueAttributes'] = () => {
      throw awsError('AccessDenied', 'not authorized to perform: sqs:SetQueueAttributes', 403);
    };
    const { findings } = await audit(world, queue, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason: 'AccessDenied: not authorized to perform: sqs:SetQueueAttributes',
    });
    expect(findings[0]).to.not.have.property('before');
  });

  it('does not write over a queue policy changed since the audit read it', async () => {
    const world = sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*')) });
    let reads = 0;
    world['SQS.GetQueueAttributes'] = () => {
      reads += 1;
      const p = reads === 1 ? policy(publicStatement('Open', 'sqs:*')) : policy(snsPublish);
      return { Attributes: { Policy: JSON.stringify(p) } };
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(queue).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a queue that no longer exists', async () => {
    const world = sqsWorld();
    world['SQS.GetQueueAttributes'] = () => {
      throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
    };
    const { findings } = await audit(world, queue);
    expect(findings).to.deep.equal([]);
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = sqsWorld();
    world['SQS.ListQueueTags'] = () => {
      throw awsError('AccessDenied', 'denied', 403);
    };
    let caught: unknown;
    await audit(world, queue).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDenied');
  });
});

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;

describe('auditor: sqs, narrowing fixes', () => {
  const queue = resource('sqs', QUEUE_URL);
  const mixed = {
    Sid: 'Mixed',
    Effect: 'Allow',
    Principal: { AWS: [KNOWN_ROOT, '*'] },
    Action: 'sqs:SendMessage',
    Resource: QUEUE_ARN,
  };

  it('takes "*" out of a statement that also names a known account, and keeps the statement', async () => {
    const original = policy(mixed);
    const { findings, aws } = await audit(sqsWorld({ policy: original }), queue, { remediate: true });
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'take the public principals out of 1 statement (its named principals stay)',
      status: 'applied',
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'SetQueueAttributes',
        {
          QueueUrl: QUEUE_URL,
          Attributes: { Policy: JSON.stringify(policy({ ...mixed, Principal: { AWS: KNOWN_ROOT } })) },
        },
      ],
    ]);
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
  });

  it('keeps an Allow for everyone that a Deny limits to the organization: nothing to fix', async () => {
    const original = policy(
      { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: QUEUE_ARN },
      {
        Sid: 'OnlyOrg',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: QUEUE_ARN,
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    );
    const { findings, aws } = await audit(sqsWorld({ policy: original }), queue, { remediate: true });
    expect(findings).to.deep.equal([]);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('checks the fix with IAM Access Analyzer first when asked, and sends both policies', async () => {
    const world = {
      ...sqsWorld({ policy: policy(mixed) }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) =>
        JSON.parse(input.policyDocument).Statement[0].Principal.AWS.includes?.('*')
          ? {
              result: 'FAIL',
              message: 'public',
              reasons: [{ description: 'Principal *', statementIndex: 0 }],
            }
          : { result: 'PASS', message: 'not public' },
    };
    const { findings, aws } = await audit(world, queue, {
      remediate: true,
      confirmWithAccessAnalyzer: true,
    });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([
      { policyDocument: JSON.stringify(policy(mixed)), resourceType: 'AWS::SQS::Queue' },
      {
        policyDocument: JSON.stringify(policy({ ...mixed, Principal: { AWS: KNOWN_ROOT } })),
        resourceType: 'AWS::SQS::Queue',
      },
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it("changes nothing and reports failed with AWS's answer when Access Analyzer disagrees", async () => {
    const world = {
      ...sqsWorld({ policy: policy(mixed) }),
      'AccessAnalyzer.CheckNoPublicAccess': {
        result: 'PASS',
        message: 'The resource policy does not grant public access for the given resource type.',
      },
    };
    const { findings, aws } = await audit(world, queue, {
      remediate: true,
      confirmWithAccessAnalyzer: true,
    });
    expect(aws.calls('SQS.SetQueueAttributes')).to.deep.equal([]);
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason:
        'AccessAnalyzerDisagreement: IAM Access Analyzer finds no public access in the current policy (PASS: The resource policy does not grant public access for the given resource type.); nothing was changed',
    });
    expect(findings[0]).to.not.have.property('before');
  });

  it('does not ask Access Analyzer unless settings say so', async () => {
    const { aws } = await audit(sqsWorld({ policy: policy(mixed) }), queue, { remediate: true });
    expect(aws.calls('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([]);
  });

  it('fails the fix, and writes nothing, when Access Analyzer cannot be asked', async () => {
    const world = {
      ...sqsWorld({ policy: policy(mixed) }),
      'AccessAnalyzer.CheckNoPublicAccess': () => {
        throw awsError(
          'AccessDeniedException',
          'not authorized to perform: access-analyzer:CheckNoPublicAccess',
          403,
        );
      },
    };
    const { findings, aws } = await audit(world, queue, {
      remediate: true,
      confirmWithAccessAnalyzer: true,
    });
    expect(aws.calls('SQS.SetQueueAttributes')).to.deep.equal([]);
    expect(findings[0]!.remediation.status).to.equal('failed');
  });
});
