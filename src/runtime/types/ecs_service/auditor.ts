import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { unless } from '../../aws/errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, Fixed } from '../../auditors/types';

/**
 * The cluster of a service or task ARN: `arn:aws:ecs:r:a:service/<cluster>/<name>` (the long form),
 * or `default` for the old short form `service/<name>`.
 */
export function clusterOf(arn: string): string {
  const path = arn.split(':').slice(5).join(':').split('/');
  return path.length >= 3 ? path[1]! : 'default';
}

/** ECS services (id: the service ARN): tasks started without public IP addresses. */
export const auditor: Auditor = {
  type: 'ecs_service',

  async inspect(resource, ctx) {
    const ecs = ctx.client(ECSClient, 'ECS');
    const cluster = clusterOf(resource.id);
    const output = await unless(
      ecs.send(new DescribeServicesCommand({ cluster, services: [resource.id], include: ['TAGS'] })),
      ['ClusterNotFoundException'],
      undefined,
    );
    const service = output?.services?.find((s) => s.status !== 'INACTIVE');
    if (!service) return GONE;
    const vpc = service.networkConfiguration?.awsvpcConfiguration;
    const tags = tagsFromList(service.tags, 'key', 'value');
    if (vpc?.assignPublicIp !== 'ENABLED') return { tags, violations: [] };
    return {
      tags,
      violations: [
        {
          check: 'ecs_service.public_ip',
          message: `Service ${service.serviceName} in cluster ${cluster} gives its tasks public IP addresses.`,
          action:
            'update the service: assignPublicIp DISABLED (new tasks need a NAT or VPC endpoints to reach AWS)',
          fix: async () => {
            const awsvpcConfiguration = {
              ...vpc,
              subnets: vpc.subnets ?? [],
              assignPublicIp: 'DISABLED' as const,
            };
            await ecs.send(
              new UpdateServiceCommand({
                cluster,
                service: resource.id,
                networkConfiguration: { awsvpcConfiguration },
              }),
            );
            return new Fixed({ awsvpcConfiguration: vpc }, { awsvpcConfiguration });
          },
        },
      ],
    };
  },
};
