import { expect } from 'chai';
import { DENY_ALL_TRUST } from '../../../src/runtime/types/iam_role/auditor';
import { awsError } from '../../helpers/aws';
import {
  ACCOUNT,
  FUNCTION_ARN,
  FUNCTION_NAME,
  KEY_ID,
  KNOWN,
  MANAGEMENT,
  ORG_ID,
  ROLE_NAME,
  STRANGER,
  audit,
  iamRoleWorld,
  keyAdminStatement,
  kmsWorld,
  lambdaPermission,
  lambdaWorld,
  organizationWorld,
  policy,
  publicStatement,
  resource,
} from '../../helpers/resources';

describe('auditor: lambda_function', () => {
  const fn = resource('lambda_function', FUNCTION_NAME);
  const fromBucket = lambdaPermission(
    's3-invoke',
    { Service: 's3.amazonaws.com' },
    {
      StringEquals: { 'AWS:SourceAccount': ACCOUNT },
      ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::acme-uploads' },
    },
  );
  const publicUrl = {
    ...lambdaPermission('FunctionURLAllowPublicAccess', '*', {
      StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' },
    }),
    Action: 'lambda:InvokeFunctionUrl',
  };

  it('passes a function without a policy, or whose permissions name services pinned to its account', async () => {
    for (const p of [
      undefined,
      policy(fromBucket),
      policy(lambdaPermission('partner', { AWS: `arn:aws:iam::${KNOWN}:root` })),
    ]) {
      const { findings, aws } = await audit(lambdaWorld({ policy: p }), fn);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('Lambda.ListTags')).to.deep.equal([{ Resource: FUNCTION_ARN }]);
      // The code is never downloaded: GetFunction is not called.
      expect(aws.calls('Lambda.GetFunction')).to.deep.equal([]);
    }
  });

  it('reports a public function URL and an invoke permission for anyone', async () => {
    const { findings } = await audit(
      lambdaWorld({ policy: policy(fromBucket, publicUrl, lambdaPermission('anyone', '*')) }),
      fn,
    );
    expect(findings).to.have.length(1);
    expect(findings[0]!.message).to.match(
      /^Function permissions "FunctionURLAllowPublicAccess", "anyone" are public: "FunctionURLAllowPublicAccess": Principal "\*" lets in anyone, even without credentials; StringEquals lambda:FunctionUrlAuthType "NONE" does not pin the caller/,
    );
  });

  it('removes each public permission by its statement id, and only those', async () => {
    const original = policy(fromBucket, publicUrl, lambdaPermission('anyone', '*'));
    const { findings, aws } = await audit(lambdaWorld({ policy: original }), fn, {
      remediate: { lambda_function: true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'RemovePermission',
        {
          FunctionName: FUNCTION_NAME,
          StatementId: 'FunctionURLAllowPublicAccess',
          RevisionId: 'rev-function',
        },
      ],
      ['RemovePermission', { FunctionName: FUNCTION_NAME, StatementId: 'anyone' }],
    ]);
    expect(findings[0]!.before).to.deep.equal({ $function: { Policy: JSON.stringify(original) } });
  });

  it("finds a public function URL on an alias and removes it there, with the alias's revision", async () => {
    const { findings, aws } = await audit(
      lambdaWorld({ policy: policy(fromBucket), aliases: { live: policy(publicUrl), beta: undefined } }),
      fn,
      { remediate: true },
    );
    expect(findings[0]!.message).to.match(
      /^Function permission "FunctionURLAllowPublicAccess" on alias live is public: Principal "\*" lets in anyone/,
    );
    expect(aws.inputs('Lambda.GetPolicy')).to.deep.equal([
      { FunctionName: FUNCTION_NAME },
      { FunctionName: FUNCTION_NAME, Qualifier: 'live' },
      { FunctionName: FUNCTION_NAME, Qualifier: 'beta' },
    ]);
    expect(aws.inputs('Lambda.RemovePermission')).to.deep.equal([
      {
        FunctionName: FUNCTION_NAME,
        StatementId: 'FunctionURLAllowPublicAccess',
        Qualifier: 'live',
        RevisionId: 'rev-live',
      },
    ]);
    expect(findings[0]!.before).to.deep.equal({
      $function: { Policy: JSON.stringify(policy(fromBucket)) },
      live: { Policy: JSON.stringify(policy(publicUrl)) },
    });
  });

  it('fails the record, writing nothing else, when the policy changed since it was read', async () => {
    const world = lambdaWorld({ policy: policy(lambdaPermission('anyone', '*')) });
    world['Lambda.RemovePermission'] = () => {
      throw awsError(
        'PreconditionFailedException',
        'The RevisionId provided does not match the latest RevisionId',
        412,
      );
    };
    let caught: unknown;
    await audit(world, fn, { remediate: true }).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
  });

  it('yields nothing for a function that no longer exists', async () => {
    expect((await audit(lambdaWorld({ exists: false }), fn)).findings).to.deep.equal([]);
  });
});

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
    // S3 Block Public Access call a grant to a fixed organization non-public), so the trust is not public.
    const elsewhere = await audit(iamRoleWorld({ trust: policy(orgPinned) }), role);
    expect(elsewhere.findings).to.deep.equal([]);
    const crossAccount = {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${STRANGER}:root` },
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

describe('auditor: kms_key', () => {
  const key = resource('kms_key', KEY_ID);
  const root = `arn:aws:iam::${ACCOUNT}:root`;

  it('passes the default key policy and grants pinned to the account through kms:CallerAccount', async () => {
    const viaService = publicStatement('ViaS3', ['kms:Decrypt', 'kms:GenerateDataKey'], '*', {
      Condition: {
        StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      },
    });
    const { findings, aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), viaService) }), key);
    expect(findings).to.deep.equal([]);
    expect(aws.inputs('KMS.GetKeyPolicy')).to.deep.equal([{ KeyId: KEY_ID, PolicyName: 'default' }]);
  });

  it('re-points public statements to the account root, keeping actions, conditions and other statements', async () => {
    const everyone = publicStatement('Everyone', 'kms:Decrypt', '*', {
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    });
    const notPrincipal = {
      Sid: 'AllButOne',
      Effect: 'Allow',
      NotPrincipal: { AWS: root },
      Action: 'kms:Encrypt',
      Resource: '*',
    };
    const original = policy(keyAdminStatement(), everyone, notPrincipal);
    const { findings, aws } = await audit(kmsWorld({ policy: original }), key, {
      remediate: { kms_key: true },
    });
    const [input] = aws.inputs('KMS.PutKeyPolicy');
    expect(input.KeyId).to.equal(KEY_ID);
    expect(input.PolicyName).to.equal('default');
    expect(JSON.parse(input.Policy)).to.deep.equal(
      policy(
        keyAdminStatement(),
        { ...everyone, Principal: { AWS: root } },
        { Sid: 'AllButOne', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Principal: { AWS: root } },
      ),
    );
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.message).to.match(
      /^Key policy statements "Everyone", "AllButOne" are public: "Everyone": Principal "\*" lets in anyone/,
    );
  });

  it('replaces only the wildcard of a principal map, so a named service keeps its grant', async () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: '*', Service: 'logs.eu-west-1.amazonaws.com' },
      Action: 'kms:Encrypt',
      Resource: '*',
    };
    const { aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), mixed) }), key, {
      remediate: true,
    });
    const written = JSON.parse(aws.inputs('KMS.PutKeyPolicy')[0].Policy);
    expect(written.Statement[1].Principal).to.deep.equal({
      AWS: root,
      Service: 'logs.eu-west-1.amazonaws.com',
    });
  });

  it('skips AWS-managed keys, whose policy cannot be changed, and keys that no longer exist', async () => {
    const open = policy(publicStatement('Everyone', 'kms:*'));
    const managed = await audit(kmsWorld({ policy: open, manager: 'AWS' }), key);
    expect(managed.findings).to.deep.equal([]);
    expect(managed.aws.calls('KMS.GetKeyPolicy')).to.deep.equal([]);
    expect((await audit(kmsWorld({ exists: false }), key)).findings).to.deep.equal([]);
  });

  it('honours an exception by key id', async () => {
    const { findings, aws } = await audit(
      kmsWorld({ policy: policy(publicStatement('Everyone', 'kms:*')) }),
      key,
      {
        remediate: true,
        exceptions: { resources: { kms_key: [KEY_ID] } },
      },
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: `re-point 1 public statement to the account root (${root}), keep the rest`,
      status: 'excepted',
      reason: `excepted: exceptions.resources.kms_key lists "${KEY_ID}"`,
    });
    expect(aws.writes()).to.deep.equal([]);
  });
});
