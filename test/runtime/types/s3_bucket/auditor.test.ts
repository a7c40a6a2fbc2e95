import { expect } from 'chai';
import { encryptedUploadsStatement, tlsOnlyStatement } from '../../../../src/runtime/types/s3_bucket/auditor';
import { awsError } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  policy,
  publicStatement,
  resource,
  STRANGER,
} from '../../../helpers/resources';
import {
  ALL_USERS_READ,
  AUTHENTICATED_USERS_WRITE,
  BUCKET,
  BUCKET_ARN,
  compliantBucketPolicy,
  encryptionStatement,
  LOG_DELIVERY_GRANT,
  OWNER,
  OWNER_GRANT,
  s3World,
  tlsStatement,
} from './fixtures';

const bucket = resource('s3_bucket', BUCKET);
const byCheck = <T extends { check: string }>(findings: readonly T[]) =>
  Object.fromEntries(findings.map((f) => [f.check, f]));

describe('auditor: s3_bucket', () => {
  it('passes a private bucket whose policy denies plain HTTP and unencrypted uploads and has the tags', async () => {
    const { findings, aws } = await audit(
      s3World({
        grants: [OWNER_GRANT, LOG_DELIVERY_GRANT],
        policy: compliantBucketPolicy(),
        tags: { owner: 'data' },
      }),
      bucket,
      { requiredTags: ['owner'] },
    );
    expect(findings).to.deep.equal([]);
    expect(
      aws
        .calls()
        .map((c) => c.operation)
        .sort(),
    ).to.deep.equal(['GetBucketAcl', 'GetBucketPolicy', 'GetBucketTagging']);
    expect(aws.inputs('S3.GetBucketAcl')).to.deep.equal([{ Bucket: BUCKET, ExpectedBucketOwner: ACCOUNT }]);
  });

  it('accepts a Null-condition encryption deny and a TLS deny written with "*" actions', async () => {
    const sse = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/*`,
      Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
    };
    const tls = { ...tlsStatement(), Action: '*', Condition: { Bool: { 'aws:SecureTransport': false } } };
    const { findings } = await audit(s3World({ policy: policy(tls, sse) }), bucket);
    expect(findings).to.deep.equal([]);
  });

  it('reports public ACL grants and public statements, and the missing denies, with no policy at all', async () => {
    const { findings } = await audit(
      s3World({ grants: [OWNER_GRANT, ALL_USERS_READ, AUTHENTICATED_USERS_WRITE] }),
      bucket,
      {
        requiredTags: ['owner', 'cost-center'],
      },
    );
    const found = byCheck(findings);
    expect(Object.keys(found)).to.deep.equal([
      's3_bucket.public',
      's3_bucket.no_tls_enforcement',
      's3_bucket.no_encryption_enforcement',
      's3_bucket.missing_tags',
    ]);
    expect(found['s3_bucket.public']!.message).to.equal(
      'Bucket is public: its ACL grants AllUsers READ, AuthenticatedUsers WRITE.',
    );
    expect(found['s3_bucket.public']!.severity).to.equal('critical');
    expect(found['s3_bucket.missing_tags']!.message).to.equal(
      'Bucket lacks the required tags owner, cost-center.',
    );
    expect(found['s3_bucket.missing_tags']!.remediation.status).to.equal('not_available');
  });

  it('does not report missing tags when no tags are required', async () => {
    const { findings } = await audit(s3World({ policy: compliantBucketPolicy() }), bucket);
    expect(findings).to.deep.equal([]);
  });

  it('removes only the public ACL grants, keeping the owner and log-delivery grants', async () => {
    const grants = [OWNER_GRANT, ALL_USERS_READ, LOG_DELIVERY_GRANT];
    const { findings, aws } = await audit(s3World({ grants, policy: compliantBucketPolicy() }), bucket, {
      remediate: { 's3_bucket.public': true },
    });
    expect(aws.writes().map((c) => c.operation)).to.deep.equal(['PutBucketAcl']);
    expect(aws.inputs('S3.PutBucketAcl')).to.deep.equal([
      {
        Bucket: BUCKET,
        ExpectedBucketOwner: ACCOUNT,
        AccessControlPolicy: { Owner: OWNER, Grants: [OWNER_GRANT, LOG_DELIVERY_GRANT] },
      },
    ]);
    expect(findings[0]!.before).to.deep.equal({ acl: { Owner: OWNER, Grants: grants } });
  });

  it('removes public statements and adds both denies to the existing policy, one step after another', async () => {
    const partner = accountStatement('Partner', 's3:GetObject', KNOWN, `${BUCKET_ARN}/*`);
    const open = publicStatement('PublicRead', 's3:GetObject', `${BUCKET_ARN}/*`);
    const original = policy(partner, open);
    const { findings, aws } = await audit(s3World({ policy: original }), bucket, {
      remediate: { s3_bucket: true },
    });

    const puts = aws.inputs('S3.PutBucketPolicy').map((i) => ({ ...i, Policy: JSON.parse(i.Policy) }));
    expect(puts).to.deep.equal([
      { Bucket: BUCKET, ExpectedBucketOwner: ACCOUNT, Policy: policy(partner) },
      { Bucket: BUCKET, ExpectedBucketOwner: ACCOUNT, Policy: policy(partner, tlsOnlyStatement(BUCKET_ARN)) },
      {
        Bucket: BUCKET,
        ExpectedBucketOwner: ACCOUNT,
        Policy: policy(partner, tlsOnlyStatement(BUCKET_ARN), encryptedUploadsStatement(BUCKET_ARN)),
      },
    ]);
    const found = byCheck(findings);
    expect(found['s3_bucket.public']!.before).to.deep.equal({ policy: JSON.stringify(original) });
    expect(found['s3_bucket.no_tls_enforcement']!.before).to.deep.equal({
      policy: JSON.stringify(policy(partner)),
    });
    expect(Object.values(found).map((f) => f.remediation.status)).to.deep.equal([
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('writes the added statements exactly: deny s3:* without TLS, deny PutObject without an encryption header', () => {
    expect(tlsOnlyStatement(BUCKET_ARN)).to.deep.equal({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(encryptedUploadsStatement(BUCKET_ARN)).to.deep.equal({
      Sid: 'DenyUnencryptedObjectUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/*`,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'] },
      },
    });
  });

  it('creates a policy for a bucket without one, with a fresh Sid when the usual one is taken', async () => {
    const taken = { ...accountStatement('DenyInsecureTransport', 's3:GetObject'), Effect: 'Allow' };
    const { aws, findings } = await audit(s3World({ policy: policy(taken, encryptionStatement()) }), bucket, {
      remediate: { 's3_bucket.no_tls_enforcement': true },
    });
    const [put] = aws.inputs('S3.PutBucketPolicy');
    expect(JSON.parse(put.Policy).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal([
      'DenyInsecureTransport',
      'EnforceSse',
      'DenyInsecureTransport2',
    ]);
    expect(byCheck(findings)['s3_bucket.no_tls_enforcement']!.remediation.status).to.equal('applied');

    const fresh = await audit(s3World(), bucket, { remediate: { 's3_bucket.no_tls_enforcement': true } });
    const [created] = fresh.aws.inputs('S3.PutBucketPolicy');
    expect(JSON.parse(created.Policy)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [tlsOnlyStatement(BUCKET_ARN)],
    });
    expect(byCheck(fresh.findings)['s3_bucket.no_tls_enforcement']!.before).to.deep.equal({ policy: null });
  });

  it('deletes the policy when its only statements were public', async () => {
    const original = policy(publicStatement('PublicRead', 's3:GetObject', `${BUCKET_ARN}/*`));
    const { aws } = await audit(s3World({ policy: original }), bucket, {
      remediate: { 's3_bucket.public': true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteBucketPolicy', { Bucket: BUCKET, ExpectedBucketOwner: ACCOUNT }],
    ]);
  });

  it('keeps the replaced ACL in the failed finding when the policy part of the fix fails', async () => {
    const world = s3World({
      grants: [OWNER_GRANT, ALL_USERS_READ],
      policy: policy(accountStatement('Partner', 's3:GetObject'), publicStatement('Open', 's3:GetObject')),
    });
    world['S3.PutBucketPolicy'] = () => {
      throw awsError('AccessDenied', 'Access Denied', 403);
    };
    const { findings } = await audit(world, bucket, { remediate: { 's3_bucket.public': true } });
    expect(findings[0]!.remediation).to.deep.include({ status: 'failed' });
    expect(findings[0]!.before).to.deep.equal({
      acl: { Owner: OWNER, Grants: [OWNER_GRANT, ALL_USERS_READ] },
    });
  });

  it('does not fix a policy that changed since it was read, and fails the record to audit it again', async () => {
    const world = s3World({ policy: policy(publicStatement('Open', 's3:GetObject')) });
    let reads = 0;
    const read = world['S3.GetBucketPolicy'] as () => { Policy: string };
    world['S3.GetBucketPolicy'] = () => {
      reads += 1;
      // The owner narrows the policy between the audit and the fix.
      return reads === 1
        ? read()
        : { Policy: JSON.stringify(policy(accountStatement('Partner', 's3:GetObject'))) };
    };
    let caught: unknown;
    const run = audit(world, bucket, { remediate: true });
    await run.catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
  });

  it('yields nothing for a bucket that no longer exists', async () => {
    const world = s3World();
    world['S3.GetBucketAcl'] = () => {
      throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    };
    const { findings } = await audit(world, bucket);
    expect(findings).to.deep.equal([]);
  });
});

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;

describe('auditor: s3_bucket, narrowing fixes', () => {
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

describe('auditor: s3_bucket.shared_unknown_account', () => {
  const partners = {
    Sid: 'Partners',
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:root`] },
    Action: 's3:GetObject',
    Resource: `${BUCKET_ARN}/*`,
  };

  it('reports the unknown account, and passes once settings name it', async () => {
    const original = policy(...compliantBucketPolicy().Statement, partners);
    const reported = await audit(s3World({ policy: original }), bucket, { remediate: true });
    expect(reported.findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['s3_bucket.shared_unknown_account', 'dry_run'],
    ]);
    expect(reported.findings[0]!.message).to.equal(
      `Bucket policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}.`,
    );
    expect(reported.aws.writes()).to.deep.equal([]);
    const named = await audit(s3World({ policy: original }), bucket, {
      accounts: [ACCOUNT, KNOWN, STRANGER],
    });
    expect(named.findings).to.deep.equal([]);
  });

  it('narrows the statement, then the next fix adds to what it left', async () => {
    const { findings, aws } = await audit(s3World({ policy: policy(partners) }), bucket, {
      remediate: { 's3_bucket.shared_unknown_account': true, 's3_bucket.no_tls_enforcement': true },
    });
    const narrowed = { ...partners, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } };
    const written = aws.inputs('S3.PutBucketPolicy').map((i) => JSON.parse(i.Policy));
    expect(written[0]).to.deep.equal(policy(narrowed));
    expect(written[1].Statement.slice(0, 1)).to.deep.equal([narrowed]);
    expect(written[1].Statement).to.have.length(2);
    const shared = findings.find((f) => f.check === 's3_bucket.shared_unknown_account')!;
    expect(shared.remediation.status).to.equal('applied');
    expect(shared.before).to.deep.equal({ policy: JSON.stringify(policy(partners)) });
    expect(shared.after).to.deep.equal({ policy: JSON.stringify(policy(narrowed)) });
  });

  it("does not count AWS's own accounts as unknown: a load balancer's log delivery keeps its grant", async () => {
    // eu-west-1's Elastic Load Balancing account, as the ELB guide's bucket policy names it.
    const elbLogs = {
      Sid: 'ElbLogs',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::156460612806:root' },
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/AWSLogs/*`,
    };
    const { findings, aws } = await audit(
      s3World({ policy: policy(...compliantBucketPolicy().Statement, elbLogs) }),
      bucket,
      { remediate: { 's3_bucket.shared_unknown_account': true } },
    );
    expect(findings).to.deep.equal([]);
    expect(aws.writes()).to.deep.equal([]);
  });
});
