import {
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'elbv2',
  client: ElasticLoadBalancingV2Client,
  serviceId: 'Elastic Load Balancing v2',
  paginate: paginateDescribeLoadBalancers,
  input: {},
  next: (p) => p.NextMarker,
  items: (p) => p.LoadBalancers,
  id: (lb) => lb.LoadBalancerArn,
  name: (lb) => lb.LoadBalancerName,
});
