import { defineType } from '../manifest';
import { requestId, strings } from '../../events/ids';

/** Classic load balancers (id: the load balancer name): tagged, nothing public in dev accounts. */
export const elb = defineType({
  type: 'elb',
  id: 'the load balancer name',
  checks: [
    { id: 'elb.missing_tags', severity: 'low', title: 'Load balancer lacks required tags' },
    {
      id: 'elb.instance_tag_mismatch',
      severity: 'low',
      title: "Load balancer's instances carry other required tags than it does",
    },
    {
      id: 'elb.public_dev_instance',
      severity: 'high',
      title: 'Internet-facing load balancer in a dev account serves instances',
      fix: 'deregister its instances',
      consent: 'disruptive',
    },
  ],
  readActions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
    'ec2:DescribeInstances',
  ],
  remediateActions: ['elasticloadbalancing:DeregisterInstancesFromLoadBalancer'],
  notFound: ['LoadBalancerNotFound', 'AccessPointNotFoundException'],
  events: [
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['RegisterInstancesWithLoadBalancer'],
      ids: requestId('loadBalancerName'),
    },
    // Classic and v2 share CreateLoadBalancer: each type reads its own shape.
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['CreateLoadBalancer'],
      ids: requestId('loadBalancerName'),
    },
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['RemoveTags'],
      ids: (d) => strings(d.requestParameters, ['loadBalancerNames']),
    },
  ],
  listing: {
    actions: ['elasticloadbalancing:DescribeLoadBalancers'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: {
    resourceType: 'AwsElbLoadBalancer',
    arn: (r, p) => `arn:${p}:elasticloadbalancing:${r.region}:${r.account}:loadbalancer/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['elasticloadbalancing:RegisterInstancesWithLoadBalancer'],
});
