import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { unless } from '../aws/errors';
import { settle } from './settle';
import { tagsFromList } from './tags';
import type { Auditor } from './types';

/**
 * The cluster of a service or task ARN: `arn:aws:ecs:r:a:service/<cluster>/<name>` (the long form),
 * or `default` for the old short form `service/<name>`.
 */
export function clusterOf(arn: string): string {
  const path = arn.split(':').slice(5).join(':').split('/');
  return path.length >= 3 ? path[1]! : 'default';
}

/** ECS services (id: the service ARN): tasks started without public IP addresses. */
export const ecsServiceAuditor: Auditor = {
  type: 'ecs_service',
  checks: [
    {
      id: 'ecs_service.public_ip',
      severity: 'high',
      title: 'ECS service gives its tasks public IP addresses',
      fix: 'update the service to not assign public IPs',
    },
  ],
  readActions: ['ecs:DescribeServices'],
  remediateActions: ['ecs:UpdateService'],

  async audit(resource, ctx) {
    const ecs = ctx.client(ECSClient, 'ECS');
    const cluster = clusterOf(resource.id);
    const output = await unless(
      ecs.send(new DescribeServicesCommand({ cluster, services: [resource.id], include: ['TAGS'] })),
      ['ClusterNotFoundException'],
      undefined,
    );
    const service = output?.services?.find((s) => s.status !== 'INACTIVE');
    if (!service) return [];
    const vpc = service.networkConfiguration?.awsvpcConfiguration;
    const tags = tagsFromList(service.tags, 'key', 'value');
    if (vpc?.assignPublicIp !== 'ENABLED') return settle(ecsServiceAuditor, resource, ctx, tags, []);
    return settle(ecsServiceAuditor, resource, ctx, tags, [
      {
        check: 'ecs_service.public_ip',
        message: `Service ${service.serviceName} in cluster ${cluster} gives its tasks public IP addresses.`,
        action:
          'update the service: assignPublicIp DISABLED (new tasks need a NAT or VPC endpoints to reach AWS)',
        fix: async () => {
          await ecs.send(
            new UpdateServiceCommand({
              cluster,
              service: resource.id,
              networkConfiguration: {
                awsvpcConfiguration: { ...vpc, subnets: vpc.subnets ?? [], assignPublicIp: 'DISABLED' },
              },
            }),
          );
          return { awsvpcConfiguration: vpc };
        },
      },
    ]);
  },
};

/** ECS tasks (id: the task ARN): a running task must not have a public IP address. */
export const ecsTaskAuditor: Auditor = {
  type: 'ecs_task',
  checks: [
    {
      id: 'ecs_task.public_ip',
      severity: 'high',
      title: 'Running ECS task has a public IP address',
      fix: 'stop the task when it belongs to a service (which starts a new one); a standalone task is reported only, since nothing would start it again',
    },
  ],
  readActions: ['ecs:DescribeTasks', 'ec2:DescribeNetworkInterfaces'],
  remediateActions: ['ecs:StopTask'],

  async audit(resource, ctx) {
    const ecs = ctx.client(ECSClient, 'ECS');
    const cluster = clusterOf(resource.id);
    const output = await unless(
      ecs.send(new DescribeTasksCommand({ cluster, tasks: [resource.id], include: ['TAGS'] })),
      ['ClusterNotFoundException'],
      undefined,
    );
    const task = output?.tasks?.[0];
    if (!task || task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return [];
    const tags = tagsFromList(task.tags, 'key', 'value');
    const eni = (task.attachments ?? [])
      .filter((a) => a.type === 'ElasticNetworkInterface')
      .flatMap((a) => a.details ?? [])
      .find((d) => d.name === 'networkInterfaceId')?.value;
    if (!eni) return settle(ecsTaskAuditor, resource, ctx, tags, []);
    const ec2 = ctx.client(EC2Client, 'EC2');
    const interfaces = await unless(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] })),
      ['InvalidNetworkInterfaceID.NotFound'],
      undefined,
    );
    // The interface is gone once the task has stopped.
    if (!interfaces) return [];
    const { NetworkInterfaces = [] } = interfaces;
    const publicIp = NetworkInterfaces[0]?.Association?.PublicIp;
    if (!publicIp) return settle(ecsTaskAuditor, resource, ctx, tags, []);
    // A service's task (group "service:<name>") is replaced when stopped; a standalone one is not.
    const service = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
    if (service === undefined) {
      return settle(ecsTaskAuditor, resource, ctx, tags, [
        {
          check: 'ecs_task.public_ip',
          message: `Standalone task ${resource.id} (group ${task.group ?? 'none'}) is reachable at ${publicIp}.`,
          action:
            'none: a standalone task is not stopped (nothing would start it again); stop it by hand, or run it without a public IP',
        },
      ]);
    }
    return settle(ecsTaskAuditor, resource, ctx, tags, [
      {
        check: 'ecs_task.public_ip',
        message: `Task ${resource.id} of service ${service} is reachable at ${publicIp}.`,
        action: `stop the task; service ${service} starts a new one`,
        fix: async () => {
          await ecs.send(
            new StopTaskCommand({
              cluster,
              task: resource.id,
              reason: 'aws-remediation: ecs_task.public_ip',
            }),
          );
          return { lastStatus: task.lastStatus, publicIp };
        },
      },
    ]);
  },
};
