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

/** Services and tasks, listed cluster by cluster (the lister of ecs_service yields both types). */
export const listing: ListingFixture = {
  ids: {
    ecs_cluster: (account, region, index) => `arn:aws:ecs:${region}:${account}:cluster/cluster-${index}`,
  },
  responders: (estate) => ({
    'ECS.ListClusters': estate.list('ecs_cluster', 'clusterArns', {
      input: 'nextToken',
      output: 'nextToken',
    }),
    'ECS.ListServices': (input: Record<string, unknown>, call: SentCommand) =>
      estate.page(
        estate
          .ids('ecs_service', call)
          .map((id) => `${String(input.cluster).replace(':cluster/', ':service/')}/${id}`),
        'serviceArns',
        { input: 'nextToken', output: 'nextToken' },
        input,
      ),
    'ECS.ListTasks': (input: Record<string, unknown>, call: SentCommand) =>
      estate.page(
        estate
          .ids('ecs_task', call)
          .map((id) => `${String(input.cluster).replace(':cluster/', ':task/')}/${id}`),
        'taskArns',
        { input: 'nextToken', output: 'nextToken' },
        input,
      ),
  }),
};
