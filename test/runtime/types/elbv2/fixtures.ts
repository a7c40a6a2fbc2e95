/** Application and network load balancers (id: the load balancer or target group ARN): scheme and targets. */
import { ACCOUNT, REGION, resource, type Scenario } from '../../../helpers/resources';
import type { World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';

export const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067`;

export function elbv2World(
  options: { scheme?: string; targets?: string[]; targetType?: string } = {},
): World {
  return {
    'Elastic Load Balancing v2.DescribeTargetGroups': {
      TargetGroups: [
        { TargetGroupArn: TG_ARN, TargetType: options.targetType ?? 'instance', LoadBalancerArns: [LB_ARN] },
      ],
    },
    'Elastic Load Balancing v2.DescribeLoadBalancers': {
      LoadBalancers: [
        { LoadBalancerArn: LB_ARN, LoadBalancerName: 'web', Scheme: options.scheme ?? 'internal' },
      ],
    },
    'Elastic Load Balancing v2.DescribeTags': { TagDescriptions: [{ ResourceArn: LB_ARN, Tags: [] }] },
    'Elastic Load Balancing v2.DescribeTargetHealth': {
      TargetHealthDescriptions: (options.targets ?? []).map((Id) => ({
        Target: { Id, Port: 80 },
        TargetHealth: { State: 'healthy' },
      })),
    },
    'Elastic Load Balancing v2.DeregisterTargets': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('elbv2', LB_ARN),
  world: () => elbv2World({ scheme: 'internet-facing', targets: ['i-1', 'i-2'] }),
  settings: { devAccounts: [ACCOUNT] },
  failing: ['elbv2.public_dev_instance'],
};

export const listing: ListingFixture = {
  typical: { elbv2: [0, 3] },
  ids: {
    elbv2: (account, region, index) =>
      `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/lb-${index}/0123456789abcdef`,
  },
  responders: (estate) => ({
    'Elastic Load Balancing v2.DescribeLoadBalancers': estate.list(
      'elbv2',
      'LoadBalancers',
      NEXT_MARKER,
      (LoadBalancerArn) => ({
        LoadBalancerArn,
        LoadBalancerName: LoadBalancerArn.split('/')[2],
      }),
    ),
  }),
};
