/**
 * One case per fix that can be undone: the finding as the fix recorded it (`before`, `after`), the
 * reads of the resource as the fix left it (`left`) and as someone changed it since (`changed`), and
 * the exact writes the undo sends. The writes are the inverse calls of the fixes' own, as the API
 * references describe them (each case names its call).
 */
import type { World } from '../../helpers/aws';
import { ACCOUNT, KNOWN, REGION, STRANGER } from '../../helpers/resources';

export interface UndoCase {
  readonly check: string;
  readonly id: string;
  readonly before: unknown;
  readonly after: unknown;
  /** Reads answering with the state the fix left. */
  readonly left: World;
  /** Reads answering with a state changed since the fix. */
  readonly changed: World;
  /** What the refusal names (a part of its reason). */
  readonly difference: string;
  /**
   * What the undo does in the changed world: refuses (the default), or writes nothing because the
   * change already gave back what the fix took away.
   */
  readonly whenChanged?: 'refused' | 'already';
  /** `Service.Operation` and input of each write, in order. */
  readonly writes: readonly (readonly [string, object])[];
  /** The API call the writes use. */
  readonly source: string;
}

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const open = (Sid: string, Action: string, Resource = '*') => ({
  Sid,
  Effect: 'Allow',
  Principal: '*',
  Action,
  Resource,
});
const partner = (Sid: string, Action: string, Resource = '*') => ({
  Sid,
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${STRANGER}:root` },
  Action,
  Resource,
});
const QUEUE = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
const QUEUE_BEFORE = policy(open('Open', 'sqs:SendMessage'), partner('Partner', 'sqs:SendMessage'));
const QUEUE_AFTER = policy(partner('Partner', 'sqs:SendMessage'));
const TRUST_BEFORE = policy({
  Sid: 'Anyone',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: 'sts:AssumeRole',
});
const TRUST_AFTER = policy({
  Sid: 'DenyAll',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'sts:AssumeRole',
});
const TRUST_PARTNER = policy({ ...partner('Partner', 'sts:AssumeRole'), Resource: undefined });
const KEY_BEFORE = policy(open('Everyone', 'kms:Decrypt'));
const KEY_AFTER = policy({
  ...open('Everyone', 'kms:Decrypt'),
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
});
const OWNER = { ID: 'owner-canonical-id' };
const OWNER_GRANT = { Grantee: { Type: 'CanonicalUser', ID: OWNER.ID }, Permission: 'FULL_CONTROL' };
const ALL_USERS = {
  Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
  Permission: 'READ',
};
const BUCKET_BEFORE = policy(open('PublicRead', 's3:GetObject', 'arn:aws:s3:::reports/*'));
const TLS = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const FUNCTION_PUBLIC = {
  Sid: 'Anyone',
  Effect: 'Allow',
  Principal: '*',
  Action: 'lambda:InvokeFunction',
  Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:api`,
  Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
};
const FUNCTION_PARTNER = {
  Sid: 'Partner',
  Effect: 'Allow',
  Principal: { AWS: STRANGER },
  Action: 'lambda:InvokeFunction',
  Resource: 'arn:aws:lambda:eu-west-1:111111111111:function:api',
};
const FUNCTION_S3 = {
  Sid: 'FromS3',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:api`,
  Condition: {
    ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::uploads' },
    StringEquals: { 'AWS:SourceAccount': ACCOUNT },
  },
};
const SG_OPEN = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
const SG_OFFICE = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
const TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
const SERVICE = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`;
const VPC = { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' };
const instance = (state: string, metadata = { HttpTokens: 'required', HttpEndpoint: 'enabled' }) => ({
  Reservations: [
    { Instances: [{ InstanceId: 'i-0abc', State: { Name: state }, MetadataOptions: metadata }] },
  ],
});
const database = (over: object) => ({
  DBInstances: [
    { DBInstanceIdentifier: 'orders', DBInstanceStatus: 'available', PubliclyAccessible: false, ...over },
  ],
});

const REPO = { registryId: ACCOUNT, repositoryName: 'team/api' };
const NO_REPO_POLICY = () => {
  throw Object.assign(new Error('none'), { name: 'RepositoryPolicyNotFoundException' });
};

export const UNDO_CASES: readonly UndoCase[] = [
  {
    check: 'sqs.public',
    id: QUEUE,
    before: { Policy: QUEUE_BEFORE },
    after: { Policy: QUEUE_AFTER },
    left: { 'SQS.GetQueueAttributes': { Attributes: { Policy: QUEUE_AFTER } } },
    changed: { 'SQS.GetQueueAttributes': { Attributes: {} } },
    difference: 'Policy',
    writes: [['SQS.SetQueueAttributes', { QueueUrl: QUEUE, Attributes: { Policy: QUEUE_BEFORE } }]],
    source: 'SQS API Reference, SetQueueAttributes: Policy, the queue policy',
  },
  {
    check: 'sqs.shared_unknown_account',
    id: QUEUE,
    before: { Policy: QUEUE_AFTER },
    after: { Policy: '' },
    left: { 'SQS.GetQueueAttributes': { Attributes: {} } },
    changed: { 'SQS.GetQueueAttributes': { Attributes: { Policy: QUEUE_BEFORE } } },
    difference: 'Policy',
    writes: [['SQS.SetQueueAttributes', { QueueUrl: QUEUE, Attributes: { Policy: QUEUE_AFTER } }]],
    source: 'SQS API Reference, SetQueueAttributes: Policy, the queue policy',
  },
  {
    check: 'ecr_repository.public',
    id: 'team/api',
    before: { policyText: QUEUE_BEFORE },
    after: { policyText: QUEUE_AFTER },
    left: { 'ECR.GetRepositoryPolicy': { ...REPO, policyText: QUEUE_AFTER } },
    changed: { 'ECR.GetRepositoryPolicy': NO_REPO_POLICY },
    difference: 'policyText',
    writes: [['ECR.SetRepositoryPolicy', { ...REPO, policyText: QUEUE_BEFORE }]],
    source: 'ECR API Reference, SetRepositoryPolicy: registryId, repositoryName, policyText',
  },
  {
    check: 'ecr_repository.shared_unknown_account',
    id: 'team/api',
    before: { policyText: QUEUE_AFTER },
    after: { policyText: '' },
    left: { 'ECR.GetRepositoryPolicy': NO_REPO_POLICY },
    changed: { 'ECR.GetRepositoryPolicy': { ...REPO, policyText: QUEUE_BEFORE } },
    difference: 'policyText',
    writes: [['ECR.SetRepositoryPolicy', { ...REPO, policyText: QUEUE_AFTER }]],
    source:
      'ECR API Reference, SetRepositoryPolicy (the fix deleted the policy: GetRepositoryPolicy answers RepositoryPolicyNotFoundException)',
  },
  ...(['efs_file_system.public', 'efs_file_system.shared_unknown_account'] as const).map(
    (check): UndoCase => ({
      check,
      id: 'fs-0123456789abcdef0',
      before: { Policy: QUEUE_BEFORE },
      after: { Policy: QUEUE_AFTER },
      left: { 'EFS.DescribeFileSystemPolicy': { FileSystemId: 'fs-0123456789abcdef0', Policy: QUEUE_AFTER } },
      changed: {
        'EFS.DescribeFileSystemPolicy': () => {
          throw Object.assign(new Error('none'), { name: 'PolicyNotFound' });
        },
      },
      difference: 'Policy',
      writes: [
        [
          'EFS.PutFileSystemPolicy',
          {
            FileSystemId: 'fs-0123456789abcdef0',
            Policy: QUEUE_BEFORE,
            BypassPolicyLockoutSafetyCheck: false,
          },
        ],
      ],
      source: 'EFS API Reference, PutFileSystemPolicy: FileSystemId, Policy, BypassPolicyLockoutSafetyCheck',
    }),
  ),
  {
    check: 'iam_role.public_trust',
    id: 'deployer',
    before: { AssumeRolePolicyDocument: TRUST_BEFORE },
    after: { AssumeRolePolicyDocument: TRUST_AFTER },
    left: { 'IAM.GetRole': { Role: { AssumeRolePolicyDocument: encodeURIComponent(TRUST_AFTER) } } },
    changed: {
      'IAM.GetRole': {
        Role: {
          AssumeRolePolicyDocument: encodeURIComponent(
            policy({ ...partner('Partner', 'sts:AssumeRole'), Resource: undefined }),
          ),
        },
      },
    },
    difference: 'AssumeRolePolicyDocument',
    writes: [['IAM.UpdateAssumeRolePolicy', { RoleName: 'deployer', PolicyDocument: TRUST_BEFORE }]],
    source: 'IAM API Reference, UpdateAssumeRolePolicy (GetRole returns the document URL-encoded)',
  },
  {
    check: 'kms_key.public_policy',
    id: 'key-1',
    before: { Policy: KEY_BEFORE },
    after: { Policy: KEY_AFTER },
    left: { 'KMS.GetKeyPolicy': { Policy: KEY_AFTER } },
    changed: { 'KMS.GetKeyPolicy': { Policy: policy(partner('Other', 'kms:*')) } },
    difference: 'Policy',
    writes: [['KMS.PutKeyPolicy', { KeyId: 'key-1', PolicyName: 'default', Policy: KEY_BEFORE }]],
    source: 'KMS API Reference, PutKeyPolicy: PolicyName is always default',
  },
  {
    check: 'kms_key.shared_unknown_account',
    id: 'key-1',
    before: { Policy: KEY_AFTER },
    after: { Policy: KEY_BEFORE },
    left: { 'KMS.GetKeyPolicy': { Policy: KEY_BEFORE } },
    changed: { 'KMS.GetKeyPolicy': { Policy: policy(partner('Other', 'kms:*')) } },
    difference: 'Policy',
    writes: [['KMS.PutKeyPolicy', { KeyId: 'key-1', PolicyName: 'default', Policy: KEY_AFTER }]],
    source: 'KMS API Reference, PutKeyPolicy: PolicyName is always default',
  },
  {
    check: 'iam_role.trusts_unknown_account',
    id: 'deployer',
    before: { AssumeRolePolicyDocument: TRUST_PARTNER },
    after: { AssumeRolePolicyDocument: TRUST_AFTER },
    left: { 'IAM.GetRole': { Role: { AssumeRolePolicyDocument: encodeURIComponent(TRUST_AFTER) } } },
    changed: { 'IAM.GetRole': { Role: { AssumeRolePolicyDocument: encodeURIComponent(TRUST_BEFORE) } } },
    difference: 'AssumeRolePolicyDocument',
    writes: [['IAM.UpdateAssumeRolePolicy', { RoleName: 'deployer', PolicyDocument: TRUST_PARTNER }]],
    source: 'IAM API Reference, UpdateAssumeRolePolicy (GetRole returns the document URL-encoded)',
  },
  {
    check: 's3_bucket.public',
    id: 'reports',
    before: { acl: { Owner: OWNER, Grants: [OWNER_GRANT, ALL_USERS] }, policy: BUCKET_BEFORE },
    after: { acl: { Owner: OWNER, Grants: [OWNER_GRANT] }, policy: null },
    left: {
      'S3.GetBucketAcl': { Owner: OWNER, Grants: [OWNER_GRANT] },
      'S3.GetBucketPolicy': () => {
        throw Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy' });
      },
    },
    changed: {
      'S3.GetBucketAcl': { Owner: OWNER, Grants: [OWNER_GRANT] },
      'S3.GetBucketPolicy': { Policy: policy(partner('Partner', 's3:GetObject', 'arn:aws:s3:::reports/*')) },
    },
    difference: 'policy',
    writes: [
      [
        'S3.PutBucketAcl',
        {
          Bucket: 'reports',
          ExpectedBucketOwner: ACCOUNT,
          AccessControlPolicy: { Owner: OWNER, Grants: [OWNER_GRANT, ALL_USERS] },
        },
      ],
      ['S3.PutBucketPolicy', { Bucket: 'reports', ExpectedBucketOwner: ACCOUNT, Policy: BUCKET_BEFORE }],
    ],
    source: 'S3 API Reference, PutBucketAcl (AccessControlPolicy: Owner and Grants) and PutBucketPolicy',
  },
  {
    check: 's3_bucket.shared_unknown_account',
    id: 'reports',
    before: { policy: policy(TLS, partner('Partner', 's3:GetObject')) },
    after: { policy: policy(TLS) },
    left: { 'S3.GetBucketPolicy': { Policy: policy(TLS) } },
    changed: { 'S3.GetBucketPolicy': { Policy: policy(TLS, open('Open', 's3:GetObject')) } },
    difference: 'Open',
    writes: [
      [
        'S3.PutBucketPolicy',
        {
          Bucket: 'reports',
          ExpectedBucketOwner: ACCOUNT,
          Policy: policy(TLS, partner('Partner', 's3:GetObject')),
        },
      ],
    ],
    source: 'S3 API Reference, PutBucketPolicy: the policy as it was',
  },
  {
    check: 's3_bucket.no_tls_enforcement',
    id: 'reports',
    before: { policy: null },
    after: { policy: policy(TLS) },
    left: { 'S3.GetBucketPolicy': { Policy: policy(TLS) } },
    changed: { 'S3.GetBucketPolicy': { Policy: policy(TLS, partner('Partner', 's3:GetObject')) } },
    difference: 'Partner',
    writes: [['S3.DeleteBucketPolicy', { Bucket: 'reports', ExpectedBucketOwner: ACCOUNT }]],
    source: 'S3 API Reference, DeleteBucketPolicy: the bucket had no policy before the fix',
  },
  {
    check: 's3_bucket.no_encryption_enforcement',
    id: 'reports',
    before: { policy: policy(TLS) },
    after: { policy: policy(TLS, { ...TLS, Sid: 'DenyUnencryptedObjectUploads' }) },
    left: { 'S3.GetBucketPolicy': { Policy: policy(TLS, { ...TLS, Sid: 'DenyUnencryptedObjectUploads' }) } },
    changed: {
      'S3.GetBucketPolicy': {
        Policy: policy(
          TLS,
          { ...TLS, Sid: 'DenyUnencryptedObjectUploads' },
          partner('Partner', 's3:GetObject'),
        ),
      },
    },
    difference: 'Partner',
    writes: [
      ['S3.PutBucketPolicy', { Bucket: 'reports', ExpectedBucketOwner: ACCOUNT, Policy: policy(TLS) }],
    ],
    source: 'S3 API Reference, PutBucketPolicy',
  },
  {
    check: 'lambda_function.public',
    id: 'api',
    before: { $function: { Policy: policy(FUNCTION_PUBLIC, FUNCTION_S3) } },
    after: { $function: { Policy: policy(FUNCTION_S3) } },
    left: { 'Lambda.GetPolicy': { Policy: policy(FUNCTION_S3) } },
    changed: { 'Lambda.GetPolicy': { Policy: policy({ ...FUNCTION_S3, Sid: 'Other' }) } },
    difference: 'FromS3',
    writes: [
      [
        'Lambda.AddPermission',
        {
          FunctionName: 'api',
          StatementId: 'Anyone',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
          FunctionUrlAuthType: 'NONE',
        },
      ],
    ],
    source: 'Lambda API Reference, AddPermission: StatementId, Action, Principal, FunctionUrlAuthType',
  },
  {
    check: 'lambda_function.shared_unknown_account',
    id: 'api',
    before: { $function: { Policy: policy(FUNCTION_S3, FUNCTION_PARTNER) } },
    after: { $function: { Policy: policy(FUNCTION_S3) } },
    left: { 'Lambda.GetPolicy': { Policy: policy(FUNCTION_S3) } },
    changed: { 'Lambda.GetPolicy': { Policy: policy({ ...FUNCTION_S3, Sid: 'Other' }) } },
    difference: 'FromS3',
    writes: [
      [
        'Lambda.AddPermission',
        { FunctionName: 'api', StatementId: 'Partner', Action: 'lambda:InvokeFunction', Principal: STRANGER },
      ],
    ],
    source: 'Lambda API Reference, AddPermission: StatementId, Action, Principal (an account id)',
  },
  {
    check: 'ami.public',
    id: 'ami-1',
    before: { LaunchPermissions: [{ Group: 'all' }, { UserId: STRANGER }] },
    after: { LaunchPermissions: [{ UserId: STRANGER }] },
    left: { 'EC2.DescribeImageAttribute': { LaunchPermissions: [{ UserId: STRANGER }] } },
    changed: { 'EC2.DescribeImageAttribute': { LaunchPermissions: [] } },
    difference: STRANGER,
    writes: [
      ['EC2.ModifyImageAttribute', { ImageId: 'ami-1', LaunchPermission: { Add: [{ Group: 'all' }] } }],
    ],
    source: 'EC2 API Reference, ModifyImageAttribute: LaunchPermission.Add',
  },
  {
    check: 'ami.shared_unknown_account',
    id: 'ami-1',
    before: { LaunchPermissions: [{ UserId: STRANGER }] },
    after: { LaunchPermissions: [] },
    left: { 'EC2.DescribeImageAttribute': { LaunchPermissions: [] } },
    changed: { 'EC2.DescribeImageAttribute': { LaunchPermissions: [{ Group: 'all' }] } },
    difference: 'all',
    writes: [
      ['EC2.ModifyImageAttribute', { ImageId: 'ami-1', LaunchPermission: { Add: [{ UserId: STRANGER }] } }],
    ],
    source: 'EC2 API Reference, ModifyImageAttribute: LaunchPermission.Add',
  },
  {
    check: 'ebs_snapshot.public',
    id: 'snap-1',
    before: { CreateVolumePermissions: [{ Group: 'all' }] },
    after: { CreateVolumePermissions: [] },
    left: { 'EC2.DescribeSnapshotAttribute': { CreateVolumePermissions: [] } },
    changed: { 'EC2.DescribeSnapshotAttribute': { CreateVolumePermissions: [{ UserId: STRANGER }] } },
    difference: STRANGER,
    writes: [
      [
        'EC2.ModifySnapshotAttribute',
        {
          SnapshotId: 'snap-1',
          Attribute: 'createVolumePermission',
          CreateVolumePermission: { Add: [{ Group: 'all' }] },
        },
      ],
    ],
    source: 'EC2 API Reference, ModifySnapshotAttribute: CreateVolumePermission.Add',
  },
  {
    check: 'ebs_snapshot.shared_unknown_account',
    id: 'snap-1',
    before: { CreateVolumePermissions: [{ UserId: STRANGER }] },
    after: { CreateVolumePermissions: [] },
    left: { 'EC2.DescribeSnapshotAttribute': { CreateVolumePermissions: [] } },
    changed: { 'EC2.DescribeSnapshotAttribute': { CreateVolumePermissions: [{ Group: 'all' }] } },
    difference: 'all',
    writes: [
      [
        'EC2.ModifySnapshotAttribute',
        {
          SnapshotId: 'snap-1',
          Attribute: 'createVolumePermission',
          CreateVolumePermission: { Add: [{ UserId: STRANGER }] },
        },
      ],
    ],
    source: 'EC2 API Reference, ModifySnapshotAttribute: CreateVolumePermission.Add',
  },
  ...(['rds_snapshot.public', 'rds_snapshot.shared_unknown_account'] as const).map((check): UndoCase => {
    const value = check === 'rds_snapshot.public' ? 'all' : STRANGER;
    const attributes = (values: string[]) => ({
      DBSnapshotAttributesResult: {
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
      },
    });
    return {
      check,
      id: 'orders-snap',
      before: { AttributeName: 'restore', AttributeValues: [value] },
      after: { AttributeName: 'restore', AttributeValues: [] },
      left: { 'RDS.DescribeDBSnapshotAttributes': attributes([]) },
      changed: { 'RDS.DescribeDBSnapshotAttributes': attributes(['333333333333']) },
      difference: '333333333333',
      writes: [
        [
          'RDS.ModifyDBSnapshotAttribute',
          { DBSnapshotIdentifier: 'orders-snap', AttributeName: 'restore', ValuesToAdd: [value] },
        ],
      ],
      source: 'RDS API Reference, ModifyDBSnapshotAttribute: ValuesToAdd',
    };
  }),
  {
    check: 'security_group.public_ingress',
    id: 'sg-1',
    before: { IpPermissions: SG_OPEN },
    after: { IpPermissions: [] },
    left: {
      'EC2.DescribeSecurityGroups': { SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [SG_OFFICE] }] },
    },
    changed: {
      'EC2.DescribeSecurityGroups': {
        SecurityGroups: [
          { GroupId: 'sg-1', IpPermissions: [{ ...SG_OPEN[0], IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
        ],
      },
    },
    difference: '0.0.0.0/0',
    // The undo only adds back what the fix took away, so it overwrites nothing: back already, nothing to write.
    whenChanged: 'already',
    writes: [['EC2.AuthorizeSecurityGroupIngress', { GroupId: 'sg-1', IpPermissions: SG_OPEN }]],
    source: 'EC2 API Reference, AuthorizeSecurityGroupIngress: IpPermissions',
  },
  {
    check: 'ec2.imdsv1_allowed',
    id: 'i-0abc',
    before: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
    after: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    left: { 'EC2.DescribeInstances': instance('running') },
    changed: {
      'EC2.DescribeInstances': instance('running', { HttpTokens: 'required', HttpEndpoint: 'disabled' }),
    },
    difference: 'HttpEndpoint',
    writes: [['EC2.ModifyInstanceMetadataOptions', { InstanceId: 'i-0abc', HttpTokens: 'optional' }]],
    source: 'EC2 API Reference, ModifyInstanceMetadataOptions: HttpTokens optional',
  },
  {
    check: 'ec2.missing_tags',
    id: 'i-0abc',
    before: { State: 'running' },
    after: { State: 'stopped' },
    left: { 'EC2.DescribeInstances': instance('stopping') },
    changed: { 'EC2.DescribeInstances': instance('terminated') },
    difference: 'terminated',
    whenChanged: 'already',
    writes: [['EC2.StartInstances', { InstanceIds: ['i-0abc'] }]],
    source: 'EC2 API Reference, StartInstances',
  },
  {
    check: 'ec2.public_in_dev_account',
    id: 'i-0abc',
    before: { Addresses: [{ PublicIp: '203.0.113.7', AllocationId: 'eipalloc-1', InstanceId: 'i-0abc' }] },
    after: { Addresses: [] },
    left: {
      'EC2.DescribeAddresses': { Addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '203.0.113.7' }] },
    },
    changed: {
      'EC2.DescribeAddresses': {
        Addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '203.0.113.7', InstanceId: 'i-0abc' }],
      },
    },
    difference: 'eipalloc-1',
    // The undo only adds back what the fix took away, so it overwrites nothing: back already, nothing to write.
    whenChanged: 'already',
    writes: [['EC2.AssociateAddress', { AllocationId: 'eipalloc-1', InstanceId: 'i-0abc' }]],
    source: 'EC2 API Reference, AssociateAddress: AllocationId, InstanceId',
  },
  {
    check: 'iam_user.stale_access_key',
    id: 'alice',
    before: {
      AccessKeys: [
        { AccessKeyId: 'AKIAOLD', Status: 'Active' },
        { AccessKeyId: 'AKIAOLDER', Status: 'Active' },
      ],
    },
    after: {
      AccessKeys: [
        { AccessKeyId: 'AKIAOLD', Status: 'Inactive' },
        { AccessKeyId: 'AKIAOLDER', Status: 'Inactive' },
      ],
    },
    left: {
      'IAM.ListAccessKeys': {
        AccessKeyMetadata: [
          { AccessKeyId: 'AKIAOLD', Status: 'Inactive' },
          { AccessKeyId: 'AKIAOLDER', Status: 'Inactive' },
        ],
      },
    },
    // One key deleted since the fix.
    changed: {
      'IAM.ListAccessKeys': { AccessKeyMetadata: [{ AccessKeyId: 'AKIAOLD', Status: 'Inactive' }] },
    },
    difference: 'Deleted',
    writes: [
      ['IAM.UpdateAccessKey', { UserName: 'alice', AccessKeyId: 'AKIAOLD', Status: 'Active' }],
      ['IAM.UpdateAccessKey', { UserName: 'alice', AccessKeyId: 'AKIAOLDER', Status: 'Active' }],
    ],
    source: 'IAM API Reference, UpdateAccessKey: Status Active',
  },
  {
    check: 'rds.public',
    id: 'orders',
    before: { PubliclyAccessible: true },
    after: { PubliclyAccessible: false },
    left: { 'RDS.DescribeDBInstances': database({}) },
    changed: { 'RDS.DescribeDBInstances': database({ PubliclyAccessible: true }) },
    difference: 'PubliclyAccessible',
    whenChanged: 'already',
    writes: [
      [
        'RDS.ModifyDBInstance',
        { DBInstanceIdentifier: 'orders', PubliclyAccessible: true, ApplyImmediately: true },
      ],
    ],
    source: 'RDS API Reference, ModifyDBInstance: PubliclyAccessible, ApplyImmediately',
  },
  {
    check: 'rds.unencrypted',
    id: 'orders',
    before: { DBInstanceStatus: 'available' },
    after: { DBInstanceStatus: 'stopped' },
    left: {
      'RDS.DescribeDBInstances': database({
        DBInstanceStatus: 'stopped',
        DBClusterIdentifier: 'orders-cluster',
      }),
    },
    changed: { 'RDS.DescribeDBInstances': database({ DBInstanceStatus: 'available' }) },
    difference: 'available',
    whenChanged: 'already',
    writes: [['RDS.StartDBCluster', { DBClusterIdentifier: 'orders-cluster' }]],
    source: 'RDS API Reference, StartDBCluster (an instance of a cluster starts with its cluster)',
  },
  {
    check: 'redshift.public',
    id: 'warehouse',
    before: { PubliclyAccessible: true },
    after: { PubliclyAccessible: false },
    left: {
      'Redshift.DescribeClusters': {
        Clusters: [{ ClusterIdentifier: 'warehouse', PubliclyAccessible: false }],
      },
    },
    changed: {
      'Redshift.DescribeClusters': {
        Clusters: [{ ClusterIdentifier: 'warehouse', PubliclyAccessible: true }],
      },
    },
    difference: 'PubliclyAccessible',
    whenChanged: 'already',
    writes: [['Redshift.ModifyCluster', { ClusterIdentifier: 'warehouse', PubliclyAccessible: true }]],
    source: 'Redshift API Reference, ModifyCluster: PubliclyAccessible',
  },
  {
    check: 'elb.public_dev_instance',
    id: 'web',
    before: { Instances: [{ InstanceId: 'i-0abc' }] },
    after: { Instances: [] },
    left: {
      'Elastic Load Balancing.DescribeLoadBalancers': { LoadBalancerDescriptions: [{ Instances: [] }] },
    },
    changed: {
      'Elastic Load Balancing.DescribeLoadBalancers': {
        LoadBalancerDescriptions: [{ Instances: [{ InstanceId: 'i-0abc' }] }],
      },
    },
    difference: 'i-0abc',
    // The undo only adds back what the fix took away, so it overwrites nothing: back already, nothing to write.
    whenChanged: 'already',
    writes: [
      [
        'Elastic Load Balancing.RegisterInstancesWithLoadBalancer',
        { LoadBalancerName: 'web', Instances: [{ InstanceId: 'i-0abc' }] },
      ],
    ],
    source: 'Elastic Load Balancing API Reference (2012-06-01), RegisterInstancesWithLoadBalancer',
  },
  {
    check: 'elbv2.public_dev_instance',
    id: TG,
    before: { Targets: [{ TargetGroupArn: TG, Targets: [{ Id: 'i-0abc', Port: 80 }] }] },
    after: { Targets: [{ TargetGroupArn: TG, Targets: [] }] },
    left: { 'Elastic Load Balancing v2.DescribeTargetHealth': { TargetHealthDescriptions: [] } },
    changed: {
      'Elastic Load Balancing v2.DescribeTargetHealth': {
        TargetHealthDescriptions: [{ Target: { Id: 'i-0abc', Port: 80 } }],
      },
    },
    difference: 'i-0abc',
    // The undo only adds back what the fix took away, so it overwrites nothing: back already, nothing to write.
    whenChanged: 'already',
    writes: [
      [
        'Elastic Load Balancing v2.RegisterTargets',
        { TargetGroupArn: TG, Targets: [{ Id: 'i-0abc', Port: 80 }] },
      ],
    ],
    source: 'Elastic Load Balancing API Reference (2015-12-01), RegisterTargets',
  },
  {
    check: 'ecs_service.public_ip',
    id: SERVICE,
    before: { awsvpcConfiguration: VPC },
    after: { awsvpcConfiguration: { ...VPC, assignPublicIp: 'DISABLED' } },
    left: {
      'ECS.DescribeServices': {
        services: [
          {
            status: 'ACTIVE',
            networkConfiguration: { awsvpcConfiguration: { ...VPC, assignPublicIp: 'DISABLED' } },
          },
        ],
      },
    },
    changed: {
      'ECS.DescribeServices': {
        services: [
          {
            status: 'ACTIVE',
            networkConfiguration: {
              awsvpcConfiguration: { ...VPC, subnets: ['subnet-2'], assignPublicIp: 'DISABLED' },
            },
          },
        ],
      },
    },
    difference: 'subnet-2',
    writes: [
      [
        'ECS.UpdateService',
        { cluster: 'prod', service: SERVICE, networkConfiguration: { awsvpcConfiguration: VPC } },
      ],
    ],
    source: 'ECS API Reference, UpdateService: networkConfiguration.awsvpcConfiguration',
  },
  ...(['sns_topic.public', 'sns_topic.shared_unknown_account'] as const).map((check): UndoCase => {
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
    const ownerOnly = policy({
      ...open('OwnerOnly', 'SNS:Publish', topic),
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    });
    const [before, after] =
      check === 'sns_topic.public'
        ? [
            policy(open('Open', 'SNS:Publish', topic), partner('Partner', 'SNS:Subscribe', topic)),
            policy(partner('Partner', 'SNS:Subscribe', topic)),
          ]
        : [policy(partner('Partner', 'SNS:Subscribe', topic)), ownerOnly];
    const attributes = (Policy: string) => ({
      'SNS.GetTopicAttributes': { Attributes: { Owner: ACCOUNT, Policy } },
    });
    return {
      check,
      id: topic,
      before: { Policy: before },
      after: { Policy: after },
      left: attributes(after),
      changed: attributes(policy(open('Changed', 'SNS:Publish', topic))),
      difference: 'Policy',
      writes: [
        ['SNS.SetTopicAttributes', { TopicArn: topic, AttributeName: 'Policy', AttributeValue: before }],
      ],
      source: 'SNS API Reference, SetTopicAttributes: AttributeName Policy, AttributeValue',
    };
  }),
  ...(['secretsmanager_secret.public', 'secretsmanager_secret.shared_unknown_account'] as const).map(
    (check): UndoCase => {
      const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db-a1B2c3`;
      // The public fix kept the partner; the unknown-account fix then removed the policy it left.
      const [before, after] =
        check === 'secretsmanager_secret.public'
          ? [
              policy(
                open('Open', 'secretsmanager:GetSecretValue'),
                partner('Partner', 'secretsmanager:GetSecretValue'),
              ),
              policy(partner('Partner', 'secretsmanager:GetSecretValue')),
            ]
          : [policy(partner('Partner', 'secretsmanager:GetSecretValue')), ''];
      const read = (ResourcePolicy: string) => ({
        'Secrets Manager.GetResourcePolicy': { ARN: secret, ...(ResourcePolicy ? { ResourcePolicy } : {}) },
      });
      return {
        check,
        id: secret,
        before: { ResourcePolicy: before },
        after: { ResourcePolicy: after },
        left: read(after),
        changed: read(policy(open('Changed', 'secretsmanager:DescribeSecret'))),
        difference: 'ResourcePolicy',
        // Without BlockPublicPolicy: what the public fix took away is public.
        writes: [['Secrets Manager.PutResourcePolicy', { SecretId: secret, ResourcePolicy: before }]],
        source: 'Secrets Manager API Reference, PutResourcePolicy: SecretId, ResourcePolicy',
      };
    },
  ),
  ...(['rds_cluster_snapshot.public', 'rds_cluster_snapshot.shared_unknown_account'] as const).map(
    (check): UndoCase => {
      const value = check === 'rds_cluster_snapshot.public' ? 'all' : STRANGER;
      const attributes = (values: string[]) => ({
        DBClusterSnapshotAttributesResult: {
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
        },
      });
      return {
        check,
        id: 'orders-aurora-snap',
        before: { AttributeName: 'restore', AttributeValues: [value, '222222222222'] },
        after: { AttributeName: 'restore', AttributeValues: ['222222222222'] },
        left: { 'RDS.DescribeDBClusterSnapshotAttributes': attributes(['222222222222']) },
        changed: { 'RDS.DescribeDBClusterSnapshotAttributes': attributes(['333333333333']) },
        difference: '333333333333',
        writes: [
          [
            'RDS.ModifyDBClusterSnapshotAttribute',
            {
              DBClusterSnapshotIdentifier: 'orders-aurora-snap',
              AttributeName: 'restore',
              ValuesToAdd: [value],
            },
          ],
        ],
        source: 'RDS API Reference, ModifyDBClusterSnapshotAttribute: ValuesToAdd',
      };
    },
  ),
  ((): UndoCase => {
    const DOMAIN_BEFORE = policy(open('Open', 'es:ESHttp*'), partner('Partner', 'es:ESHttpPost'));
    const DOMAIN_AFTER = policy(partner('Partner', 'es:ESHttpPost'));
    return {
      check: 'opensearch_domain.public',
      id: 'orders-search',
      before: { AccessPolicies: DOMAIN_BEFORE },
      after: { AccessPolicies: DOMAIN_AFTER },
      left: {
        'OpenSearch.DescribeDomainConfig': {
          DomainConfig: { AccessPolicies: { Options: DOMAIN_AFTER, Status: { State: 'Active' } } },
        },
      },
      changed: {
        'OpenSearch.DescribeDomainConfig': {
          DomainConfig: {
            AccessPolicies: {
              Options: policy(partner('Partner', 'es:ESHttpGet')),
              Status: { State: 'Active' },
            },
          },
        },
      },
      difference: 'es:ESHttpGet',
      writes: [
        ['OpenSearch.UpdateDomainConfig', { DomainName: 'orders-search', AccessPolicies: DOMAIN_BEFORE }],
      ],
      source: 'OpenSearch Service API Reference, UpdateDomainConfig: AccessPolicies',
    };
  })(),
  ...((): UndoCase[] => {
    const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`;
    const STREAM = `${TABLE}/stream/2026-11-01T08:00:00.000`;
    const TABLE_BEFORE = policy(
      open('Open', 'dynamodb:GetItem', TABLE),
      partner('Partner', 'dynamodb:GetItem', TABLE),
    );
    const TABLE_AFTER = policy(partner('Partner', 'dynamodb:GetItem', TABLE));
    const STREAM_BEFORE = policy(open('OpenStream', 'dynamodb:GetRecords', STREAM));
    /** GetResourcePolicy answering `policies` by ARN (PolicyNotFoundException for none). */
    const reads = (policies: Record<string, string>): World => ({
      'DynamoDB.GetResourcePolicy': (input: { ResourceArn: string }) => {
        const Policy = policies[input.ResourceArn];
        if (!Policy) throw Object.assign(new Error('none'), { name: 'PolicyNotFoundException' });
        return { Policy, RevisionId: input.ResourceArn === TABLE ? 'rev-table' : 'rev-stream' };
      },
    });
    const source =
      'DynamoDB API Reference, PutResourcePolicy: ExpectedRevisionId, NO_POLICY when there is none';
    return [
      {
        // The fix narrowed the table's policy and deleted the stream's, whose only statement was public.
        check: 'dynamodb_table.public',
        id: 'orders',
        before: {
          table: { ResourceArn: TABLE, Policy: TABLE_BEFORE },
          stream: { ResourceArn: STREAM, Policy: STREAM_BEFORE },
        },
        after: {
          table: { ResourceArn: TABLE, Policy: TABLE_AFTER },
          stream: { ResourceArn: STREAM, Policy: '' },
        },
        left: reads({ [TABLE]: TABLE_AFTER }),
        changed: reads({
          [TABLE]: TABLE_AFTER,
          [STREAM]: policy(partner('Other', 'dynamodb:GetRecords', STREAM)),
        }),
        difference: 'Other',
        writes: [
          [
            'DynamoDB.PutResourcePolicy',
            { ResourceArn: TABLE, Policy: TABLE_BEFORE, ExpectedRevisionId: 'rev-table' },
          ],
          [
            'DynamoDB.PutResourcePolicy',
            { ResourceArn: STREAM, Policy: STREAM_BEFORE, ExpectedRevisionId: 'NO_POLICY' },
          ],
        ],
        source,
      },
      {
        check: 'dynamodb_table.shared_unknown_account',
        id: 'orders',
        before: { table: { ResourceArn: TABLE, Policy: TABLE_AFTER } },
        after: { table: { ResourceArn: TABLE, Policy: '' } },
        left: reads({}),
        changed: reads({ [TABLE]: TABLE_BEFORE }),
        difference: 'Policy',
        writes: [
          [
            'DynamoDB.PutResourcePolicy',
            { ResourceArn: TABLE, Policy: TABLE_AFTER, ExpectedRevisionId: 'NO_POLICY' },
          ],
        ],
        source,
      },
    ];
  })(),
  ...((): UndoCase[] => {
    const VERSION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared-libs:3`;
    const grant = (Sid: string, Principal: unknown, org?: string) => ({
      Sid,
      Effect: 'Allow',
      Principal,
      Action: 'lambda:GetLayerVersion',
      Resource: VERSION_ARN,
      ...(org ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': org } } } : {}),
    });
    const KNOWN_GRANT = grant('partner', { AWS: `arn:aws:iam::${KNOWN}:root` });
    const reads = (Policy?: string): World => ({
      'Lambda.GetLayerVersionPolicy': () => {
        if (!Policy) throw Object.assign(new Error('none'), { name: 'ResourceNotFoundException' });
        return { Policy, RevisionId: 'rev-1' };
      },
    });
    const add = (input: object) =>
      [
        'Lambda.AddLayerVersionPermission',
        { LayerName: 'shared-libs', VersionNumber: 3, Action: 'lambda:GetLayerVersion', ...input },
      ] as const;
    const source =
      'Lambda API Reference, AddLayerVersionPermission: StatementId, Action, Principal, OrganizationId';
    return [
      {
        check: 'lambda_layer.public',
        id: VERSION_ARN,
        before: { Policy: policy(grant('anyone', '*'), KNOWN_GRANT) },
        after: { Policy: policy(KNOWN_GRANT) },
        left: reads(policy(KNOWN_GRANT)),
        changed: reads(policy(KNOWN_GRANT, grant('other', '*', 'o-a1b2c3d4e5'))),
        difference: 'other',
        writes: [add({ StatementId: 'anyone', Principal: '*' })],
        source,
      },
      {
        check: 'lambda_layer.shared_unknown_account',
        id: VERSION_ARN,
        before: {
          Policy: policy(
            KNOWN_GRANT,
            grant('stranger', { AWS: `arn:aws:iam::${STRANGER}:root` }),
            grant('strangers-org', '*', 'o-stranger123'),
          ),
        },
        after: { Policy: policy(KNOWN_GRANT) },
        left: reads(policy(KNOWN_GRANT)),
        changed: reads(undefined),
        difference: 'Policy',
        writes: [
          add({ StatementId: 'stranger', Principal: `arn:aws:iam::${STRANGER}:root` }),
          add({ StatementId: 'strangers-org', Principal: '*', OrganizationId: 'o-stranger123' }),
        ],
        source,
      },
    ];
  })(),
];
