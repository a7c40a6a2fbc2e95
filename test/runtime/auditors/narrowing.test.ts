import { expect } from 'chai';
import { DENY_ALL_TRUST } from '../../../src/runtime/types/iam_role/auditor';
import { awsError } from '../../helpers/aws';
import {
  ACCOUNT,
  BUCKET,
  BUCKET_ARN,
  KEY_ID,
  KNOWN,
  OWNER_GRANT,
  QUEUE_ARN,
  QUEUE_URL,
  ROLE_NAME,
  audit,
  compliantBucketPolicy,
  iamRoleWorld,
  keyAdminStatement,
  kmsWorld,
  lambdaPermission,
  lambdaWorld,
  policy,
  resource,
  s3World,
  sqsWorld,
} from '../../helpers/resources';

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;

describe('auditors: narrowing fixes', () => {
  describe('sqs', () => {
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

  describe('s3_bucket', () => {
    const bucket = resource('s3_bucket', BUCKET);
    const mixed = {
      Sid: 'ReadForPartnerAndEveryone',
      Effect: 'Allow',
      Principal: { AWS: ['*', KNOWN_ROOT] },
      Action: 's3:GetObject',
      Resource: `${BUCKET_ARN}/*`,
    };

    it('takes the wildcard out of a mixed statement and keeps the partner and the other statements', async () => {
      const original = policy(...compliantBucketPolicy().Statement, mixed);
      const { findings, aws } = await audit(s3World({ policy: original, grants: [OWNER_GRANT] }), bucket, {
        remediate: { 's3_bucket.public': true },
      });
      expect(aws.writes().map((c) => c.operation)).to.deep.equal(['PutBucketPolicy']);
      const [input] = aws.inputs('S3.PutBucketPolicy');
      expect(input).to.deep.include({ Bucket: BUCKET, ExpectedBucketOwner: ACCOUNT });
      expect(JSON.parse(input.Policy)).to.deep.equal(
        policy(...compliantBucketPolicy().Statement, { ...mixed, Principal: { AWS: KNOWN_ROOT } }),
      );
      const finding = findings.find((f) => f.check === 's3_bucket.public')!;
      expect(finding.message).to.match(
        /^Bucket is public: policy statement "ReadForPartnerAndEveryone" \(Principal "\*" lets in anyone/,
      );
      expect(finding.before).to.deep.equal({ policy: JSON.stringify(original) });
    });

    it("keeps AWS's own policy delegating the bucket to access points of its account", async () => {
      const delegation = {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
      };
      const original = policy(...compliantBucketPolicy().Statement, delegation);
      const { findings, aws } = await audit(s3World({ policy: original, grants: [OWNER_GRANT] }), bucket, {
        remediate: true,
      });
      expect(findings.filter((f) => f.check === 's3_bucket.public')).to.deep.equal([]);
      expect(aws.writes()).to.deep.equal([]);
    });
  });

  describe('iam_role', () => {
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
  });

  describe('kms_key', () => {
    const key = resource('kms_key', KEY_ID);

    it('re-points only the wildcard of a mixed statement; the named account keeps its grant', async () => {
      const mixed = {
        Sid: 'UseKey',
        Effect: 'Allow',
        Principal: { AWS: [KNOWN_ROOT, '*'] },
        Action: ['kms:Decrypt', 'kms:Encrypt'],
        Resource: '*',
      };
      const { aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), mixed) }), key, {
        remediate: true,
      });
      expect(aws.writes().map((c) => c.operation)).to.deep.equal(['PutKeyPolicy']);
      const [input] = aws.inputs('KMS.PutKeyPolicy');
      expect(input).to.deep.include({ KeyId: KEY_ID, PolicyName: 'default' });
      expect(JSON.parse(input.Policy)).to.deep.equal(
        policy(keyAdminStatement(), {
          ...mixed,
          Principal: { AWS: [KNOWN_ROOT, `arn:aws:iam::${ACCOUNT}:root`] },
        }),
      );
    });
  });

  describe('lambda_function', () => {
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
});
