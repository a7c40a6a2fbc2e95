import {
  EC2Client,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
} from '@aws-sdk/client-ec2';
import {
  ECSClient,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, paginateListRoles, paginateListUsers } from '@aws-sdk/client-iam';
import { KMSClient, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { RDSClient, paginateDescribeDBInstances, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import { RedshiftClient, paginateDescribeClusters } from '@aws-sdk/client-redshift';
import { S3Client, paginateListBuckets } from '@aws-sdk/client-s3';
import { SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import type { ResourceType } from '../contracts/message';
import type { ClientClass } from '../aws/clients';
import type { Tags } from '../auditors/decision';
import { tagsFromList } from '../auditors/tags';

/** A resource a listing found. */
export interface ListedResource {
  readonly type: ResourceType;
  readonly id: string;
  /** Its name where the id is not (for `--only-test-resources`). */
  readonly name?: string;
  readonly tags?: Tags;
}

/** What a lister gets: clients in the task's account and region. */
export interface ListContext {
  client<C>(Client: ClientClass<C>, serviceId: string): C;
  /** The pages of a paginator, resumed from the last token when throttled. */
  pages<P>(
    open: (startingToken: string | undefined) => AsyncIterable<P>,
    nextToken: (page: P) => string | undefined,
  ): AsyncIterable<P>;
}

/** Lists the resources of one or more types in an account and region. */
export interface Lister {
  /** The types it yields. */
  readonly types: readonly ResourceType[];
  /** Global types are listed once per account, in its first configured region. */
  readonly global?: boolean;
  /** The IAM actions its calls need (the member role always has them). */
  readonly actions: readonly string[];
  list(ctx: ListContext): AsyncIterable<ListedResource>;
}

const nameTag = (tags: Tags) => tags.Name;

/** Every item of every page. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...items(page));
  return all;
}

/**
 * Every lister of the poller: one per audited type (ECS services and tasks share their clusters).
 * Page sizes are set where an API otherwise returns everything at once (EC2, S3) or stops short
 * (SQS ListQueues returns at most 1,000 queues without one).
 */
export const LISTERS: readonly Lister[] = [
  {
    types: ['sqs'],
    actions: ['sqs:ListQueues'],
    async *list(ctx) {
      const client = ctx.client(SQSClient, 'SQS');
      for await (const page of ctx.pages(
        (startingToken) => paginateListQueues({ client, startingToken, pageSize: 1000 }, {}),
        (p) => p.NextToken,
      )) {
        for (const url of page.QueueUrls ?? [])
          yield { type: 'sqs', id: url, name: url.slice(url.lastIndexOf('/') + 1) };
      }
    },
  },
  {
    types: ['s3_bucket'],
    global: true,
    actions: ['s3:ListAllMyBuckets'],
    async *list(ctx) {
      const client = ctx.client(S3Client, 'S3');
      for await (const page of ctx.pages(
        (startingToken) => paginateListBuckets({ client, startingToken, pageSize: 10000 }, {}),
        (p) => p.ContinuationToken,
      )) {
        for (const bucket of page.Buckets ?? [])
          if (bucket.Name) yield { type: 's3_bucket', id: bucket.Name };
      }
    },
  },
  {
    types: ['ami'],
    actions: ['ec2:DescribeImages'],
    async *list(ctx) {
      const client = ctx.client(EC2Client, 'EC2');
      const open = (startingToken: string | undefined) =>
        paginateDescribeImages({ client, startingToken, pageSize: 1000 }, { Owners: ['self'] });
      for await (const page of ctx.pages(open, (p) => p.NextToken)) {
        for (const image of page.Images ?? []) {
          if (image.ImageId)
            yield { type: 'ami', id: image.ImageId, name: image.Name, tags: tagsFromList(image.Tags) };
        }
      }
    },
  },
  {
    types: ['ebs_snapshot'],
    actions: ['ec2:DescribeSnapshots'],
    async *list(ctx) {
      const client = ctx.client(EC2Client, 'EC2');
      const open = (startingToken: string | undefined) =>
        paginateDescribeSnapshots({ client, startingToken, pageSize: 1000 }, { OwnerIds: ['self'] });
      for await (const page of ctx.pages(open, (p) => p.NextToken)) {
        for (const snapshot of page.Snapshots ?? []) {
          if (!snapshot.SnapshotId) continue;
          const tags = tagsFromList(snapshot.Tags);
          yield { type: 'ebs_snapshot', id: snapshot.SnapshotId, name: nameTag(tags), tags };
        }
      }
    },
  },
  {
    types: ['ec2'],
    actions: ['ec2:DescribeInstances'],
    async *list(ctx) {
      const client = ctx.client(EC2Client, 'EC2');
      // Terminated instances cannot be fixed and vanish within the hour.
      const input = {
        Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }],
      };
      const open = (startingToken: string | undefined) =>
        paginateDescribeInstances({ client, startingToken, pageSize: 1000 }, input);
      for await (const page of ctx.pages(open, (p) => p.NextToken)) {
        for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          if (!instance.InstanceId) continue;
          const tags = tagsFromList(instance.Tags);
          yield { type: 'ec2', id: instance.InstanceId, name: nameTag(tags), tags };
        }
      }
    },
  },
  {
    types: ['security_group'],
    actions: ['ec2:DescribeSecurityGroups'],
    async *list(ctx) {
      const client = ctx.client(EC2Client, 'EC2');
      const open = (startingToken: string | undefined) =>
        paginateDescribeSecurityGroups({ client, startingToken, pageSize: 1000 }, {});
      for await (const page of ctx.pages(open, (p) => p.NextToken)) {
        for (const group of page.SecurityGroups ?? []) {
          if (group.GroupId)
            yield {
              type: 'security_group',
              id: group.GroupId,
              name: group.GroupName,
              tags: tagsFromList(group.Tags),
            };
        }
      }
    },
  },
  {
    types: ['rds'],
    actions: ['rds:DescribeDBInstances'],
    async *list(ctx) {
      const client = ctx.client(RDSClient, 'RDS');
      const open = (startingToken: string | undefined) =>
        paginateDescribeDBInstances({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.Marker)) {
        for (const db of page.DBInstances ?? []) {
          if (db.DBInstanceIdentifier)
            yield { type: 'rds', id: db.DBInstanceIdentifier, tags: tagsFromList(db.TagList) };
        }
      }
    },
  },
  {
    types: ['rds_snapshot'],
    actions: ['rds:DescribeDBSnapshots'],
    async *list(ctx) {
      const client = ctx.client(RDSClient, 'RDS');
      // Only manual snapshots can be shared.
      const open = (startingToken: string | undefined) =>
        paginateDescribeDBSnapshots({ client, startingToken }, { SnapshotType: 'manual' });
      for await (const page of ctx.pages(open, (p) => p.Marker)) {
        for (const snapshot of page.DBSnapshots ?? []) {
          if (snapshot.DBSnapshotIdentifier) {
            yield {
              type: 'rds_snapshot',
              id: snapshot.DBSnapshotIdentifier,
              tags: tagsFromList(snapshot.TagList),
            };
          }
        }
      }
    },
  },
  {
    types: ['redshift'],
    actions: ['redshift:DescribeClusters'],
    async *list(ctx) {
      const client = ctx.client(RedshiftClient, 'Redshift');
      const open = (startingToken: string | undefined) =>
        paginateDescribeClusters({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.Marker)) {
        for (const cluster of page.Clusters ?? []) {
          if (cluster.ClusterIdentifier)
            yield { type: 'redshift', id: cluster.ClusterIdentifier, tags: tagsFromList(cluster.Tags) };
        }
      }
    },
  },
  {
    types: ['elb'],
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    async *list(ctx) {
      const client = ctx.client(ElasticLoadBalancingClient, 'Elastic Load Balancing');
      const open = (startingToken: string | undefined) =>
        paginateDescribeClassicLoadBalancers({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.NextMarker)) {
        for (const lb of page.LoadBalancerDescriptions ?? [])
          if (lb.LoadBalancerName) yield { type: 'elb', id: lb.LoadBalancerName };
      }
    },
  },
  {
    types: ['elbv2'],
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    async *list(ctx) {
      const client = ctx.client(ElasticLoadBalancingV2Client, 'Elastic Load Balancing v2');
      const open = (startingToken: string | undefined) =>
        paginateDescribeLoadBalancers({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.NextMarker)) {
        for (const lb of page.LoadBalancers ?? []) {
          if (lb.LoadBalancerArn) yield { type: 'elbv2', id: lb.LoadBalancerArn, name: lb.LoadBalancerName };
        }
      }
    },
  },
  {
    types: ['lambda_function'],
    actions: ['lambda:ListFunctions'],
    async *list(ctx) {
      const client = ctx.client(LambdaClient, 'Lambda');
      const open = (startingToken: string | undefined) =>
        paginateListFunctions({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.NextMarker)) {
        for (const fn of page.Functions ?? [])
          if (fn.FunctionName) yield { type: 'lambda_function', id: fn.FunctionName };
      }
    },
  },
  {
    types: ['iam_user'],
    global: true,
    actions: ['iam:ListUsers'],
    async *list(ctx) {
      const client = ctx.client(IAMClient, 'IAM');
      const open = (startingToken: string | undefined) => paginateListUsers({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => (p.IsTruncated ? p.Marker : undefined))) {
        for (const user of page.Users ?? []) if (user.UserName) yield { type: 'iam_user', id: user.UserName };
      }
    },
  },
  {
    types: ['iam_role'],
    global: true,
    actions: ['iam:ListRoles'],
    async *list(ctx) {
      const client = ctx.client(IAMClient, 'IAM');
      const open = (startingToken: string | undefined) => paginateListRoles({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => (p.IsTruncated ? p.Marker : undefined))) {
        for (const role of page.Roles ?? []) {
          // Service-linked roles belong to AWS services: their trust cannot be changed, nor made public.
          if (role.RoleName && !role.Path?.startsWith('/aws-service-role/'))
            yield { type: 'iam_role', id: role.RoleName };
        }
      }
    },
  },
  {
    types: ['kms_key'],
    actions: ['kms:ListKeys', 'kms:ListAliases'],
    async *list(ctx) {
      const client = ctx.client(KMSClient, 'KMS');
      const aliases = new Map<string, string[]>();
      const keys: string[] = [];
      await Promise.all([
        (async () => {
          const open = (startingToken: string | undefined) =>
            paginateListAliases({ client, startingToken }, {});
          for await (const page of ctx.pages(open, (p) => (p.Truncated ? p.NextMarker : undefined))) {
            for (const alias of page.Aliases ?? []) {
              if (alias.TargetKeyId && alias.AliasName)
                aliases.set(alias.TargetKeyId, [...(aliases.get(alias.TargetKeyId) ?? []), alias.AliasName]);
            }
          }
        })(),
        (async () => {
          const open = (startingToken: string | undefined) => paginateListKeys({ client, startingToken }, {});
          for await (const page of ctx.pages(open, (p) => (p.Truncated ? p.NextMarker : undefined))) {
            for (const key of page.Keys ?? []) if (key.KeyId) keys.push(key.KeyId);
          }
        })(),
      ]);
      for (const keyId of keys) {
        const names = aliases.get(keyId) ?? [];
        // Keys AWS manages for a service carry an alias/aws/... alias; their policy is not ours to fix.
        if (names.some((n) => n.startsWith('alias/aws/'))) continue;
        yield { type: 'kms_key', id: keyId, name: names.join(' ') };
      }
    },
  },
  {
    types: ['ecs_service', 'ecs_task'],
    actions: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:ListTasks'],
    async *list(ctx) {
      const client = ctx.client(ECSClient, 'ECS');
      const clusters: string[] = [];
      const open = (startingToken: string | undefined) => paginateListClusters({ client, startingToken }, {});
      for await (const page of ctx.pages(open, (p) => p.nextToken))
        clusters.push(...(page.clusterArns ?? []));
      // Each cluster's services and tasks are listed at once: the chain is as long as the longest one.
      const found = await Promise.all(
        clusters.flatMap((cluster) => [
          collect(
            ctx.pages(
              (startingToken) => paginateListServices({ client, startingToken, pageSize: 100 }, { cluster }),
              (p) => p.nextToken,
            ),
            (page) => (page.serviceArns ?? []).map((id): ListedResource => ({ type: 'ecs_service', id })),
          ),
          collect(
            ctx.pages(
              (startingToken) =>
                paginateListTasks(
                  { client, startingToken, pageSize: 100 },
                  { cluster, desiredStatus: 'RUNNING' },
                ),
              (p) => p.nextToken,
            ),
            (page) => (page.taskArns ?? []).map((id): ListedResource => ({ type: 'ecs_task', id })),
          ),
        ]),
      );
      yield* found.flat();
    },
  },
];

/** The IAM actions every lister needs, sorted and without duplicates. */
export function listerActions(): string[] {
  return [...new Set(LISTERS.flatMap((l) => l.actions))].sort();
}
