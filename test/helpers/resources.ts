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
  const remediator = new Remediator({ settings, clients: aws, now: () => NOW });
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

// Posture: EC2 instances, security groups, IAM users, RDS, Redshift, load balancers, ECS, regions --

export const INSTANCE_ID = 'i-0123456789abcdef0';
export const GROUP_ID = 'sg-0123456789abcdef0';
export const USER_NAME = 'alice';
export const DB_INSTANCE = 'orders-db';
export const CLUSTER_ID = 'analytics';
export const LB_NAME = 'web-classic';
export const NOW = new Date('2026-11-22T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600_000);

export function ec2World(
  options: {
    httpTokens?: 'optional' | 'required';
    tags?: Record<string, string>;
    state?: string;
    publicIp?: string;
    elasticIp?: boolean;
    /** The address AWS gives the instance once its Elastic IP is gone (none by default). */
    addressAfterDisassociation?: string;
    exists?: boolean;
  } = {},
): World {
  // Stateful like EC2: disassociating the Elastic IP changes the instance's public address.
  let publicIp = options.publicIp;
  return {
    'EC2.DescribeInstances': () => {
      if (options.exists === false)
        throw awsError('InvalidInstanceID.NotFound', `The instance ID '${INSTANCE_ID}' does not exist`);
      return {
        Reservations: [
          {
            ReservationId: 'r-1',
            Instances: [
              {
                InstanceId: INSTANCE_ID,
                State: { Code: 16, Name: options.state ?? 'running' },
                MetadataOptions: {
                  State: 'applied',
                  HttpEndpoint: 'enabled',
                  HttpTokens: options.httpTokens ?? 'required',
                },
                ...(publicIp ? { PublicIpAddress: publicIp } : {}),
                Tags: ec2Tags(options.tags),
              },
            ],
          },
        ],
      };
    },
    'EC2.DescribeAddresses': {
      Addresses: options.elasticIp
        ? [
            {
              PublicIp: options.publicIp,
              AllocationId: 'eipalloc-1',
              AssociationId: 'eipassoc-1',
              InstanceId: INSTANCE_ID,
            },
          ]
        : [],
    },
    'EC2.ModifyInstanceMetadataOptions': {},
    'EC2.StopInstances': { StoppingInstances: [{ InstanceId: INSTANCE_ID }] },
    'EC2.DisassociateAddress': () => {
      publicIp = options.addressAfterDisassociation;
      return {};
    },
  };
}

export function securityGroupWorld(options: { permissions?: object[]; exists?: boolean } = {}): World {
  return {
    'EC2.DescribeSecurityGroups': () => {
      if (options.exists === false)
        throw awsError('InvalidGroup.NotFound', `The security group '${GROUP_ID}' does not exist`);
      return {
        SecurityGroups: [
          {
            GroupId: GROUP_ID,
            GroupName: 'web',
            OwnerId: ACCOUNT,
            IpPermissions: options.permissions ?? [],
            Tags: [],
          },
        ],
      };
    },
    'EC2.RevokeSecurityGroupIngress': { Return: true },
  };
}

export const SSH_FROM_ANYWHERE = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }, { CidrIp: '10.0.0.0/8' }],
  Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  UserIdGroupPairs: [],
  PrefixListIds: [],
};
export const HTTPS_FROM_OFFICE = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '203.0.113.0/24' }],
  Ipv6Ranges: [],
  UserIdGroupPairs: [],
  PrefixListIds: [],
};

export function iamUserWorld(
  options: {
    profileAgeDays?: number;
    mfa?: boolean;
    passwordLastUsedDaysAgo?: number;
    keys?: { id: string; status?: string; createdDaysAgo: number; lastUsedDaysAgo?: number }[];
    exists?: boolean;
  } = {},
): World {
  return {
    'IAM.GetUser': () => {
      if (options.exists === false)
        throw awsError('NoSuchEntityException', `The user with name ${USER_NAME} cannot be found.`, 404);
      return {
        User: {
          UserName: USER_NAME,
          UserId: 'AIDAEXAMPLE',
          Arn: `arn:aws:iam::${ACCOUNT}:user/${USER_NAME}`,
          CreateDate: daysAgo(400),
          ...(options.passwordLastUsedDaysAgo === undefined
            ? {}
            : { PasswordLastUsed: daysAgo(options.passwordLastUsedDaysAgo) }),
          Tags: [],
        },
      };
    },
    'IAM.GetLoginProfile': () => {
      if (options.profileAgeDays === undefined)
        throw awsError('NoSuchEntityException', `Login Profile for User ${USER_NAME} cannot be found.`, 404);
      return {
        LoginProfile: {
          UserName: USER_NAME,
          CreateDate: daysAgo(options.profileAgeDays),
          PasswordResetRequired: false,
        },
      };
    },
    'IAM.ListMFADevices': {
      MFADevices: options.mfa
        ? [
            {
              UserName: USER_NAME,
              SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
              EnableDate: daysAgo(30),
            },
          ]
        : [],
    },
    'IAM.ListAccessKeys': {
      AccessKeyMetadata: (options.keys ?? []).map((k) => ({
        UserName: USER_NAME,
        AccessKeyId: k.id,
        Status: k.status ?? 'Active',
        CreateDate: daysAgo(k.createdDaysAgo),
      })),
    },
    'IAM.GetAccessKeyLastUsed': (input: { AccessKeyId: string }) => {
      const key = (options.keys ?? []).find((k) => k.id === input.AccessKeyId);
      return {
        UserName: USER_NAME,
        AccessKeyLastUsed: {
          ...(key?.lastUsedDaysAgo === undefined ? {} : { LastUsedDate: daysAgo(key.lastUsedDaysAgo) }),
          ServiceName: key?.lastUsedDaysAgo === undefined ? 'N/A' : 's3',
          Region: key?.lastUsedDaysAgo === undefined ? 'N/A' : 'eu-west-1',
        },
      };
    },
    'IAM.DeleteLoginProfile': {},
    'IAM.UpdateAccessKey': {},
  };
}

export function rdsWorld(
  options: {
    status?: string;
    encrypted?: boolean;
    public?: boolean;
    cluster?: string;
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  return {
    'RDS.DescribeDBInstances': () => {
      if (options.exists === false)
        throw awsError('DBInstanceNotFoundFault', `DBInstance ${DB_INSTANCE} not found.`, 404);
      return {
        DBInstances: [
          {
            DBInstanceIdentifier: DB_INSTANCE,
            DBInstanceStatus: options.status ?? 'available',
            Engine: 'postgres',
            StorageEncrypted: options.encrypted ?? true,
            PubliclyAccessible: options.public ?? false,
            Endpoint: { Address: `${DB_INSTANCE}.abc.eu-west-1.rds.amazonaws.com`, Port: 5432 },
            ...(options.cluster ? { DBClusterIdentifier: options.cluster } : {}),
            TagList: ec2Tags(options.tags),
          },
        ],
      };
    },
    'RDS.StopDBInstance': {},
    'RDS.StopDBCluster': {},
    'RDS.ModifyDBInstance': {},
  };
}

export function redshiftWorld(
  options: {
    status?: string;
    encrypted?: boolean;
    public?: boolean;
    requireSsl?: string;
    applyStatus?: string;
    tags?: Record<string, string>;
  } = {},
): World {
  return {
    'Redshift.DescribeClusters': {
      Clusters: [
        {
          ClusterIdentifier: CLUSTER_ID,
          ClusterStatus: options.status ?? 'available',
          Encrypted: options.encrypted ?? true,
          PubliclyAccessible: options.public ?? false,
          ClusterParameterGroups: [
            { ParameterGroupName: 'secure', ParameterApplyStatus: options.applyStatus ?? 'in-sync' },
          ],
          Tags: ec2Tags(options.tags),
        },
      ],
    },
    'Redshift.DescribeClusterParameters': {
      Parameters: [
        { ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' },
        { ParameterName: 'require_ssl', ParameterValue: options.requireSsl ?? 'true' },
      ],
    },
    'Redshift.ModifyCluster': { Cluster: { ClusterIdentifier: CLUSTER_ID } },
  };
}

export function elbWorld(
  options: {
    scheme?: string;
    instances?: string[];
    tags?: Record<string, string>;
    instanceTags?: Record<string, Record<string, string>>;
  } = {},
): World {
  return {
    'Elastic Load Balancing.DescribeLoadBalancers': {
      LoadBalancerDescriptions: [
        {
          LoadBalancerName: LB_NAME,
          Scheme: options.scheme ?? 'internal',
          Instances: (options.instances ?? []).map((InstanceId) => ({ InstanceId })),
        },
      ],
    },
    'Elastic Load Balancing.DescribeTags': {
      TagDescriptions: [{ LoadBalancerName: LB_NAME, Tags: ec2Tags(options.tags) }],
    },
    'EC2.DescribeInstances': (input: { Filters?: { Values: string[] }[] }) => ({
      Reservations: [
        {
          Instances: (input.Filters?.[0]?.Values ?? []).map((InstanceId) => ({
            InstanceId,
            Tags: ec2Tags(options.instanceTags?.[InstanceId]),
          })),
        },
      ],
    }),
    'Elastic Load Balancing.DeregisterInstancesFromLoadBalancer': { Instances: [] },
  };
}

export const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067`;

export function elbv2World(
  options: { scheme?: string; targets?: string[]; targetType?: string } = {},
): World {
  return {
    'Elastic Load Balancing v2.DescribeTargetGroups': {
      TargetGroups: [
        { TargetGroupArn: TG_ARN, TargetType: options.targetType ?? 'instance', LoadBalancerArns: [LB_ARN] },
      ],
    },
    'Elastic Load Balancing v2.DescribeLoadBalancers': {
      LoadBalancers: [
        { LoadBalancerArn: LB_ARN, LoadBalancerName: 'web', Scheme: options.scheme ?? 'internal' },
      ],
    },
    'Elastic Load Balancing v2.DescribeTags': { TagDescriptions: [{ ResourceArn: LB_ARN, Tags: [] }] },
    'Elastic Load Balancing v2.DescribeTargetHealth': {
      TargetHealthDescriptions: (options.targets ?? []).map((Id) => ({
        Target: { Id, Port: 80 },
        TargetHealth: { State: 'healthy' },
      })),
    },
    'Elastic Load Balancing v2.DeregisterTargets': {},
  };
}

export const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`;
export const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0123456789abcdef0123456789abcdef`;
const VPC_CONFIG = { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'] };

export function ecsWorld(
  options: {
    assignPublicIp?: 'ENABLED' | 'DISABLED';
    taskPublicIp?: string;
    lastStatus?: string;
    /** The task's group: `service:<name>` for a service's task (the default), `family:<name>` when standalone. */
    group?: string;
  } = {},
): World {
  return {
    'ECS.DescribeServices': {
      services: [
        {
          serviceArn: SERVICE_ARN,
          serviceName: 'web',
          status: 'ACTIVE',
          networkConfiguration: {
            awsvpcConfiguration: { ...VPC_CONFIG, assignPublicIp: options.assignPublicIp ?? 'DISABLED' },
          },
          tags: [{ key: 'team', value: 'web' }],
        },
      ],
      failures: [],
    },
    'ECS.UpdateService': { service: { serviceArn: SERVICE_ARN } },
    'ECS.DescribeTasks': {
      tasks: [
        {
          taskArn: TASK_ARN,
          group: options.group ?? 'service:web',
          lastStatus: options.lastStatus ?? 'RUNNING',
          desiredStatus: 'RUNNING',
          attachments: [
            {
              type: 'ElasticNetworkInterface',
              status: 'ATTACHED',
              details: [{ name: 'networkInterfaceId', value: 'eni-1' }],
            },
          ],
          tags: [],
        },
      ],
      failures: [],
    },
    'EC2.DescribeNetworkInterfaces': {
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-1',
          ...(options.taskPublicIp ? { Association: { PublicIp: options.taskPublicIp } } : {}),
        },
      ],
    },
    'ECS.StopTask': { task: { taskArn: TASK_ARN } },
  };
}

export function regionWorld(
  options: {
    guardDuty?: 'none' | 'disabled' | 'enabled';
    admin?: string;
    recording?: boolean;
    channels?: boolean;
    trail?: 'none' | 'other-region' | 'multi-region' | 'stopped' | 'organization';
    vpcs?: string[];
    flowLogs?: string[];
    rootMfa?: boolean;
    passwordLength?: number;
  } = {},
): World {
  const gd = options.guardDuty ?? 'enabled';
  const trail = options.trail ?? 'multi-region';
  return {
    'GuardDuty.ListDetectors': { DetectorIds: gd === 'none' ? [] : ['det-1'] },
    'GuardDuty.GetDetector': { Status: gd === 'enabled' ? 'ENABLED' : 'DISABLED', ServiceRole: 'x' },
    'GuardDuty.GetAdministratorAccount': options.admin
      ? { Administrator: { AccountId: options.admin, InvitationId: 'i', RelationshipStatus: 'Enabled' } }
      : {},
    'Config Service.DescribeConfigurationRecorderStatus': {
      ConfigurationRecordersStatus: [
        { name: 'default', recording: options.recording ?? true, lastStatus: 'SUCCESS' },
      ],
    },
    'Config Service.DescribeDeliveryChannels': {
      DeliveryChannels: options.channels === false ? [] : [{ name: 'default', s3BucketName: 'config' }],
    },
    'CloudTrail.DescribeTrails': {
      trailList:
        trail === 'none'
          ? []
          : [
              {
                Name: 'org',
                // An organization trail is the management account's.
                TrailARN: `arn:aws:cloudtrail:us-east-1:${trail === 'organization' ? '333333333333' : ACCOUNT}:trail/org`,
                HomeRegion: 'us-east-1',
                IsMultiRegionTrail: trail !== 'other-region',
                IsOrganizationTrail: trail === 'organization',
              },
            ],
    },
    'CloudTrail.GetTrailStatus': () => {
      if (trail === 'organization')
        throw awsError('TrailNotFoundException', 'Unknown trail for this account.');
      return { IsLogging: trail !== 'stopped' };
    },
    'EC2.DescribeVpcs': {
      Vpcs: [
        ...(options.vpcs ?? ['vpc-1']).map((VpcId) => ({ VpcId, OwnerId: ACCOUNT })),
        // Shared into the account through AWS RAM: its owner keeps its flow logs.
        { VpcId: 'vpc-shared', OwnerId: '999999999999' },
      ],
    },
    'EC2.DescribeFlowLogs': {
      FlowLogs: (options.flowLogs ?? options.vpcs ?? ['vpc-1']).map((ResourceId) => ({
        ResourceId,
        FlowLogStatus: 'ACTIVE',
      })),
    },
    'IAM.GetAccountSummary': {
      SummaryMap: { AccountMFAEnabled: options.rootMfa === false ? 0 : 1, Users: 3 },
    },
    'IAM.GetAccountPasswordPolicy': () => {
      if (options.passwordLength === 0)
        throw awsError(
          'NoSuchEntityException',
          'The Password Policy with domain name 111111111111 cannot be found.',
          404,
        );
      return {
        PasswordPolicy: { MinimumPasswordLength: options.passwordLength ?? 14, RequireSymbols: true },
      };
    },
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
  ec2: {
    resource: resource('ec2', INSTANCE_ID),
    world: () => ec2World({ httpTokens: 'optional', publicIp: '198.51.100.7', elasticIp: true }),
    settings: { requiredTags: ['owner'], devAccounts: [ACCOUNT] },
    failing: ['ec2.imdsv1_allowed', 'ec2.missing_tags', 'ec2.public_in_dev_account'],
  },
  security_group: {
    resource: resource('security_group', GROUP_ID),
    world: () => securityGroupWorld({ permissions: [SSH_FROM_ANYWHERE, HTTPS_FROM_OFFICE] }),
    failing: ['security_group.public_ingress'],
  },
  iam_user: {
    resource: resource('iam_user', USER_NAME),
    world: () =>
      iamUserWorld({
        profileAgeDays: 200,
        passwordLastUsedDaysAgo: 150,
        keys: [{ id: 'AKIAOLD', createdDaysAgo: 300, lastUsedDaysAgo: 120 }],
      }),
    failing: ['iam_user.password_without_mfa', 'iam_user.inactive_password', 'iam_user.stale_access_key'],
  },
  rds: {
    resource: resource('rds', DB_INSTANCE),
    world: () => rdsWorld({ encrypted: false, public: true }),
    settings: { requiredTags: ['owner'] },
    failing: ['rds.unencrypted', 'rds.public', 'rds.missing_tags'],
  },
  redshift: {
    resource: resource('redshift', CLUSTER_ID),
    world: () => redshiftWorld({ encrypted: false, public: true, requireSsl: 'false' }),
    settings: { requiredTags: ['owner'] },
    failing: [
      'redshift.unencrypted',
      'redshift.public',
      'redshift.tls_not_required',
      'redshift.missing_tags',
    ],
  },
  elb: {
    resource: resource('elb', LB_NAME),
    world: () =>
      elbWorld({
        scheme: 'internet-facing',
        instances: ['i-1', 'i-2'],
        tags: { team: 'web' },
        instanceTags: { 'i-1': { owner: 'bob' } },
      }),
    settings: { requiredTags: ['owner'], devAccounts: [ACCOUNT] },
    failing: ['elb.missing_tags', 'elb.instance_tag_mismatch', 'elb.public_dev_instance'],
  },
  elbv2: {
    resource: resource('elbv2', LB_ARN),
    world: () => elbv2World({ scheme: 'internet-facing', targets: ['i-1', 'i-2'] }),
    settings: { devAccounts: [ACCOUNT] },
    failing: ['elbv2.public_dev_instance'],
  },
  ecs_service: {
    resource: resource('ecs_service', SERVICE_ARN),
    world: () => ecsWorld({ assignPublicIp: 'ENABLED' }),
    failing: ['ecs_service.public_ip'],
  },
  ecs_task: {
    resource: resource('ecs_task', TASK_ARN),
    world: () => ecsWorld({ taskPublicIp: '198.51.100.9' }),
    failing: ['ecs_task.public_ip'],
  },
  region: {
    resource: resource('region', ''),
    world: () =>
      regionWorld({
        guardDuty: 'enabled',
        admin: '555555555555',
        recording: false,
        trail: 'stopped',
        vpcs: ['vpc-1'],
        flowLogs: [],
        rootMfa: false,
        passwordLength: 8,
      }),
    settings: { guardDutyAdminAccount: '444444444444' },
    failing: [
      'region.guardduty_enabled',
      'region.config_enabled',
      'region.cloudtrail_enabled',
      'region.vpc_flow_logs',
      'region.root_mfa',
      'region.password_policy',
    ],
  },
};
