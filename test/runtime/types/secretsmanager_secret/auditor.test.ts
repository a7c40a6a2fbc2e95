import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { secretArnOf } from '../../../../src/runtime/types/secretsmanager_secret/manifest';
import { awsError, FakeAws, watched } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  ORG_ID,
  policy,
  publicStatement,
  REGION,
  resource,
  settingsWith,
  STRANGER,
} from '../../../helpers/resources';
import { SECRET_ARN, secretsWorld } from './fixtures';

const secret = resource('secretsmanager_secret', SECRET_ARN);
const READ = 'secretsmanager:GetSecretValue';
/** The whole organization reads: `Principal "*"` pinned by the organization id. */
const organizationReads = publicStatement('OrganizationReads', READ, '*', {
  Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
});
const partner = accountStatement('Partner', READ, KNOWN);

describe('auditor: secretsmanager_secret', () => {
  it('passes a secret without a policy, or whose statements name known accounts or organizations', async () => {
    for (const p of [undefined, policy(partner)]) {
      const { findings, aws } = await audit(secretsWorld({ policy: p }), secret);
      expect(findings).to.deep.equal([]);
      expect(aws.sent.map((c) => [c.operation, c.input])).to.deep.equal([
        ['DescribeSecret', { SecretId: SECRET_ARN }],
        ['GetResourcePolicy', { SecretId: SECRET_ARN }],
      ]);
    }
  });

  it('reports a public statement as critical, naming it, as a dry run', async () => {
    const { findings, aws } = await audit(
      secretsWorld({ policy: policy(partner, publicStatement('AnyoneReads', READ)) }),
      secret,
    );
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({
      check: 'secretsmanager_secret.public',
      severity: 'critical',
      resource: secret,
    });
    expect(findings[0]!.message).to.equal(
      'Secret policy statement "AnyoneReads" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('removes only the public statements with BlockPublicPolicy, keeping the rest, with the old policy as before', async () => {
    const original = policy(partner, publicStatement('AnyoneReads', READ));
    const { findings, aws } = await audit(secretsWorld({ policy: original }), secret, {
      remediate: { secretsmanager_secret: true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'PutResourcePolicy',
        { SecretId: SECRET_ARN, ResourcePolicy: JSON.stringify(policy(partner)), BlockPublicPolicy: true },
      ],
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ ResourcePolicy: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ ResourcePolicy: JSON.stringify(policy(partner)) });
  });

  it('deletes the resource policy when every statement was public', async () => {
    const original = policy(publicStatement('AnyoneReads', READ));
    const { findings, aws } = await audit(secretsWorld({ policy: original }), secret, {
      remediate: { 'secretsmanager_secret.public': true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteResourcePolicy', { SecretId: SECRET_ARN }],
    ]);
    expect(findings[0]!.remediation.action).to.equal(
      'remove the secret policy (its only 1 statement is public)',
    );
    expect(findings[0]!.after).to.deep.equal({ ResourcePolicy: '' });
  });

  it('takes "*" out of a statement that also names a known account, and keeps a statement pinned to the organization', async () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] },
      Action: READ,
      Resource: '*',
    };
    const { findings, aws } = await audit(
      secretsWorld({ policy: policy(organizationReads, mixed) }),
      secret,
      { remediate: true },
    );
    // The organization is not a configured one: its grant is reported apart, and left as it is.
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['secretsmanager_secret.public', 'applied'],
      ['secretsmanager_secret.shared_unknown_account', 'dry_run'],
    ]);
    expect(aws.inputs('Secrets Manager.PutResourcePolicy')[0]).to.deep.equal({
      SecretId: SECRET_ARN,
      ResourcePolicy: JSON.stringify(
        policy(organizationReads, { ...mixed, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } }),
      ),
      BlockPublicPolicy: true,
    });
  });

  it('fails the fix, changing nothing, when Secrets Manager judges the narrowed policy public (PublicPolicyException)', async () => {
    const world = secretsWorld({ policy: policy(partner, publicStatement('AnyoneReads', READ)) });
    world['Secrets Manager.PutResourcePolicy'] = () => {
      throw awsError(
        'PublicPolicyException',
        'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
      );
    };
    const { findings } = await audit(world, secret, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason:
        'PublicPolicyException: The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
    });
    expect(findings[0]).to.not.have.property('before');
  });

  it('checks the fix with IAM Access Analyzer as a secret policy when asked', async () => {
    const original = policy(publicStatement('AnyoneReads', READ), partner);
    const world = {
      ...secretsWorld({ policy: original }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) =>
        input.policyDocument === JSON.stringify(original) ? { result: 'FAIL' } : { result: 'PASS' },
    };
    const { aws } = await audit(world, secret, { remediate: true, confirmWithAccessAnalyzer: true });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([
      { policyDocument: JSON.stringify(original), resourceType: 'AWS::SecretsManager::Secret' },
      { policyDocument: JSON.stringify(policy(partner)), resourceType: 'AWS::SecretsManager::Secret' },
    ]);
  });

  it('honours the exception tag of DescribeSecret: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      secretsWorld({
        policy: policy(publicStatement('AnyoneReads', READ)),
        tags: { 'remediation-exempt': 'yes' },
      }),
      secret,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('does not write over a secret policy changed since the audit read it', async () => {
    const world = secretsWorld({ policy: policy(publicStatement('AnyoneReads', READ)) });
    let reads = 0;
    world['Secrets Manager.GetResourcePolicy'] = () => {
      reads += 1;
      const p = reads === 1 ? policy(publicStatement('AnyoneReads', READ)) : policy(partner);
      return { ARN: SECRET_ARN, ResourcePolicy: JSON.stringify(p) };
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(secret).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a secret that is gone, scheduled for deletion, a replica, or not the message account and region', async () => {
    const open = policy(publicStatement('AnyoneReads', READ));
    expect((await audit(secretsWorld({ exists: false }), secret)).findings).to.deep.equal([]);
    for (const describe of [
      { DeletedDate: new Date('2026-11-20T00:00:00Z') },
      // A replica: its policy is its primary's, fixed there.
      { PrimaryRegion: 'us-east-1' },
    ]) {
      const { findings, aws } = await audit(secretsWorld({ policy: open, describe }), secret, {
        remediate: true,
      });
      expect(findings, JSON.stringify(describe)).to.deep.equal([]);
      expect(aws.calls('Secrets Manager.GetResourcePolicy')).to.deep.equal([]);
    }
    // The primary names its own region: audited.
    const primary = await audit(secretsWorld({ policy: open, describe: { PrimaryRegion: REGION } }), secret);
    expect(primary.findings.map((f) => f.check)).to.deep.equal(['secretsmanager_secret.public']);
    for (const id of [
      `arn:aws:secretsmanager:${REGION}:${STRANGER}:secret:prod/db-a1B2c3`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-a1B2c3`,
      'prod/db',
      // A partial ARN: DescribeSecret finds the secret, whose ARN is not the message's id.
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db`,
    ]) {
      const { findings } = await audit(secretsWorld({ policy: open }), resource('secretsmanager_secret', id));
      expect(findings, id).to.deep.equal([]);
    }
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = secretsWorld();
    world['Secrets Manager.GetResourcePolicy'] = () => {
      throw awsError('AccessDeniedException', 'denied', 400);
    };
    let caught: unknown;
    await audit(world, secret).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDeniedException');
  });

  describe('secretsmanager_secret.shared_unknown_account', () => {
    const partners = {
      Sid: 'Partners',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:root`] },
      Action: READ,
      Resource: '*',
    };
    const narrowed = { ...partners, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } };

    it('reports a grant to an unknown account, and leaves it with remediate: true alone', async () => {
      const { findings, aws } = await audit(secretsWorld({ policy: policy(partners) }), secret, {
        remediate: true,
      });
      expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
        ['secretsmanager_secret.shared_unknown_account', 'high', 'dry_run'],
      ]);
      expect(findings[0]!.message).to.equal(
        `Secret policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}.`,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('takes only the unknown account out when the check is named, with BlockPublicPolicy', async () => {
      const { findings, aws } = await audit(secretsWorld({ policy: policy(partners) }), secret, {
        remediate: { 'secretsmanager_secret.shared_unknown_account': true },
      });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        [
          'PutResourcePolicy',
          { SecretId: SECRET_ARN, ResourcePolicy: JSON.stringify(policy(narrowed)), BlockPublicPolicy: true },
        ],
      ]);
      expect(findings[0]!.before).to.deep.equal({ ResourcePolicy: JSON.stringify(policy(partners)) });
      expect(findings[0]!.after).to.deep.equal({ ResourcePolicy: JSON.stringify(policy(narrowed)) });
    });

    it('deletes the policy when the unknown account was all it granted', async () => {
      const { findings, aws } = await audit(
        secretsWorld({ policy: policy(accountStatement('Stranger', READ, STRANGER)) }),
        secret,
        { remediate: { 'secretsmanager_secret.shared_unknown_account': true } },
      );
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['DeleteResourcePolicy', { SecretId: SECRET_ARN }],
      ]);
      expect(findings[0]!.remediation.action).to.equal(
        `remove the secret policy (nothing is left once account ${STRANGER} is taken out)`,
      );
    });

    it('without BlockPublicPolicy when the public fix is not turned on, so the public statement it keeps is not refused', async () => {
      const open = publicStatement('AnyoneReads', READ);
      const { findings, aws } = await audit(secretsWorld({ policy: policy(open, partners) }), secret, {
        remediate: { 'secretsmanager_secret.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['secretsmanager_secret.public', 'dry_run'],
        ['secretsmanager_secret.shared_unknown_account', 'applied'],
      ]);
      expect(aws.inputs('Secrets Manager.PutResourcePolicy')).to.deep.equal([
        { SecretId: SECRET_ARN, ResourcePolicy: JSON.stringify(policy(open, narrowed)) },
      ]);
    });

    it('runs after the public fix on what it left, each with its own before', async () => {
      const open = publicStatement('AnyoneReads', READ);
      const { findings, aws } = await audit(secretsWorld({ policy: policy(open, partners) }), secret, {
        remediate: { secretsmanager_secret: true, 'secretsmanager_secret.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['secretsmanager_secret.public', 'applied'],
        ['secretsmanager_secret.shared_unknown_account', 'applied'],
      ]);
      expect(aws.inputs('Secrets Manager.PutResourcePolicy')).to.deep.equal([
        { SecretId: SECRET_ARN, ResourcePolicy: JSON.stringify(policy(partners)), BlockPublicPolicy: true },
        { SecretId: SECRET_ARN, ResourcePolicy: JSON.stringify(policy(narrowed)), BlockPublicPolicy: true },
      ]);
      expect(findings[1]!.before).to.deep.equal({ ResourcePolicy: JSON.stringify(policy(partners)) });
    });
  });
});

describe('secretsmanager_secret: the secret a call names', () => {
  const detail = (request: object, response?: object) => ({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'PutResourcePolicy',
    requestParameters: request,
    ...(response ? { responseElements: response } : {}),
  });

  it("is the response's ARN (arn, or aRN as events had it before February 2024), else a complete ARN of the request", () => {
    expect(secretArnOf(detail({ secretId: 'prod/db' }, { arn: SECRET_ARN, name: 'prod/db' }))).to.deep.equal([
      SECRET_ARN,
    ]);
    expect(secretArnOf(detail({ secretId: 'prod/db' }, { aRN: SECRET_ARN, name: 'prod/db' }))).to.deep.equal([
      SECRET_ARN,
    ]);
    expect(secretArnOf(detail({ secretId: SECRET_ARN }))).to.deep.equal([SECRET_ARN]);
  });

  it('is nothing when the event holds only a name or a partial ARN (the poller audits it)', () => {
    expect(secretArnOf(detail({ secretId: 'prod/db' }))).to.deep.equal([]);
    expect(
      secretArnOf(detail({ secretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db` })),
    ).to.deep.equal([]);
    expect(secretArnOf(detail({}, { name: 'prod/db' }))).to.deep.equal([]);
  });
});
