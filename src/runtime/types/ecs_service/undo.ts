import {
  type AwsVpcConfiguration,
  DescribeServicesCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';
import { clusterOf } from './auditor';

/** The service's network configuration is set back as it was (public IPs for new tasks). */
export const undo: UndoTable = {
  'ecs_service.public_ip': {
    async plan(finding, ctx) {
      const ecs = ctx.client(ECSClient, 'ECS');
      const cluster = clusterOf(finding.resource.id);
      const { services = [] } = await ecs.send(
        new DescribeServicesCommand({ cluster, services: [finding.resource.id] }),
      );
      const current = {
        awsvpcConfiguration: services.find((s) => s.status !== 'INACTIVE')?.networkConfiguration
          ?.awsvpcConfiguration,
      };
      const before = beforeOf<{ awsvpcConfiguration: AwsVpcConfiguration }>(finding).awsvpcConfiguration;
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          before && current.awsvpcConfiguration?.assignPublicIp !== before.assignPublicIp
            ? [
                step(ecs, 'ECS', UpdateServiceCommand, {
                  cluster,
                  service: finding.resource.id,
                  networkConfiguration: { awsvpcConfiguration: { ...before, subnets: before.subnets ?? [] } },
                }),
              ]
            : [],
      };
    },
  },
};
