import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient, StopTaskCommand } from '@aws-sdk/client-ecs';
import { unless } from '../../aws/errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';
import { clusterOf } from '../ecs_service/auditor';

/** ECS tasks (id: the task ARN): a running task must not have a public IP address. */
export const auditor: Auditor = {
  type: 'ecs_task',

  async inspect(resource, ctx) {
    const ecs = ctx.client(ECSClient, 'ECS');
    const cluster = clusterOf(resource.id);
    const output = await unless(
      ecs.send(new DescribeTasksCommand({ cluster, tasks: [resource.id], include: ['TAGS'] })),
      ['ClusterNotFoundException'],
      undefined,
    );
    const task = output?.tasks?.[0];
    if (!task || task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return GONE;
    const tags = tagsFromList(task.tags, 'key', 'value');
    const eni = (task.attachments ?? [])
      .filter((a) => a.type === 'ElasticNetworkInterface')
      .flatMap((a) => a.details ?? [])
      .find((d) => d.name === 'networkInterfaceId')?.value;
    if (!eni) return { tags, violations: [] };
    const ec2 = ctx.client(EC2Client, 'EC2');
    const interfaces = await unless(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] })),
      ['InvalidNetworkInterfaceID.NotFound'],
      undefined,
    );
    // The interface is gone once the task has stopped.
    if (!interfaces) return GONE;
    const { NetworkInterfaces = [] } = interfaces;
    const publicIp = NetworkInterfaces[0]?.Association?.PublicIp;
    if (!publicIp) return { tags, violations: [] };
    // A service's task (group "service:<name>") is replaced when stopped; a standalone one is not.
    const service = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
    if (service === undefined) {
      return {
        tags,
        violations: [
          {
            check: 'ecs_task.public_ip',
            message: `Standalone task ${resource.id} (group ${task.group ?? 'none'}) is reachable at ${publicIp}.`,
            action:
              'none: a standalone task is not stopped (nothing would start it again); stop it by hand, or run it without a public IP',
          },
        ],
      };
    }
    return {
      tags,
      violations: [
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
      ],
    };
  },
};
