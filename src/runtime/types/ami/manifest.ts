import { defineType } from '../manifest';
import { requestId } from '../../events/ids';

/** AMIs the account owns (id: the image id): not public, not shared with unknown accounts. */
export const ami = defineType({
  type: 'ami',
  id: 'the image id (ami-...)',
  checks: [
    { id: 'ami.public', severity: 'high', title: 'AMI is public', fix: 'remove the "all" launch permission' },
    {
      id: 'ami.shared_unknown_account',
      severity: 'medium',
      title: 'AMI is shared with an unknown account',
      fix: "remove the unknown accounts' launch permissions",
      consent: 'named',
    },
  ],
  readActions: ['ec2:DescribeImages', 'ec2:DescribeImageAttribute'],
  remediateActions: ['ec2:ModifyImageAttribute'],
  notFound: ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'],
  events: [
    { eventSource: 'ec2.amazonaws.com', eventNames: ['ModifyImageAttribute'], ids: requestId('imageId') },
  ],
  listing: { actions: ['ec2:DescribeImages'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'Other', arn: (r, p) => `arn:${p}:ec2:${r.region}::image/${r.id}` },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ec2:ModifyImageAttribute'],
});
