import {
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'elb',
  client: ElasticLoadBalancingClient,
  serviceId: 'Elastic Load Balancing',
  paginate: paginateDescribeLoadBalancers,
  input: {},
  next: (p) => p.NextMarker,
  items: (p) => p.LoadBalancerDescriptions,
  id: (lb) => lb.LoadBalancerName,
});
