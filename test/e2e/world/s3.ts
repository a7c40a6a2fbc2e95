import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  type Grant,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { ACCOUNTS, type Accounts, HOME, REGIONS, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectExactly,
  expectPolicy,
  narrowedTo,
  parse,
  policy,
  root,
} from './model';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

interface BucketState {
  readonly grants: string[];
  readonly policy: PolicyDocument | null;
}

const grantText = (g: Grant) =>
  `${g.Grantee?.Type}:${g.Grantee?.URI ?? g.Grantee?.ID ?? g.Grantee?.EmailAddress}:${g.Permission}`;

/** The statements the suite's buckets legitimately carry: a known account reads, CloudTrail of the own account writes. */
function legitimateBucketStatements(account: string, bucket: string): Statement[] {
  return [
    {
      Sid: 'KnownAccountReads',
      Effect: 'Allow',
      Principal: { AWS: root(otherAccount(account)) },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
    },
    {
      Sid: 'CloudTrailWrites',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/*`,
      Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${HOME}:${account}:trail/main` } },
    },
  ];
}

/** The deny statements the TLS and encryption fixes add, as the package documents them. */
export function enforcementStatements(bucket: string): Statement[] {
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyUnencryptedObjectUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'] },
      },
    },
  ];
}

const publicBucketStatement = (bucket: string): Statement => ({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${bucket}/*`,
});

async function seedBucket(
  accounts: Accounts,
  account: string,
  region: string,
  bucket: string,
  options: { statements: Statement[]; publicGrants: string[]; tags?: { Key: string; Value: string }[] },
): Promise<() => Promise<BucketState>> {
  const s3 = accounts.client(S3Client, account, region);
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
      // ACLs are disabled by default on new buckets: these ones use them. (AWS also blocks public
      // ACLs and policies on new buckets until their public access block is removed; moto does not.)
      ObjectOwnership: 'ObjectWriter',
    }),
  );
  const { Owner, Grants = [] } = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
  const extra: Grant[] = [
    { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' },
    { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ_ACP' },
    ...options.publicGrants.map((URI): Grant => ({ Grantee: { Type: 'Group', URI }, Permission: 'READ' })),
  ];
  await s3.send(
    new PutBucketAclCommand({
      Bucket: bucket,
      AccessControlPolicy: { Owner, Grants: [...Grants, ...extra] },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy(...options.statements)) }),
  );
  if (options.tags)
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: options.tags } }));
  return async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    const text = await s3
      .send(new GetBucketPolicyCommand({ Bucket: bucket }))
      .then((r) => r.Policy)
      .catch((error: { name?: string }) => {
        if (error.name === 'NoSuchBucketPolicy') return undefined;
        throw error;
      });
    return { grants: (acl.Grants ?? []).map(grantText).sort(), policy: parse(text) };
  };
}

async function buckets(accounts: Accounts, account: string): Promise<Resource[]> {
  const out: Resource[] = [];
  const message = (id: string): Message => ({ account, region: HOME, type: 's3_bucket', id, delay: 0 });
  // Public by ACL and policy, in the second region (a bucket lives in one region, its messages say the home one).
  const publicBucket = `e2e-public-${account}`;
  const legit = legitimateBucketStatements(account, publicBucket);
  const readPublic = await seedBucket(accounts, account, REGIONS[1], publicBucket, {
    statements: [legit[0]!, publicBucketStatement(publicBucket), legit[1]!],
    publicGrants: [ALL_USERS, AUTHENTICATED_USERS],
  });
  out.push({
    label: `s3_bucket public ${publicBucket}`,
    message: message(publicBucket),
    seeded: true,
    excepted: false,
    findings: [
      { check: 's3_bucket.public', fixable: true },
      { check: 's3_bucket.no_tls_enforcement', fixable: true },
      { check: 's3_bucket.no_encryption_enforcement', fixable: true },
    ],
    read: readPublic,
    verifyFixed(state, initial) {
      const { grants, policy: after } = state as BucketState;
      // The AllUsers and AuthenticatedUsers grants go; the owner's and the log delivery's stay.
      expect(grants, `${publicBucket}: ACL`).to.deep.equal(
        (initial as BucketState).grants.filter(
          (g) => !g.includes(ALL_USERS) && !g.includes(AUTHENTICATED_USERS),
        ),
      );
      expect(grants.some((g) => g.includes(LOG_DELIVERY))).to.equal(true);
      // The public statement goes, the legitimate ones stay, the two deny statements are added.
      expectExactly(after, [...legit, ...enforcementStatements(publicBucket)], `bucket ${publicBucket}`);
    },
  });
  // Compliant: legitimate statements and both enforcement statements; a private ACL.
  const okBucket = `e2e-private-${account}`;
  const readOk = await seedBucket(accounts, account, HOME, okBucket, {
    statements: [...legitimateBucketStatements(account, okBucket), ...enforcementStatements(okBucket)],
    publicGrants: [],
  });
  out.push({
    label: `s3_bucket private ${okBucket}`,
    message: message(okBucket),
    seeded: true,
    excepted: false,
    findings: [],
    read: readOk,
  });
  // Excepted: by id in the first account, by tag in the second.
  const exceptedBucket = `e2e-excepted-${account}`;
  const byTag = account !== ACCOUNTS[0];
  const readExcepted = await seedBucket(accounts, account, HOME, exceptedBucket, {
    statements: [publicBucketStatement(exceptedBucket)],
    publicGrants: [ALL_USERS],
    ...(byTag ? { tags: [EXCEPTION_TAG] } : {}),
  });
  out.push({
    label: `s3_bucket excepted by ${byTag ? 'tag' : 'id'} ${exceptedBucket}`,
    message: message(exceptedBucket),
    seeded: true,
    excepted: true,
    findings: [
      { check: 's3_bucket.public', fixable: true },
      { check: 's3_bucket.no_tls_enforcement', fixable: true },
      { check: 's3_bucket.no_encryption_enforcement', fixable: true },
    ],
    read: readExcepted,
  });
  out.push(
    ...(await Promise.all([
      mixedBucket(accounts, account, `e2e-mixed-${account}`),
      accessPointBucket(accounts, account, `e2e-access-points-${account}`),
    ])),
  );
  return out;
}

/**
 * A bucket whose one statement lets a known account and anyone read (its ACL private, TLS and
 * encryption enforced): only the public principal is taken out; the other statements, the two Deny
 * among them, stay as they are.
 */
async function mixedBucket(accounts: Accounts, account: string, bucket: string): Promise<Resource> {
  const known = root(otherAccount(account));
  const mixed: Statement = {
    Sid: 'KnownAccountAndAnyoneRead',
    Effect: 'Allow',
    Principal: { AWS: [known, '*'] },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/*`,
  };
  const [, trail] = legitimateBucketStatements(account, bucket);
  const deny = enforcementStatements(bucket);
  const written = policy(mixed, trail!, ...deny);
  const read = await seedBucket(accounts, account, HOME, bucket, {
    statements: [...written.Statement],
    publicGrants: [],
  });
  return {
    label: `s3_bucket known account and anyone in one statement ${bucket}`,
    message: { account, region: HOME, type: 's3_bucket', id: bucket, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [{ check: 's3_bucket.public', fixable: true, mentions: [`statement "${mixed.Sid}"`] }],
    read,
    verifyFixed(state, initial) {
      const after = state as BucketState;
      expect(after.grants, `${bucket}: ACL`).to.deep.equal((initial as BucketState).grants);
      expectPolicy(
        after.policy,
        policy(narrowedTo(mixed, { AWS: known }), trail!, ...deny),
        `bucket ${bucket}`,
      );
    },
    policy: { of: (state) => (state as BucketState).policy, written, publicStatements: [mixed.Sid!] },
  };
}

/**
 * A bucket that delegates access control to the access points of its own account, as AWS documents
 * it: `{"AWS": "*"}` and every action, with `s3:DataAccessPointAccount` of the account. It looks open,
 * but only the account's access points reach it: no finding, and it stays as written.
 */
async function accessPointBucket(accounts: Accounts, account: string, bucket: string): Promise<Resource> {
  const written = policy(
    {
      Sid: 'DelegateToAccessPoints',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': account } },
    },
    ...enforcementStatements(bucket),
  );
  // In the second region (a bucket lives in one region, its messages say the home one).
  const read = await seedBucket(accounts, account, REGIONS[1], bucket, {
    statements: [...written.Statement],
    publicGrants: [],
  });
  return {
    label: `s3_bucket delegating to its access points ${bucket}`,
    message: { account, region: HOME, type: 's3_bucket', id: bucket, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [],
    read,
    policy: { of: (state) => (state as BucketState).policy, written, publicStatements: [] },
  };
}

/**
 * S3 buckets (global): public by ACL and policy, compliant, excepted by id and by tag; a known account
 * and anyone in one statement (narrowed), and a bucket that looks open but is not public.
 */
export const s3Seeder: Seeder = { global: true, seed: ({ accounts, account }) => buckets(accounts, account) };
