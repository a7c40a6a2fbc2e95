import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The instances a fix deregistered are registered again. */
export const undo: UndoTable = {
  'elb.public_dev_instance': {
    async plan(finding, ctx) {
      const elb = ctx.client(ElasticLoadBalancingClient, 'Elastic Load Balancing');
      const LoadBalancerName = finding.resource.id;
      const removed = beforeOf<{ Instances: { InstanceId: string }[] }>(finding).Instances ?? [];
      const output = await elb.send(
        new DescribeLoadBalancersCommand({ LoadBalancerNames: [LoadBalancerName] }),
      );
      const now = new Set((output.LoadBalancerDescriptions?.[0]?.Instances ?? []).map((i) => i.InstanceId));
      // The state: which of the deregistered instances are registered.
      const current = { Instances: removed.filter((i) => now.has(i.InstanceId)) };
      const missing = removed.filter((i) => !now.has(i.InstanceId));
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          missing.length > 0
            ? [
                step(elb, 'Elastic Load Balancing', RegisterInstancesWithLoadBalancerCommand, {
                  LoadBalancerName,
                  Instances: missing,
                }),
              ]
            : [],
      };
    },
  },
};
