import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DeregisterInstancesFromLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { unless } from '../../aws/errors';
import { missingTagsViolation, tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';

/**
 * Classic load balancers (id: the name): the required tags, registered instances tagged like their
 * load balancer, and nothing internet-facing in front of instances in a dev account.
 */
export const auditor: Auditor = {
  type: 'elb',

  async inspect(resource, ctx) {
    const elb = ctx.client(ElasticLoadBalancingClient, 'Elastic Load Balancing');
    const LoadBalancerName = resource.id;
    const output = await unless(
      elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [LoadBalancerName] })),
      ['LoadBalancerNotFound', 'AccessPointNotFoundException'],
      undefined,
    );
    const lb = output?.LoadBalancerDescriptions?.[0];
    if (!lb) return GONE;
    const tagged = await elb.send(new DescribeTagsCommand({ LoadBalancerNames: [LoadBalancerName] }));
    const tags = tagsFromList(tagged.TagDescriptions?.[0]?.Tags);
    const instances = (lb.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));
    const required = ctx.settings.requiredTags;
    const violations: Violation[] = [];

    violations.push(
      ...missingTagsViolation('elb.missing_tags', `Load balancer ${LoadBalancerName}`, tags, required),
    );
    if (required.length > 0 && instances.length > 0) {
      const ec2 = ctx.client(EC2Client, 'EC2');
      // A filter, not InstanceIds: one instance gone since it was registered must not fail the audit.
      const { Reservations = [] } = await ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: instances }] }),
      );
      const mismatches = Reservations.flatMap((r) => r.Instances ?? []).flatMap((instance) => {
        const own = tagsFromList(instance.Tags);
        const differ = required.filter((key) => own[key] !== tags[key]);
        return differ.length > 0
          ? [`${instance.InstanceId} (${differ.map((k) => `${k}=${own[k] ?? '(none)'}`).join(', ')})`]
          : [];
      });
      if (mismatches.length > 0) {
        violations.push({
          check: 'elb.instance_tag_mismatch',
          message: `Instances behind load balancer ${LoadBalancerName} differ from it in required tags (${required
            .map((k) => `${k}=${tags[k] ?? '(none)'}`)
            .join(', ')}): ${mismatches.join('; ')}.`,
          action: 'report only (align the tags of the load balancer and its instances)',
        });
      }
    }
    if (
      ctx.settings.devAccounts.includes(resource.account) &&
      lb.Scheme === 'internet-facing' &&
      instances.length > 0
    ) {
      violations.push({
        check: 'elb.public_dev_instance',
        message: `Internet-facing load balancer ${LoadBalancerName} in dev account ${resource.account} serves ${instances.join(', ')}.`,
        action: `deregister ${instances.join(', ')}`,
        fix: async () => {
          await elb.send(
            new DeregisterInstancesFromLoadBalancerCommand({
              LoadBalancerName,
              Instances: instances.map((InstanceId) => ({ InstanceId })),
            }),
          );
          // The state: the deregistered instances that are registered.
          return new Fixed({ Instances: instances.map((InstanceId) => ({ InstanceId })) }, { Instances: [] });
        },
      });
    }
    return { tags, violations };
  },
};
