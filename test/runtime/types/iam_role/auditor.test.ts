import { expect } from 'chai';
import { DENY_ALL_TRUST } from '../../../../src/runtime/types/iam_role/auditor';
import {
  ACCOUNT,
  audit,
  KNOWN,
  MANAGEMENT,
  ORG_ID,
  organizationWorld,
  policy,
  resource,
  STRANGER,
} from '../../../helpers/resources';
import { iamRoleWorld, ROLE_NAME } from './fixtures';

describe('auditor: iam_role', () => {
  const role = resource('iam_role', ROLE_NAME);
  const ec2Trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
  const anyone = { Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' };

  it('passes a trust naming a service, an account, or anyone of a configured organization', async () => {
    const orgPinned = { ...anyone, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } } };
    const inOrganization = await audit(
      { ...iamRoleWorld({ trust: policy(orgPinned) }), ...organizationWorld() },
      role,
      {
        organizationAccounts: [MANAGEMENT],
      },
    );
    expect(inOrganization.findings).to.deep.equal([]);
    // Another organization is a fixed value: its members are not "anyone" (IAM Access Analyzer and
    // S3 Block Public Access call a grant to a fixed organization non-public), so the trust is not
    // public; but that organization is not a configured one.
    const elsewhere = await audit(iamRoleWorld({ trust: policy(orgPinned) }), role);
    expect(elsewhere.findings.map((f) => f.check)).to.deep.equal(['iam_role.trusts_unknown_account']);
    const crossAccount = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${KNOWN}:root` },
      Action: 'sts:AssumeRole',
    };
    for (const trust of [policy(ec2Trust), policy(crossAccount)]) {
      const { findings, aws } = await audit(iamRoleWorld({ trust }), role);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('IAM.GetRole')).to.deep.equal([{ RoleName: ROLE_NAME }]);
    }
  });

  it('reads the URL-encoded trust and removes only the public statement', async () => {
    const trust = policy(ec2Trust, anyone);
    const { findings, aws } = await audit(iamRoleWorld({ trust }), role, {
      remediate: { 'iam_role.public_trust': true },
    });
    expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
      ['iam_role.public_trust', 'critical', 'applied'],
    ]);
    const [input] = aws.inputs('IAM.UpdateAssumeRolePolicy');
    expect(input.RoleName).to.equal(ROLE_NAME);
    expect(JSON.parse(input.PolicyDocument)).to.deep.equal(policy(ec2Trust));
    expect(findings[0]!.before).to.deep.equal({ AssumeRolePolicyDocument: JSON.stringify(trust) });
  });

  it('flags and removes a GitHub Actions trust that any repository can use', async () => {
    const github = {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    };
    const { findings, aws } = await audit(iamRoleWorld({ trust: policy(ec2Trust, github) }), role, {
      remediate: true,
    });
    expect(findings.map((f) => f.message)).to.deep.equal([
      `Trust policy statement #2 is public: Federated arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com lets in anyone with a GitHub Actions token (token.actions.githubusercontent.com); StringEquals token.actions.githubusercontent.com:aud "sts.amazonaws.com" does not say whose token it is: any GitHub Actions token can carry that aud.`,
    ]);
    expect(JSON.parse(aws.inputs('IAM.UpdateAssumeRolePolicy')[0].PolicyDocument)).to.deep.equal(
      policy(ec2Trust),
    );
  });

  it('replaces a trust left empty with one that denies everyone', async () => {
    const { findings, aws } = await audit(iamRoleWorld({ trust: policy(anyone) }), role, { remediate: true });
    expect(JSON.parse(aws.inputs('IAM.UpdateAssumeRolePolicy')[0].PolicyDocument)).to.deep.equal(
      DENY_ALL_TRUST,
    );
    expect(findings[0]!.remediation.action).to.match(/denies everyone/);
  });

  it('yields nothing for a role that no longer exists', async () => {
    expect((await audit(iamRoleWorld({ exists: false }), role)).findings).to.deep.equal([]);
  });
});

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;

describe('auditor: iam_role, narrowing fixes', () => {
  const role = resource('iam_role', ROLE_NAME);

  it('takes an unpinned provider out of a trust that also names an admin role', async () => {
    const statement = {
      Sid: 'AdminAndCi',
      Effect: 'Allow',
      Principal: { AWS: ADMIN, Federated: GITHUB },
      Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
    };
    const trust = policy(statement);
    const { findings, aws } = await audit(iamRoleWorld({ trust }), role, { remediate: true });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'UpdateAssumeRolePolicy',
        {
          RoleName: ROLE_NAME,
          PolicyDocument: JSON.stringify(policy({ ...statement, Principal: { AWS: ADMIN } })),
        },
      ],
    ]);
    expect(findings[0]!.before).to.deep.equal({ AssumeRolePolicyDocument: JSON.stringify(trust) });
  });

  it('removes a statement left with no legitimate principal, and denies everyone when nothing is left', async () => {
    const subjectWildcard = {
      Effect: 'Allow',
      Principal: { Federated: GITHUB },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme*' } },
    };
    const { findings, aws } = await audit(iamRoleWorld({ trust: policy(subjectWildcard) }), role, {
      remediate: true,
    });
    expect(JSON.parse(aws.inputs('IAM.UpdateAssumeRolePolicy')[0].PolicyDocument)).to.deep.equal(
      DENY_ALL_TRUST,
    );
    expect(findings[0]!.message).to.match(/"repo:acme\*" does not pin the caller/);
  });

  it('asks Access Analyzer about the role trust as AWS::IAM::AssumeRolePolicyDocument', async () => {
    const statement = { Effect: 'Allow', Principal: { AWS: [ADMIN, '*'] }, Action: 'sts:AssumeRole' };
    let call = 0;
    const world = {
      ...iamRoleWorld({ trust: policy(statement) }),
      'AccessAnalyzer.CheckNoPublicAccess': () => ({ result: (call += 1) === 1 ? 'FAIL' : 'PASS' }),
    };
    const { aws } = await audit(world, role, { remediate: true, confirmWithAccessAnalyzer: true });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess').map((i) => i.resourceType)).to.deep.equal([
      'AWS::IAM::AssumeRolePolicyDocument',
      'AWS::IAM::AssumeRolePolicyDocument',
    ]);
    expect(JSON.parse(aws.inputs('IAM.UpdateAssumeRolePolicy')[0].PolicyDocument)).to.deep.equal(
      policy({ ...statement, Principal: { AWS: ADMIN } }),
    );
  });

  describe('iam_role.trusts_unknown_account', () => {
    const trust = (...accounts: string[]) => ({
      Sid: 'CrossAccount',
      Effect: 'Allow',
      Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
      Action: 'sts:AssumeRole',
    });

    it('reports an account outside the known ones that may assume the role', async () => {
      const { findings, aws } = await audit(iamRoleWorld({ trust: policy(trust(KNOWN, STRANGER)) }), role, {
        remediate: true,
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['iam_role.trusts_unknown_account', 'dry_run'],
      ]);
      expect(findings[0]!.message).to.equal(
        `Trust policy grants an account outside the known accounts and organizations: statement "CrossAccount" grants account ${STRANGER}.`,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('takes the account out when named in remediate, and denies everyone when nothing is left', async () => {
      const narrowed = await audit(iamRoleWorld({ trust: policy(trust(KNOWN, STRANGER)) }), role, {
        remediate: { 'iam_role.trusts_unknown_account': true },
      });
      expect(narrowed.aws.inputs('IAM.UpdateAssumeRolePolicy')).to.deep.equal([
        {
          RoleName: ROLE_NAME,
          PolicyDocument: JSON.stringify(
            policy({ ...trust(KNOWN), Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } }),
          ),
        },
      ]);
      const emptied = await audit(iamRoleWorld({ trust: policy(trust(STRANGER)) }), role, {
        remediate: { 'iam_role.trusts_unknown_account': true },
      });
      expect(emptied.aws.inputs('IAM.UpdateAssumeRolePolicy')).to.deep.equal([
        { RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(DENY_ALL_TRUST) },
      ]);
      expect(emptied.findings[0]!.remediation.action).to.equal(
        `replace the trust policy, which grants only account ${STRANGER}, with one that denies everyone`,
      );
    });
  });
});
