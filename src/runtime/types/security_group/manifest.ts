import { defineType } from '../manifest';
import { first, req, res, strings } from '../../events/ids';

/** Security groups (id: the group id): no ingress from 0.0.0.0/0 or ::/0. */
export const securityGroup = defineType({
  type: 'security_group',
  id: 'the group id (sg-...)',
  checks: [
    {
      id: 'security_group.public_ingress',
      severity: 'high',
      title: 'Security group allows ingress from anywhere',
      fix: 'revoke exactly the 0.0.0.0/0 and ::/0 ingress rules; the others stay',
    },
  ],
  readActions: ['ec2:DescribeSecurityGroups'],
  remediateActions: ['ec2:RevokeSecurityGroupIngress'],
  notFound: ['InvalidGroup.NotFound'],
  events: [
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['CreateSecurityGroup'],
      ids: (d) => first(res(d, 'groupId')),
    },
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['AuthorizeSecurityGroupIngress'],
      ids: (d) => {
        const fromRequest = req(d, 'groupId');
        if (fromRequest) return [fromRequest];
        return [...new Set(strings(d.responseElements, ['securityGroupRuleSet'], 'groupId'))];
      },
    },
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['ModifySecurityGroupRules'],
      ids: (d) => first(req(d, 'ModifySecurityGroupRulesRequest', 'GroupId') ?? req(d, 'groupId')),
    },
  ],
  listing: { actions: ['ec2:DescribeSecurityGroups'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsEc2SecurityGroup',
    arn: (r, p) => `arn:${p}:ec2:${r.region}:${r.account}:security-group/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ec2:AuthorizeSecurityGroupIngress'],
});
