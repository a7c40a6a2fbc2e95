import type { ResourceType } from '../contracts/message';
import { type CloudTrailDetail, first, list, str, strings } from './cloudtrail';

/** How one API call names the resources it changed. */
export interface EventTarget {
  /** The resource type of the messages this target yields. */
  readonly type: ResourceType;
  /** The ids of the changed resources; empty when the call's shape does not fit this target. */
  readonly ids: (detail: CloudTrailDetail) => readonly string[];
  /** Seconds to wait before the resource is audited (resources still being created). */
  readonly delay?: number;
}

/** One row of the translation table: an API call that can make a resource non-compliant. */
export interface EventRule {
  /** CloudTrail `eventSource`, e.g. `sqs.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail `eventName`, e.g. `SetQueueAttributes`. */
  readonly eventName: string;
  /** Usually one; calls shared by two APIs (classic and v2 load balancers) have one per shape. */
  readonly targets: readonly EventTarget[];
}

/** Creating an RDS database or Redshift cluster takes minutes: audit it once it can be read. */
const CREATION_DELAY = 900;
/** A task gets its network interface (and any public address) shortly after RunTask returns. */
const TASK_START_DELAY = 120;

const req = (d: CloudTrailDetail, ...keys: string[]) => str(d.requestParameters, ...keys);
const res = (d: CloudTrailDetail, ...keys: string[]) => str(d.responseElements, ...keys);

/** The part of an ARN after `marker` up to the next `:` or `/` ("...:db:name" -> "name"). */
function arnPart(arn: string | undefined, marker: string): string | undefined {
  if (arn === undefined) return undefined;
  const at = arn.indexOf(marker);
  if (at < 0) return undefined;
  const rest = arn.slice(at + marker.length);
  const end = rest.search(/[:/]/);
  const part = end < 0 ? rest : rest.slice(0, end);
  return part === '' ? undefined : part;
}

/** A Lambda function name from a name, a full or partial ARN, with or without a qualifier. */
function lambdaFunctionName(value: string | undefined): string[] {
  if (value === undefined) return [];
  const name = value.includes(':function:') ? arnPart(value, ':function:') : value.split(':')[0];
  return name ? [name] : [];
}

/** A KMS key id from a key id or key ARN (aliases cannot carry a policy and are ignored). */
function kmsKeyId(value: string | undefined): string[] {
  if (value === undefined || value.startsWith('alias/') || value.includes(':alias/')) return [];
  return [value.includes(':key/') ? value.slice(value.indexOf(':key/') + 5) : value];
}

/** The load balancer ARN a listener ARN belongs to. */
function loadBalancerArnOfListener(listenerArn: string | undefined): string | undefined {
  const match = listenerArn?.match(
    /^(arn:[^:]+:elasticloadbalancing:[^:]*:\d*:)listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\//,
  );
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}

function rows(eventSource: string, eventNames: readonly string[], ...targets: EventTarget[]): EventRule[] {
  return eventNames.map((eventName) => ({ eventSource, eventName, targets }));
}

const SQS = 'sqs.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const RDS = 'rds.amazonaws.com';
const REDSHIFT = 'redshift.amazonaws.com';
const S3 = 's3.amazonaws.com';
const ELB = 'elasticloadbalancing.amazonaws.com';
const IAM = 'iam.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';
const KMS = 'kms.amazonaws.com';
const ECS = 'ecs.amazonaws.com';

const bucket: EventTarget = { type: 's3_bucket', ids: (d) => first(req(d, 'bucketName')) };
const role: EventTarget = { type: 'iam_role', ids: (d) => first(req(d, 'roleName')) };
const user: EventTarget = { type: 'iam_user', ids: (d) => first(req(d, 'userName')) };
const lambdaFunction: EventTarget = {
  type: 'lambda_function',
  ids: (d) => lambdaFunctionName(res(d, 'functionName') ?? req(d, 'functionName')),
};
const ecsService: EventTarget = { type: 'ecs_service', ids: (d) => first(res(d, 'service', 'serviceArn')) };
const ecsTasks: EventTarget = {
  type: 'ecs_task',
  ids: (d) => strings(d.responseElements, ['tasks'], 'taskArn'),
  delay: TASK_START_DELAY,
};

/**
 * The translation table: every API call that can make a watched resource non-compliant, and how to
 * find the resources it changed. The EventBridge pattern of the forwarders and rules is built from
 * this table ({@link buildEventPattern}), so the two cannot drift apart.
 */
export const EVENT_RULES: readonly EventRule[] = [
  // SQS: a queue policy may now allow anyone.
  ...rows(SQS, ['CreateQueue'], { type: 'sqs', ids: (d) => first(res(d, 'queueUrl')) }),
  ...rows(SQS, ['SetQueueAttributes', 'AddPermission'], {
    type: 'sqs',
    ids: (d) => first(req(d, 'queueUrl')),
  }),

  // EC2 images and snapshots shared publicly or with other accounts.
  ...rows(EC2, ['ModifyImageAttribute'], { type: 'ami', ids: (d) => first(req(d, 'imageId')) }),
  ...rows(EC2, ['ModifySnapshotAttribute'], {
    type: 'ebs_snapshot',
    ids: (d) => first(req(d, 'snapshotId')),
  }),

  // EC2 instances: one message per launched instance.
  ...rows(EC2, ['RunInstances'], {
    type: 'ec2',
    ids: (d) => strings(d.responseElements, ['instancesSet'], 'instanceId'),
  }),
  ...rows(EC2, ['ModifyInstanceMetadataOptions'], {
    type: 'ec2',
    ids: (d) => first(req(d, 'instanceId') ?? req(d, 'ModifyInstanceMetadataOptionsRequest', 'InstanceId')),
  }),
  ...rows(EC2, ['AssociateAddress'], {
    type: 'ec2',
    ids: (d) => first(req(d, 'instanceId') ?? req(d, 'AssociateAddressRequest', 'InstanceId')),
  }),
  // Removing tags can break ec2.missing_tags (only instances carry a tag check).
  ...rows(EC2, ['DeleteTags'], {
    type: 'ec2',
    ids: (d) =>
      strings(d.requestParameters, ['resourcesSet'], 'resourceId').filter((id) => id.startsWith('i-')),
  }),

  // Security groups opened to the internet.
  ...rows(EC2, ['CreateSecurityGroup'], { type: 'security_group', ids: (d) => first(res(d, 'groupId')) }),
  ...rows(EC2, ['AuthorizeSecurityGroupIngress'], {
    type: 'security_group',
    ids: (d) => {
      const fromRequest = req(d, 'groupId');
      if (fromRequest) return [fromRequest];
      return [...new Set(strings(d.responseElements, ['securityGroupRuleSet'], 'groupId'))];
    },
  }),
  ...rows(EC2, ['ModifySecurityGroupRules'], {
    type: 'security_group',
    ids: (d) => first(req(d, 'ModifySecurityGroupRulesRequest', 'GroupId') ?? req(d, 'groupId')),
  }),

  // RDS snapshots and databases.
  ...rows(RDS, ['ModifyDBSnapshotAttribute'], {
    type: 'rds_snapshot',
    ids: (d) => first(req(d, 'dBSnapshotIdentifier')),
  }),
  ...rows(RDS, ['ModifyDBInstance'], {
    type: 'rds',
    ids: (d) => first(req(d, 'newDBInstanceIdentifier') ?? req(d, 'dBInstanceIdentifier')),
  }),
  ...rows(RDS, ['CreateDBInstance', 'CreateDBInstanceReadReplica', 'RestoreDBInstanceFromDBSnapshot'], {
    type: 'rds',
    ids: (d) => first(req(d, 'dBInstanceIdentifier')),
    delay: CREATION_DELAY,
  }),
  ...rows(RDS, ['RestoreDBInstanceToPointInTime'], {
    type: 'rds',
    ids: (d) => first(req(d, 'targetDBInstanceIdentifier')),
    delay: CREATION_DELAY,
  }),
  ...rows(RDS, ['RemoveTagsFromResource'], {
    type: 'rds',
    ids: (d) => first(arnPart(req(d, 'resourceName'), ':db:')),
  }),

  // Redshift clusters.
  ...rows(REDSHIFT, ['CreateCluster', 'RestoreFromClusterSnapshot'], {
    type: 'redshift',
    ids: (d) => first(req(d, 'clusterIdentifier')),
    delay: CREATION_DELAY,
  }),
  ...rows(REDSHIFT, ['ModifyCluster'], {
    type: 'redshift',
    ids: (d) => first(req(d, 'newClusterIdentifier') ?? req(d, 'clusterIdentifier')),
    delay: CREATION_DELAY,
  }),
  ...rows(REDSHIFT, ['DeleteTags'], {
    type: 'redshift',
    ids: (d) => first(arnPart(req(d, 'resourceName'), ':cluster:')),
  }),

  // S3 buckets: ACLs, policies, the public access block, ownership controls (ACLs back on) and tags.
  ...rows(
    S3,
    [
      'CreateBucket',
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'PutBucketAcl',
      'PutBucketPublicAccessBlock',
      'DeleteBucketPublicAccessBlock',
      'PutBucketOwnershipControls',
      'DeleteBucketOwnershipControls',
      'PutBucketTagging',
      'DeleteBucketTagging',
    ],
    bucket,
  ),

  // Load balancers. Classic and v2 share the event source; each target reads its own shape.
  ...rows(ELB, ['RegisterInstancesWithLoadBalancer'], {
    type: 'elb',
    ids: (d) => first(req(d, 'loadBalancerName')),
  }),
  ...rows(
    ELB,
    ['CreateLoadBalancer'],
    { type: 'elb', ids: (d) => first(req(d, 'loadBalancerName')) },
    { type: 'elbv2', ids: (d) => strings(d.responseElements, ['loadBalancers'], 'loadBalancerArn') },
  ),
  ...rows(ELB, ['RemoveTags'], {
    type: 'elb',
    ids: (d) => strings(d.requestParameters, ['loadBalancerNames']),
  }),
  ...rows(ELB, ['RegisterTargets'], { type: 'elbv2', ids: (d) => first(req(d, 'targetGroupArn')) }),
  ...rows(ELB, ['CreateListener'], {
    type: 'elbv2',
    ids: (d) =>
      first(req(d, 'loadBalancerArn') ?? str(list(d.responseElements, 'listeners')[0], 'loadBalancerArn')),
  }),
  ...rows(ELB, ['ModifyListener'], {
    type: 'elbv2',
    ids: (d) =>
      first(
        str(list(d.responseElements, 'listeners')[0], 'loadBalancerArn') ??
          loadBalancerArnOfListener(req(d, 'listenerArn')),
      ),
  }),

  // IAM (global; CloudTrail delivers these events in us-east-1).
  ...rows(IAM, ['CreateRole', 'UpdateAssumeRolePolicy'], role),
  ...rows(IAM, ['CreateLoginProfile', 'UpdateLoginProfile', 'DeactivateMFADevice', 'UpdateAccessKey'], user),
  // Without userName the key is the caller's own; the response names the user either way.
  ...rows(IAM, ['CreateAccessKey'], {
    type: 'iam_user',
    ids: (d) => first(res(d, 'accessKey', 'userName') ?? req(d, 'userName')),
  }),

  // Lambda permissions and function URLs.
  ...rows(
    LAMBDA,
    [
      'AddPermission20150331',
      'AddPermission20150331v2',
      'CreateFunction20150331',
      // Function URLs (AuthType NONE is public); CloudTrail has used both names.
      'CreateFunctionUrlConfig',
      'CreateFunctionUrlConfig20211031',
      'UpdateFunctionUrlConfig',
      'UpdateFunctionUrlConfig20211031',
    ],
    lambdaFunction,
  ),

  // KMS key policies.
  ...rows(KMS, ['CreateKey'], { type: 'kms_key', ids: (d) => kmsKeyId(res(d, 'keyMetadata', 'keyId')) }),
  ...rows(KMS, ['PutKeyPolicy'], { type: 'kms_key', ids: (d) => kmsKeyId(req(d, 'keyId')) }),

  // ECS services and tasks with public addresses.
  ...rows(ECS, ['CreateService', 'UpdateService'], ecsService),
  ...rows(ECS, ['RunTask', 'StartTask'], ecsTasks),
];

/** Looks up the row for an event, by source and name. */
const INDEX: ReadonlyMap<string, EventRule> = new Map(
  EVENT_RULES.map((r) => [`${r.eventSource} ${r.eventName}`, r]),
);

export function findEventRule(eventSource: string, eventName: string): EventRule | undefined {
  return INDEX.get(`${eventSource} ${eventName}`);
}
