import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoStep, UndoTable } from '../../undo/types';

type Groups = { TargetGroupArn: string; Targets: TargetDescription[] }[];

const same = (a: TargetDescription, b: TargetDescription) =>
  a.Id === b.Id && (a.Port ?? null) === (b.Port ?? null);

/** The targets a fix deregistered are registered again, in their target groups. */
export const undo: UndoTable = {
  'elbv2.public_dev_instance': {
    async plan(finding, ctx) {
      const elb = ctx.client(ElasticLoadBalancingV2Client, 'Elastic Load Balancing v2');
      const removed = (beforeOf<{ Targets: Groups }>(finding).Targets ?? []) as Groups;
      const current: Groups = [];
      const steps: UndoStep[] = [];
      for (const group of removed) {
        const health = await elb.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }),
        );
        const now = (health.TargetHealthDescriptions ?? []).flatMap((d) => (d.Target ? [d.Target] : []));
        const registered = group.Targets.filter((t) => now.some((n) => same(n, t)));
        const missing = group.Targets.filter((t) => !now.some((n) => same(n, t)));
        // The state: which of the deregistered targets are registered, by group.
        current.push({ TargetGroupArn: group.TargetGroupArn, Targets: registered });
        if (missing.length > 0) {
          steps.push(
            step(elb, 'Elastic Load Balancing v2', RegisterTargetsCommand, {
              TargetGroupArn: group.TargetGroupArn,
              Targets: missing,
            }),
          );
        }
      }
      const state = { Targets: current };
      return { current: state, changed: changedSince(state, finding.after), steps };
    },
  },
};
