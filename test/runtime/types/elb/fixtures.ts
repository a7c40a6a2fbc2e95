/** Classic load balancers (id: the name): scheme, instances and their tags. */
import { ACCOUNT, resource, type Scenario, tagList } from '../../../helpers/resources';
import type { World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';

export const LB_NAME = 'web-classic';

export function elbWorld(
  options: {
    scheme?: string;
    instances?: string[];
    tags?: Record<string, string>;
    instanceTags?: Record<string, Record<string, string>>;
  } = {},
): World {
  return {
    'Elastic Load Balancing.DescribeLoadBalancers': {
      LoadBalancerDescriptions: [
        {
          LoadBalancerName: LB_NAME,
          Scheme: options.scheme ?? 'internal',
          Instances: (options.instances ?? []).map((InstanceId) => ({ InstanceId })),
        },
      ],
    },
    'Elastic Load Balancing.DescribeTags': {
      TagDescriptions: [{ LoadBalancerName: LB_NAME, Tags: tagList(options.tags) }],
    },
    'EC2.DescribeInstances': (input: { Filters?: { Values: string[] }[] }) => ({
      Reservations: [
        {
          Instances: (input.Filters?.[0]?.Values ?? []).map((InstanceId) => ({
            InstanceId,
            Tags: tagList(options.instanceTags?.[InstanceId]),
          })),
        },
      ],
    }),
    'Elastic Load Balancing.DeregisterInstancesFromLoadBalancer': { Instances: [] },
  };
}

export const noncompliant: Scenario = {
  resource: resource('elb', LB_NAME),
  world: () =>
    elbWorld({
      scheme: 'internet-facing',
      instances: ['i-1', 'i-2'],
      tags: { team: 'web' },
      instanceTags: { 'i-1': { owner: 'bob' } },
    }),
  settings: { requiredTags: ['owner'], devAccounts: [ACCOUNT] },
  failing: ['elb.missing_tags', 'elb.instance_tag_mismatch', 'elb.public_dev_instance'],
};

export const listing: ListingFixture = {
  typical: { elb: [0, 2] },
  responders: (estate) => ({
    'Elastic Load Balancing.DescribeLoadBalancers': estate.list(
      'elb',
      'LoadBalancerDescriptions',
      NEXT_MARKER,
      (LoadBalancerName) => ({
        LoadBalancerName,
      }),
    ),
  }),
};
