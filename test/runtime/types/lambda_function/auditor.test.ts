import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { awsError, FakeAws } from '../../../helpers/aws';
import { ACCOUNT, audit, KNOWN, policy, resource, settingsWith, STRANGER } from '../../../helpers/resources';
import { FUNCTION_ARN, FUNCTION_NAME, lambdaPermission, lambdaWorld } from './fixtures';

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

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;

describe('auditor: lambda_function, narrowing fixes', () => {
  it('asks Access Analyzer about each policy it changes, then removes the public permission', async () => {
    const fn = resource('lambda_function', 'thumbnailer');
    const fromPartner = lambdaPermission('partner', { AWS: KNOWN_ROOT });
    const anyone = lambdaPermission('anyone', '*');
    let call = 0;
    const world = {
      ...lambdaWorld({ policy: policy(fromPartner, anyone) }),
      'AccessAnalyzer.CheckNoPublicAccess': () => ({ result: (call += 1) === 1 ? 'FAIL' : 'PASS' }),
    };
    const { aws } = await audit(world, fn, { remediate: true, confirmWithAccessAnalyzer: true });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([
      {
        policyDocument: JSON.stringify(policy(fromPartner, anyone)),
        resourceType: 'AWS::Lambda::Function',
      },
      { policyDocument: JSON.stringify(policy(fromPartner)), resourceType: 'AWS::Lambda::Function' },
    ]);
    expect(aws.inputs('Lambda.RemovePermission').map((i) => i.StatementId)).to.deep.equal(['anyone']);
  });
});

describe('auditor: lambda_function.shared_unknown_account', () => {
  const fn = resource('lambda_function', FUNCTION_NAME);
  const partner = lambdaPermission('partner-invoke', { AWS: `arn:aws:iam::${KNOWN}:root` });
  const stranger = lambdaPermission('stranger-invoke', { AWS: `arn:aws:iam::${STRANGER}:root` });
  const orgWide = lambdaPermission('org-invoke', '*', {
    StringEquals: { 'aws:PrincipalOrgID': 'o-stranger123' },
  });

  it('reports permissions granting unknown accounts or organizations, on the function and its aliases', async () => {
    const { findings, aws } = await audit(
      lambdaWorld({ policy: policy(partner, stranger), aliases: { live: policy(orgWide) } }),
      fn,
      { remediate: true },
    );
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['lambda_function.shared_unknown_account', 'dry_run'],
    ]);
    expect(findings[0]!.message).to.equal(
      `Function permissions "stranger-invoke" (account ${STRANGER}), "org-invoke" on alias live (organization o-stranger123) are granted outside the known accounts and organizations.`,
    );
    expect(aws.writes()).to.deep.equal([]);
  });

  it('removes exactly those permissions when named in remediate, after the public fix', async () => {
    const open = lambdaPermission('public-invoke', '*');
    const { findings, aws } = await audit(lambdaWorld({ policy: policy(open, partner, stranger) }), fn, {
      remediate: { lambda_function: true, 'lambda_function.shared_unknown_account': true },
    });
    expect(aws.inputs('Lambda.RemovePermission')).to.deep.equal([
      { FunctionName: FUNCTION_NAME, StatementId: 'public-invoke', RevisionId: 'rev-function' },
      // The public fix made a new revision: the second fix reads it again and insists on that one.
      { FunctionName: FUNCTION_NAME, StatementId: 'stranger-invoke', RevisionId: 'rev-function-1' },
    ]);
    const shared = findings.find((f) => f.check === 'lambda_function.shared_unknown_account')!;
    expect(shared.remediation.status).to.equal('applied');
    expect(shared.before).to.deep.equal({ $function: { Policy: JSON.stringify(policy(partner, stranger)) } });
    expect(shared.after).to.deep.equal({ $function: { Policy: JSON.stringify(policy(partner)) } });
  });

  it('does not remove anything when the policy changed since the audit', async () => {
    const world = lambdaWorld({ policy: policy(partner, stranger) });
    let reads = 0;
    const read = world['Lambda.GetPolicy'] as (input: object) => unknown;
    world['Lambda.GetPolicy'] = (input: object) => {
      reads += 1;
      return reads === 1
        ? read(input)
        : { Policy: JSON.stringify(policy(stranger)), RevisionId: 'rev-other' };
    };
    const aws = new FakeAws(world);
    const settings = settingsWith({ remediate: { 'lambda_function.shared_unknown_account': true } });
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(fn).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });
});
