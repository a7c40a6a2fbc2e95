import { defineType } from '../manifest';
import { first, req, strings } from '../../events/ids';

/** EC2 instances (id: the instance id): IMDSv2 required, tagged, nothing public in dev accounts. */
export const ec2 = defineType({
  type: 'ec2',
  id: 'the instance id (i-...)',
  checks: [
    {
      id: 'ec2.imdsv1_allowed',
      compliance: { fsbp: ['EC2.8'], cis: ['5.6'] },
      severity: 'medium',
      title: 'EC2 instance allows IMDSv1 (metadata without a session token)',
      fix: 'require IMDSv2 session tokens (HttpTokens required)',
    },
    {
      id: 'ec2.missing_tags',
      severity: 'low',
      title: 'EC2 instance lacks required tags',
      fix: 'stop the instance (never terminate)',
      consent: 'disruptive',
    },
    {
      id: 'ec2.public_in_dev_account',
      severity: 'high',
      title: 'EC2 instance in a dev account has a public address',
      fix: 'disassociate its Elastic IPs; an instance with a public primary address is stopped',
      consent: 'disruptive',
    },
  ],
  readActions: ['ec2:DescribeInstances', 'ec2:DescribeAddresses'],
  remediateActions: ['ec2:ModifyInstanceMetadataOptions', 'ec2:StopInstances', 'ec2:DisassociateAddress'],
  notFound: ['InvalidInstanceID.NotFound'],
  events: [
    // One message per launched instance.
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['RunInstances'],
      ids: (d) => strings(d.responseElements, ['instancesSet'], 'instanceId'),
    },
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['ModifyInstanceMetadataOptions'],
      ids: (d) => first(req(d, 'instanceId') ?? req(d, 'ModifyInstanceMetadataOptionsRequest', 'InstanceId')),
    },
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['AssociateAddress'],
      ids: (d) => first(req(d, 'instanceId') ?? req(d, 'AssociateAddressRequest', 'InstanceId')),
    },
    // Removing tags can break ec2.missing_tags (only instances carry a tag check).
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['DeleteTags'],
      ids: (d) =>
        strings(d.requestParameters, ['resourcesSet'], 'resourceId').filter((id) => id.startsWith('i-')),
    },
  ],
  listing: { actions: ['ec2:DescribeInstances'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsEc2Instance',
    arn: (r, p) => `arn:${p}:ec2:${r.region}:${r.account}:instance/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ec2:ModifyInstanceMetadataOptions', 'ec2:StartInstances', 'ec2:AssociateAddress'],
});
