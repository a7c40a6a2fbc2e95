/** S3 buckets (id: the bucket name): ACL grants, a bucket policy and tags, stateful like S3. */
import {
  accountStatement,
  KNOWN,
  STRANGER,
  policy,
  publicStatement,
  resource,
  type Scenario,
} from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import type { ListingFixture } from '../../../helpers/listing';

export const BUCKET = 'acme-reports';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const OWNER = {
  ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  DisplayName: 'acme',
};
export const OWNER_GRANT = {
  Grantee: { Type: 'CanonicalUser', ID: OWNER.ID, DisplayName: 'acme' },
  Permission: 'FULL_CONTROL',
};
export const LOG_DELIVERY_GRANT = {
  Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
  Permission: 'WRITE',
};
export const ALL_USERS_READ = {
  Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
  Permission: 'READ',
};
export const AUTHENTICATED_USERS_WRITE = {
  Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' },
  Permission: 'WRITE',
};

export function tlsStatement() {
  return {
    Sid: 'EnforceTls',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export function encryptionStatement() {
  return {
    Sid: 'EnforceSse',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${BUCKET_ARN}/*`,
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  };
}

export function s3World(
  options: { grants?: object[]; policy?: object; tags?: Record<string, string> } = {},
): World {
  // Stateful like S3: the writes change what the reads return next.
  let grants = options.grants ?? [OWNER_GRANT];
  let policyText = options.policy ? JSON.stringify(options.policy) : undefined;
  return {
    'S3.GetBucketAcl': () => ({ Owner: OWNER, Grants: grants }),
    'S3.GetBucketPolicy': () => {
      if (!policyText) throw awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return { Policy: policyText };
    },
    'S3.GetBucketTagging': () => {
      if (!options.tags) throw awsError('NoSuchTagSet', 'The TagSet does not exist', 404);
      return { TagSet: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
    'S3.PutBucketAcl': (input: { AccessControlPolicy: { Grants: object[] } }) => {
      grants = input.AccessControlPolicy.Grants;
      return {};
    },
    'S3.PutBucketPolicy': (input: { Policy: string }) => {
      policyText = input.Policy;
      return {};
    },
    'S3.DeleteBucketPolicy': () => {
      policyText = undefined;
      return {};
    },
  };
}

/** A bucket that passes every S3 check. */
export function compliantBucketPolicy() {
  return policy(
    accountStatement('ReadForAnalytics', 's3:GetObject', KNOWN, `${BUCKET_ARN}/*`),
    tlsStatement(),
    encryptionStatement(),
  );
}

export const noncompliant: Scenario = {
  resource: resource('s3_bucket', BUCKET),
  world: () =>
    s3World({
      grants: [OWNER_GRANT, ALL_USERS_READ],
      policy: policy(
        publicStatement('PublicRead', 's3:GetObject', `${BUCKET_ARN}/*`),
        accountStatement('Stranger', 's3:GetObject', STRANGER, `${BUCKET_ARN}/*`),
      ),
      tags: { team: 'reports' },
    }),
  settings: { requiredTags: ['owner'] },
  failing: [
    's3_bucket.public',
    's3_bucket.shared_unknown_account',
    's3_bucket.no_tls_enforcement',
    's3_bucket.no_encryption_enforcement',
    's3_bucket.missing_tags',
  ],
};

export const listing: ListingFixture = {
  typical: { s3_bucket: [0, 15] },
  responders: (estate) => ({
    'S3.ListBuckets': estate.list(
      's3_bucket',
      'Buckets',
      { input: 'ContinuationToken', output: 'ContinuationToken' },
      (Name) => ({
        Name,
        CreationDate: new Date('2026-01-01T00:00:00Z'),
      }),
    ),
  }),
};
