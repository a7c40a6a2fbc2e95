/** ECS services (id: the service ARN), and the cluster they share with ecs_task's running task. */
import { ACCOUNT, REGION, resource, type Scenario } from '../../../helpers/resources';
import type { SentCommand, World } from '../../../helpers/aws';
import type { ListingFixture } from '../../../helpers/listing';

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

export const noncompliant: Scenario = {
  resource: resource('ecs_service', SERVICE_ARN),
  world: () => ecsWorld({ assignPublicIp: 'ENABLED' }),
  failing: ['ecs_service.public_ip'],
};

/** The ARN of a service's or task's `id` in a cluster (`...:cluster/c` -> `...:service/c/<id>`). */
const inCluster = (cluster: string, kind: 'service' | 'task', id: string) =>
  `${cluster.replace(':cluster/', `:${kind}/`)}/${id}`;
const NEXT = { input: 'nextToken', output: 'nextToken' };

/** Services and running tasks, listed cluster by cluster (the lister of ecs_service yields both types). */
export const listing: ListingFixture = {
  typical: { ecs_cluster: [0, 2], ecs_service: [0, 3], ecs_task: [0, 5] },
  holders: { ecs_cluster: 2 },
  ids: {
    ecs_cluster: (account, region, index) => `arn:aws:ecs:${region}:${account}:cluster/cluster-${index}`,
  },
  // Each cluster holds the account and region's count of services and of tasks.
  listed: (ids) => ({
    ecs_service: ids('ecs_cluster').flatMap((c) =>
      ids('ecs_service').map((id) => inCluster(c, 'service', id)),
    ),
    ecs_task: ids('ecs_cluster').flatMap((c) => ids('ecs_task').map((id) => inCluster(c, 'task', id))),
  }),
  responders: (estate) => ({
    'ECS.ListClusters': estate.list('ecs_cluster', 'clusterArns', NEXT),
    'ECS.ListServices': (input: Record<string, unknown>, call: SentCommand) =>
      estate.page(
        estate.ids('ecs_service', call).map((id) => inCluster(String(input.cluster), 'service', id)),
        'serviceArns',
        NEXT,
        input,
      ),
    'ECS.ListTasks': (input: Record<string, unknown>, call: SentCommand) =>
      estate.page(
        estate.ids('ecs_task', call).map((id) => inCluster(String(input.cluster), 'task', id)),
        'taskArns',
        NEXT,
        input,
      ),
  }),
};
