import {
  DeregisterTargetsCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { unless } from '../../aws/errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';

const NOT_FOUND = [
  'LoadBalancerNotFoundException',
  'LoadBalancerNotFound',
  'TargetGroupNotFoundException',
  'TargetGroupNotFound',
];

/**
 * Application and network load balancers (id: a load balancer ARN, or a target group ARN): nothing
 * internet-facing in front of instances in a dev account.
 */
export const auditor: Auditor = {
  type: 'elbv2',

  async inspect(resource, ctx) {
    // Only dev accounts have this check; elsewhere nothing is read.
    if (!ctx.settings.devAccounts.includes(resource.account)) return { tags: {}, violations: [] };
    const elb = ctx.client(ElasticLoadBalancingV2Client, 'Elastic Load Balancing v2');
    const arn = resource.id;
    const isTargetGroup = arn.includes(':targetgroup/');
    const groups = await unless(
      elb.send(
        new DescribeTargetGroupsCommand(
          isTargetGroup ? { TargetGroupArns: [arn] } : { LoadBalancerArn: arn },
        ),
      ),
      NOT_FOUND,
      undefined,
    );
    if (!groups) return GONE;
    const lbArns = isTargetGroup
      ? [...new Set((groups.TargetGroups ?? []).flatMap((g) => g.LoadBalancerArns ?? []))]
      : [arn];
    if (lbArns.length === 0) return { tags: {}, violations: [] };
    const lbs = await unless(
      elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: lbArns })),
      NOT_FOUND,
      undefined,
    );
    const public_ = (lbs?.LoadBalancers ?? []).filter((lb) => lb.Scheme === 'internet-facing');
    const tagged = await elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
    const tags = tagsFromList(tagged.TagDescriptions?.[0]?.Tags);
    const violations: Violation[] = [];

    if (public_.length > 0) {
      const targets: { TargetGroupArn: string; Targets: TargetDescription[] }[] = [];
      for (const group of groups.TargetGroups ?? []) {
        if (group.TargetType !== 'instance' || !group.TargetGroupArn) continue;
        const health = await elb.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }),
        );
        const found = (health.TargetHealthDescriptions ?? []).flatMap((d) =>
          d.Target?.Id ? [{ Id: d.Target.Id, Port: d.Target.Port }] : [],
        );
        if (found.length > 0) targets.push({ TargetGroupArn: group.TargetGroupArn, Targets: found });
      }
      if (targets.length > 0) {
        const ids = targets.flatMap((t) => t.Targets.map((x) => x.Id));
        violations.push({
          check: 'elbv2.public_dev_instance',
          message: `Internet-facing load balancer ${public_.map((lb) => lb.LoadBalancerName).join(', ')} in dev account ${resource.account} serves instances ${ids.join(', ')}.`,
          action: `deregister ${ids.join(', ')}`,
          fix: async () => {
            for (const t of targets) await elb.send(new DeregisterTargetsCommand(t));
            // The state: the deregistered targets that are registered, by group.
            return new Fixed({ Targets: targets }, { Targets: targets.map((t) => ({ ...t, Targets: [] })) });
          },
        });
      }
    }
    return { tags, violations };
  },
};
