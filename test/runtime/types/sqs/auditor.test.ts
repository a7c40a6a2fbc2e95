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

  describe('sqs.shared_unknown_account', () => {
    const both = {
      Sid: 'Partners',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:role/reader`] },
      Action: 'sqs:ReceiveMessage',
      Resource: QUEUE_ARN,
    };

    it('reports a statement granting an account that is neither watched nor named in settings', async () => {
      const { findings, aws } = await audit(sqsWorld({ policy: policy(snsPublish, both) }), queue, {
        remediate: true,
      });
      expect(findings).to.have.length(1);
      expect(findings[0]).to.deep.include({ check: 'sqs.shared_unknown_account', severity: 'high' });
      expect(findings[0]!.message).to.equal(
        `Queue policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}.`,
      );
      // Partners are common: remediate: true alone never takes them out.
      expect(findings[0]!.remediation.status).to.equal('dry_run');
      expect(aws.writes()).to.deep.equal([]);
    });

    it('passes the same grant once settings name the account', async () => {
      const { findings } = await audit(sqsWorld({ policy: policy(snsPublish, both) }), queue, {
        accounts: [ACCOUNT, KNOWN, STRANGER],
      });
      expect(findings).to.deep.equal([]);
    });

    it('takes only the unknown principal out when the check is turned on by name, keeping the rest', async () => {
      const original = policy(snsPublish, both);
      const { findings, aws } = await audit(sqsWorld({ policy: original }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      const left = policy(snsPublish, { ...both, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } });
      expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(left);
      expect(findings[0]!.remediation).to.deep.equal({
        status: 'applied',
        action: `take account ${STRANGER} out of 1 statement (the others it names stay), keep the other 1 statement`,
      });
      expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
      expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(left) });
    });

    it('narrows a condition naming accounts and organizations, and removes a statement left with none', async () => {
      const byAccount = publicStatement('ByAccount', 'sqs:SendMessage', QUEUE_ARN, {
        Condition: { StringEquals: { 'aws:PrincipalAccount': [KNOWN, STRANGER] } },
      });
      const byOrg = publicStatement('ByOrg', 'sqs:SendMessage', QUEUE_ARN, {
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-stranger123' } },
      });
      const { findings, aws } = await audit(sqsWorld({ policy: policy(byAccount, byOrg) }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      expect(findings.map((f) => f.check)).to.deep.equal(['sqs.shared_unknown_account']);
      expect(findings[0]!.message).to.equal(
        `Queue policy grants accounts and organizations outside the known accounts and organizations: statement "ByAccount" grants account ${STRANGER}; statement "ByOrg" grants organization o-stranger123.`,
      );
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(
        policy({ ...byAccount, Condition: { StringEquals: { 'aws:PrincipalAccount': KNOWN } } }),
      );
    });

    it('never touches a negated condition or a Deny: fewer values there would let more in', async () => {
      const deny = {
        Sid: 'NoStranger',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: QUEUE_ARN,
        // Denies everyone but the two accounts: the stranger still gets in through "Partners".
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': [KNOWN, STRANGER] } },
      };
      const original = policy(deny, both);
      const { aws } = await audit(sqsWorld({ policy: original }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      expect(JSON.parse(input.Attributes.Policy).Statement[0]).to.deep.equal(deny);
    });

    it('runs after the public fix on what it left, each with its own before', async () => {
      const open = publicStatement('Open', 'sqs:*', QUEUE_ARN);
      const original = policy(open, both);
      const { findings, aws } = await audit(sqsWorld({ policy: original }), queue, {
        remediate: { sqs: true, 'sqs.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['sqs.public', 'applied'],
        ['sqs.shared_unknown_account', 'applied'],
      ]);
      const writes = aws.inputs('SQS.SetQueueAttributes').map((i) => JSON.parse(i.Attributes.Policy));
      const last = policy({ ...both, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } });
      expect(writes).to.deep.equal([policy(both), last]);
      expect(findings[1]!.before).to.deep.equal({ Policy: JSON.stringify(policy(both)) });
    });

    it('fixes the grant on the original policy when only it is turned on', async () => {
      const open = publicStatement('Open', 'sqs:*', QUEUE_ARN);
      const { findings, aws } = await audit(sqsWorld({ policy: policy(open, both) }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      expect(findings.map((f) => f.remediation.status)).to.deep.equal(['dry_run', 'applied']);
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(
        policy(open, { ...both, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } }),
      );
    });
  });

  describe('sqs.shared_unknown_account: what is not a grant to the account', () => {
    // A subscription of the other account's topic: the SNS service principal, pinned to its topic.
    const topicSubscription = {
      Sid: 'TopicSub',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE_ARN,
      Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${STRANGER}:orders` } },
    };

    it("keeps a service's statement pinned to the account's resource when it takes the account's principal out", async () => {
      const partner = accountStatement('Partner', 'sqs:SendMessage', STRANGER, QUEUE_ARN);
      const { findings, aws } = await audit(sqsWorld({ policy: policy(partner, topicSubscription) }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      expect(findings[0]!.message).to.equal(
        `Queue policy grants an account outside the known accounts and organizations: statement "Partner" grants account ${STRANGER}.`,
      );
      expect(findings[0]!.remediation.action).to.equal(
        `remove 1 statement granting account ${STRANGER} (nothing else is left of it), keep the other 1 statement`,
      );
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(policy(topicSubscription));
    });

    it('finds a grant written with a wildcard after the account, and takes only that value out', async () => {
      const roles = publicStatement('Roles', 'sqs:SendMessage', QUEUE_ARN, {
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': [`arn:aws:iam::${KNOWN}:role/*`, `arn:aws:iam::${STRANGER}:role/*`],
          },
        },
      });
      const { findings, aws } = await audit(sqsWorld({ policy: policy(roles) }), queue, {
        remediate: { 'sqs.shared_unknown_account': true },
      });
      expect(findings.map((f) => f.check)).to.deep.equal(['sqs.shared_unknown_account']);
      const [input] = aws.inputs('SQS.SetQueueAttributes');
      expect(JSON.parse(input.Attributes.Policy)).to.deep.equal(
        policy({ ...roles, Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${KNOWN}:role/*` } } }),
      );
    });
  });
});
