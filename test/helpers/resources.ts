/**
 * Factories for the resources the auditors read, as {@link World}s of SDK responses shaped like the
 * real APIs' (field names and nesting as the SDK returns them).
 */
import type { CheckId } from '../../src/runtime/contracts/checks';
import type { ResourceMessage, ResourceType } from '../../src/runtime/contracts/message';
import {
  type RemediationSettings,
  type ResolvedSettings,
  validateSettings,
} from '../../src/runtime/contracts/settings';
import { Remediator } from '../../src/runtime/remediator/remediator';
import { FakeAws, awsError, watched, type World } from './aws';

/** The audited resources' account. */
export const ACCOUNT = '111111111111';
/** Another account named in settings. */
export const KNOWN = '222222222222';
/** An account nobody knows. */
export const STRANGER = '999999999999';
export const REGION = 'eu-west-1';

export function resource(
  type: ResourceType,
  id: string,
  overrides: Partial<ResourceMessage> = {},
): ResourceMessage {
  return { account: ACCOUNT, region: REGION, type, id, delay: 0, ...overrides };
}

export function settingsWith(overrides: Partial<RemediationSettings> = {}): ResolvedSettings {
  return validateSettings({ regions: [REGION], accounts: [ACCOUNT, KNOWN], ...overrides });
}

/**
 * Audits one resource against a fake AWS answering from `world`, with settings built from
 * `overrides`, through the same {@link Remediator} the Lambda uses.
 */
export async function audit(
  world: World,
  target: ResourceMessage,
  overrides: Partial<RemediationSettings> = {},
) {
  const settings = settingsWith(overrides);
  const aws = new FakeAws(world);
  watched.push({ aws, settings });
  const remediator = new Remediator({ settings, clients: aws });
  const report = await remediator.audit(target);
  return { aws, settings, findings: report.findings, report };
}

// Policy documents -------------------------------------------------------------------------------

export function policy(...statements: object[]) {
  return { Version: '2012-10-17', Id: 'fixture', Statement: statements };
}

/** A statement letting anyone call `action` on `resource`. */
export function publicStatement(sid: string, action: string | string[], res = '*', extra: object = {}) {
  return { Sid: sid, Effect: 'Allow', Principal: '*', Action: action, Resource: res, ...extra };
}

/** A statement letting a known account call `action`. */
export function accountStatement(sid: string, action: string, account = KNOWN, res = '*') {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: action,
    Resource: res,
  };
}

// SQS ---------------------------------------------------------------------------------------------

export const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;

export function sqsWorld(options: { policy?: object; tags?: Record<string, string> } = {}): World {
  // Stateful like SQS: SetQueueAttributes changes what GetQueueAttributes returns next.
  let policyText = options.policy ? JSON.stringify(options.policy) : '';
  return {
    'SQS.GetQueueAttributes': () => ({ Attributes: policyText ? { Policy: policyText } : {} }),
    'SQS.ListQueueTags': options.tags ? { Tags: options.tags } : {},
    'SQS.SetQueueAttributes': (input: { Attributes: { Policy?: string } }) => {
      if (input.Attributes.Policy !== undefined) policyText = input.Attributes.Policy;
      return {};
    },
  };
}

// S3 ----------------------------------------------------------------------------------------------

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

// EC2 images and snapshots -----------------------------------------------------------------------

export const IMAGE_ID = 'ami-0abcdef1234567890';
export const SNAPSHOT_ID = 'snap-0123456789abcdef0';

const ec2Tags = (tags: Record<string, string> = {}) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function amiWorld(
  options: { permissions?: object[]; owner?: string; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'EC2.DescribeImages': () => {
      if (options.exists === false)
        throw awsError('InvalidAMIID.NotFound', `The image id '[${IMAGE_ID}]' does not exist`);
      return {
        Images: [
          {
            ImageId: IMAGE_ID,
            OwnerId: options.owner ?? ACCOUNT,
            Public: (options.permissions ?? []).some((p) => (p as { Group?: string }).Group === 'all'),
            State: 'available',
            Name: 'golden-image',
            Tags: ec2Tags(options.tags),
          },
        ],
      };
    },
    'EC2.DescribeImageAttribute': { ImageId: IMAGE_ID, LaunchPermissions: options.permissions ?? [] },
    'EC2.ModifyImageAttribute': {},
  };
}

export function ebsSnapshotWorld(
  options: { permissions?: object[]; owner?: string; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'EC2.DescribeSnapshots': () => {
      if (options.exists === false) {
        throw awsError('InvalidSnapshot.NotFound', `The snapshot '${SNAPSHOT_ID}' does not exist.`);
      }
      return {
        Snapshots: [
          {
            SnapshotId: SNAPSHOT_ID,
            OwnerId: options.owner ?? ACCOUNT,
            State: 'completed',
            VolumeSize: 8,
            Encrypted: false,
            Tags: ec2Tags(options.tags),
          },
        ],
      };
    },
    'EC2.DescribeSnapshotAttribute': {
      SnapshotId: SNAPSHOT_ID,
      CreateVolumePermissions: options.permissions ?? [],
    },
    'EC2.ModifySnapshotAttribute': {},
  };
}

// RDS snapshots -----------------------------------------------------------------------------------

export const DB_SNAPSHOT = 'orders-db-2026-11-01';

export function rdsSnapshotWorld(
  options: { restore?: string[]; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'RDS.DescribeDBSnapshots': () => {
      if (options.exists === false) {
        throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${DB_SNAPSHOT} not found.`, 404);
      }
      return {
        DBSnapshots: [
          {
            DBSnapshotIdentifier: DB_SNAPSHOT,
            DBInstanceIdentifier: 'orders-db',
            SnapshotType: 'manual',
            Status: 'available',
            TagList: ec2Tags(options.tags),
          },
        ],
      };
    },
    'RDS.DescribeDBSnapshotAttributes': {
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: DB_SNAPSHOT,
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: options.restore ?? [] }],
      },
    },
    'RDS.ModifyDBSnapshotAttribute': {},
  };
}

// Lambda ------------------------------------------------------------------------------------------

export const FUNCTION_NAME = 'thumbnailer';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`;

/** A permission as AddPermission writes it into the function policy. */
export function lambdaPermission(sid: string, principal: unknown, condition?: object) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    ...(condition ? { Condition: condition } : {}),
  };
}

export function lambdaWorld(
  options: {
    policy?: object;
    aliases?: Record<string, object | undefined>;
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  const notFound = () => awsError('ResourceNotFoundException', `Function not found: ${FUNCTION_ARN}`, 404);
  const aliases = options.aliases ?? {};
  return {
    'Lambda.GetFunctionConfiguration': () => {
      if (options.exists === false) throw notFound();
      return { FunctionName: FUNCTION_NAME, FunctionArn: FUNCTION_ARN, Runtime: 'nodejs22.x' };
    },
    'Lambda.ListAliases': {
      Aliases: Object.keys(aliases).map((Name) => ({
        Name,
        AliasArn: `${FUNCTION_ARN}:${Name}`,
        FunctionVersion: '3',
      })),
    },
    'Lambda.GetPolicy': (input: { Qualifier?: string }) => {
      const policyOfScope = input.Qualifier ? aliases[input.Qualifier] : options.policy;
      if (!policyOfScope) {
        throw awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      }
      return { Policy: JSON.stringify(policyOfScope), RevisionId: `rev-${input.Qualifier ?? 'function'}` };
    },
    'Lambda.ListTags': { Tags: options.tags ?? {} },
    'Lambda.RemovePermission': {},
  };
}

// IAM roles ---------------------------------------------------------------------------------------

export const ROLE_NAME = 'deployer';

export function iamRoleWorld(
  options: { trust?: object; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  let trustText = JSON.stringify(options.trust ?? policy());
  return {
    'IAM.GetRole': () => {
      if (options.exists === false)
        throw awsError('NoSuchEntityException', `The role with name ${ROLE_NAME} cannot be found.`, 404);
      return {
        Role: {
          Path: '/',
          RoleName: ROLE_NAME,
          RoleId: 'AROAEXAMPLEID',
          Arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`,
          CreateDate: new Date('2026-01-01T00:00:00Z'),
          // IAM returns policy documents URL-encoded.
          AssumeRolePolicyDocument: encodeURIComponent(trustText),
          Tags: ec2Tags(options.tags),
        },
      };
    },
    'IAM.UpdateAssumeRolePolicy': (input: { PolicyDocument: string }) => {
      trustText = input.PolicyDocument;
      return {};
    },
  };
}

// KMS ---------------------------------------------------------------------------------------------

export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

export function kmsWorld(
  options: {
    policy?: object;
    manager?: 'CUSTOMER' | 'AWS';
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  let policyText = JSON.stringify(options.policy ?? policy());
  return {
    'KMS.DescribeKey': () => {
      if (options.exists === false) throw awsError('NotFoundException', `Key '${KEY_ID}' does not exist`);
      return {
        KeyMetadata: {
          KeyId: KEY_ID,
          Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`,
          KeyManager: options.manager ?? 'CUSTOMER',
          KeyState: 'Enabled',
          Enabled: true,
        },
      };
    },
    'KMS.GetKeyPolicy': () => ({ Policy: policyText, PolicyName: 'default' }),
    'KMS.ListResourceTags': {
      Tags: Object.entries(options.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      Truncated: false,
    },
    'KMS.PutKeyPolicy': (input: { Policy: string }) => {
      policyText = input.Policy;
      return {};
    },
  };
}

export function keyAdminStatement() {
  return {
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

// Every auditor, non-compliant on every check it can fix or report --------------------------------

export interface Scenario {
  readonly resource: ResourceMessage;
  readonly world: () => World;
  /** Settings the scenario needs (e.g. required tags). */
  readonly settings?: Partial<RemediationSettings>;
  /** Checks the scenario fails. */
  readonly failing: readonly CheckId[];
}

/** One scenario per audited type that fails all of the type's checks at once. */
export const NONCOMPLIANT: Readonly<Partial<Record<ResourceType, Scenario>>> = {
  sqs: {
    resource: resource('sqs', QUEUE_URL),
    world: () => sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) }),
    failing: ['sqs.public'],
  },
  s3_bucket: {
    resource: resource('s3_bucket', BUCKET),
    world: () =>
      s3World({
        grants: [OWNER_GRANT, ALL_USERS_READ],
        policy: policy(publicStatement('PublicRead', 's3:GetObject', `${BUCKET_ARN}/*`)),
        tags: { team: 'reports' },
      }),
    settings: { requiredTags: ['owner'] },
    failing: [
      's3_bucket.public',
      's3_bucket.no_tls_enforcement',
      's3_bucket.no_encryption_enforcement',
      's3_bucket.missing_tags',
    ],
  },
  ami: {
    resource: resource('ami', IMAGE_ID),
    world: () => amiWorld({ permissions: [{ Group: 'all' }, { UserId: STRANGER }, { UserId: KNOWN }] }),
    failing: ['ami.public', 'ami.shared_unknown_account'],
  },
  ebs_snapshot: {
    resource: resource('ebs_snapshot', SNAPSHOT_ID),
    world: () => ebsSnapshotWorld({ permissions: [{ Group: 'all' }, { UserId: STRANGER }] }),
    failing: ['ebs_snapshot.public', 'ebs_snapshot.shared_unknown_account'],
  },
  rds_snapshot: {
    resource: resource('rds_snapshot', DB_SNAPSHOT),
    world: () => rdsSnapshotWorld({ restore: ['all', STRANGER, KNOWN] }),
    failing: ['rds_snapshot.public', 'rds_snapshot.shared_unknown_account'],
  },
  lambda_function: {
    resource: resource('lambda_function', FUNCTION_NAME),
    world: () => lambdaWorld({ policy: policy(lambdaPermission('public-invoke', '*')) }),
    failing: ['lambda_function.public'],
  },
  iam_role: {
    resource: resource('iam_role', ROLE_NAME),
    world: () =>
      iamRoleWorld({ trust: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }),
    failing: ['iam_role.public_trust'],
  },
  kms_key: {
    resource: resource('kms_key', KEY_ID),
    world: () =>
      kmsWorld({ policy: policy(keyAdminStatement(), publicStatement('Everyone', 'kms:Decrypt')) }),
    failing: ['kms_key.public_policy'],
  },
};

// Organizations --------------------------------------------------------------------------------

export const MANAGEMENT = '333333333333';
export const ORG_MEMBER = '444444444444';
export const ORG_ID = 'o-a1b2c3d4e5';

/**
 * An organization as its management account answers: ListAccounts in two pages (the second with a
 * suspended member) and DescribeOrganization.
 */
export function organizationWorld(): World {
  return {
    'Organizations.ListAccounts': (input: { NextToken?: string }) =>
      input.NextToken
        ? { Accounts: [{ Id: ORG_MEMBER, Status: 'SUSPENDED' }] }
        : { Accounts: [{ Id: MANAGEMENT, Status: 'ACTIVE' }], NextToken: 'page-2' },
    'Organizations.DescribeOrganization': {
      Organization: {
        Id: ORG_ID,
        Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
        MasterAccountId: MANAGEMENT,
        FeatureSet: 'ALL',
      },
    },
  };
}
