/**
 * A fake AWS for the poller: every listing API of every audited type, answering per account and
 * region from an inventory, in pages of `pageSize` with each API's own token fields, as the SDK
 * paginators expect them.
 */
import type { ResourceType } from '../../src/runtime/contracts/message';
import type { SentCommand, World } from './aws';

/** How many resources of each listed kind an account and region holds. */
export type Counts = Partial<
  Record<ResourceType | 'ecs_cluster' | 'aws_managed_key' | 'service_linked_role', number>
>;

/** The id a fake resource gets. */
export function fakeId(type: string, account: string, region: string, index: number): string {
  switch (type) {
    case 'sqs':
      return `https://sqs.${region}.amazonaws.com/${account}/queue-${index}`;
    case 'elbv2':
      return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/lb-${index}/0123456789abcdef`;
    case 'ecs_cluster':
      return `arn:aws:ecs:${region}:${account}:cluster/cluster-${index}`;
    default:
      return `${type}-${account}-${region}-${index}`;
  }
}

interface PageFields {
  /** Input token field. */
  readonly input: string;
  /** Output token field. */
  readonly output: string;
  /** Output "more pages" flag, for APIs that have one (IAM, KMS). */
  readonly truncated?: string;
}

const NEXT_TOKEN: PageFields = { input: 'NextToken', output: 'NextToken' };
const MARKER: PageFields = { input: 'Marker', output: 'Marker' };
const NEXT_MARKER: PageFields = { input: 'Marker', output: 'NextMarker' };

/** Answers one page of `items` from the token in the input. */
function page(
  items: unknown[],
  field: string,
  pageSize: number,
  fields: PageFields,
  input: Record<string, unknown>,
) {
  const start = Number(input[fields.input] ?? 0);
  const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
  return {
    [field]: items.slice(start, start + pageSize),
    ...(next ? { [fields.output]: next } : {}),
    ...(fields.truncated ? { [fields.truncated]: next !== undefined } : {}),
  };
}

export type InventoryOf = (account: string, region: string) => Counts;

/** The World of a whole estate: `inventory` says what each account and region holds. */
export function pollWorld(inventory: InventoryOf, pageSize = 2): World {
  const ids = (type: string, call: SentCommand) => {
    const n = inventory(call.account, call.region)[type as keyof Counts] ?? 0;
    return Array.from({ length: n }, (_, i) => fakeId(type, call.account, call.region, i));
  };
  const list =
    (type: string, field: string, fields: PageFields, item: (id: string) => unknown = (id) => id) =>
    (input: Record<string, unknown>, call: SentCommand) =>
      page(ids(type, call).map(item), field, pageSize, fields, input);

  return {
    'SQS.ListQueues': list('sqs', 'QueueUrls', NEXT_TOKEN),
    'S3.ListBuckets': list(
      's3_bucket',
      'Buckets',
      { input: 'ContinuationToken', output: 'ContinuationToken' },
      (Name) => ({
        Name,
        CreationDate: new Date('2026-01-01T00:00:00Z'),
      }),
    ),
    'EC2.DescribeImages': list('ami', 'Images', NEXT_TOKEN, (ImageId) => ({
      ImageId,
      Name: `image ${ImageId}`,
      Tags: [],
    })),
    'EC2.DescribeSnapshots': list('ebs_snapshot', 'Snapshots', NEXT_TOKEN, (SnapshotId) => ({
      SnapshotId,
      Tags: [],
    })),
    'EC2.DescribeInstances': list('ec2', 'Reservations', NEXT_TOKEN, (InstanceId) => ({
      ReservationId: `r-${InstanceId}`,
      Instances: [{ InstanceId, State: { Name: 'running' }, Tags: [{ Key: 'Name', Value: InstanceId }] }],
    })),
    'EC2.DescribeSecurityGroups': list('security_group', 'SecurityGroups', NEXT_TOKEN, (GroupId) => ({
      GroupId,
      GroupName: `group ${GroupId}`,
    })),
    'RDS.DescribeDBInstances': list('rds', 'DBInstances', MARKER, (DBInstanceIdentifier) => ({
      DBInstanceIdentifier,
      TagList: [],
    })),
    'RDS.DescribeDBSnapshots': list('rds_snapshot', 'DBSnapshots', MARKER, (DBSnapshotIdentifier) => ({
      DBSnapshotIdentifier,
      SnapshotType: 'manual',
    })),
    'Redshift.DescribeClusters': list('redshift', 'Clusters', MARKER, (ClusterIdentifier) => ({
      ClusterIdentifier,
      Tags: [],
    })),
    'Elastic Load Balancing.DescribeLoadBalancers': list(
      'elb',
      'LoadBalancerDescriptions',
      NEXT_MARKER,
      (LoadBalancerName) => ({
        LoadBalancerName,
      }),
    ),
    'Elastic Load Balancing v2.DescribeLoadBalancers': list(
      'elbv2',
      'LoadBalancers',
      NEXT_MARKER,
      (LoadBalancerArn) => ({
        LoadBalancerArn,
        LoadBalancerName: LoadBalancerArn.split('/')[2],
      }),
    ),
    'Lambda.ListFunctions': list('lambda_function', 'Functions', NEXT_MARKER, (FunctionName) => ({
      FunctionName,
    })),
    'IAM.ListUsers': list('iam_user', 'Users', { ...MARKER, truncated: 'IsTruncated' }, (UserName) => ({
      UserName,
      Path: '/',
    })),
    'IAM.ListRoles': (input: Record<string, unknown>, call: SentCommand) => {
      const roles = [
        ...ids('iam_role', call).map((RoleName) => ({ RoleName, Path: '/' })),
        ...ids('service_linked_role', call).map((RoleName) => ({
          RoleName,
          Path: '/aws-service-role/elasticloadbalancing.amazonaws.com/',
        })),
      ];
      return page(roles, 'Roles', pageSize, { ...MARKER, truncated: 'IsTruncated' }, input);
    },
    'KMS.ListKeys': (input: Record<string, unknown>, call: SentCommand) => {
      const keys = [...ids('kms_key', call), ...ids('aws_managed_key', call)].map((KeyId) => ({ KeyId }));
      return page(keys, 'Keys', pageSize, { ...NEXT_MARKER, truncated: 'Truncated' }, input);
    },
    'KMS.ListAliases': (input: Record<string, unknown>, call: SentCommand) => {
      const aliases = [
        ...ids('kms_key', call).map((TargetKeyId) => ({
          AliasName: `alias/app-${TargetKeyId}`,
          TargetKeyId,
        })),
        ...ids('aws_managed_key', call).map((TargetKeyId) => ({ AliasName: 'alias/aws/ebs', TargetKeyId })),
        { AliasName: 'alias/unused' },
      ];
      return page(aliases, 'Aliases', pageSize, { ...NEXT_MARKER, truncated: 'Truncated' }, input);
    },
    'ECS.ListClusters': list('ecs_cluster', 'clusterArns', { input: 'nextToken', output: 'nextToken' }),
    'ECS.ListServices': (input: Record<string, unknown>, call: SentCommand) =>
      page(
        ids('ecs_service', call).map(
          (id) => `${String(input.cluster).replace(':cluster/', ':service/')}/${id}`,
        ),
        'serviceArns',
        pageSize,
        { input: 'nextToken', output: 'nextToken' },
        input,
      ),
    'ECS.ListTasks': (input: Record<string, unknown>, call: SentCommand) =>
      page(
        ids('ecs_task', call).map((id) => `${String(input.cluster).replace(':cluster/', ':task/')}/${id}`),
        'taskArns',
        pageSize,
        { input: 'nextToken', output: 'nextToken' },
        input,
      ),
  };
}
