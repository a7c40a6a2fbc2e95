import { defineType } from '../manifest';
import { first, list, req, requestId, str, strings } from '../../events/ids';

/** The load balancer ARN a listener ARN belongs to. */
function loadBalancerArnOfListener(listenerArn: string | undefined): string | undefined {
  const match = listenerArn?.match(
    /^(arn:[^:]+:elasticloadbalancing:[^:]*:\d*:)listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\//,
  );
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}

/**
 * Application, network and gateway load balancers (id: the load balancer or target group ARN): nothing
 * public in dev accounts.
 */
export const elbv2 = defineType({
  type: 'elbv2',
  id: 'the load balancer ARN, or a target group ARN',
  checks: [
    {
      id: 'elbv2.public_dev_instance',
      severity: 'high',
      title: 'Internet-facing load balancer in a dev account serves instances',
      fix: 'deregister the instance targets',
      consent: 'disruptive',
    },
  ],
  readActions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
    'elasticloadbalancing:DescribeTags',
  ],
  remediateActions: ['elasticloadbalancing:DeregisterTargets'],
  notFound: [
    'LoadBalancerNotFound',
    'LoadBalancerNotFoundException',
    'TargetGroupNotFound',
    'TargetGroupNotFoundException',
  ],
  events: [
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['CreateLoadBalancer'],
      ids: (d) => strings(d.responseElements, ['loadBalancers'], 'loadBalancerArn'),
    },
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['RegisterTargets'],
      ids: requestId('targetGroupArn'),
    },
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['CreateListener'],
      ids: (d) =>
        first(req(d, 'loadBalancerArn') ?? str(list(d.responseElements, 'listeners')[0], 'loadBalancerArn')),
    },
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['ModifyListener'],
      ids: (d) =>
        first(
          str(list(d.responseElements, 'listeners')[0], 'loadBalancerArn') ??
            loadBalancerArnOfListener(req(d, 'listenerArn')),
        ),
    },
  ],
  listing: {
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: { resourceType: 'AwsElbv2LoadBalancer', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['elasticloadbalancing:RegisterTargets'],
});
