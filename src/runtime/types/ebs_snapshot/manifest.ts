import { defineType } from '../manifest';
import { requestId } from '../../events/ids';

/** EBS snapshots the account owns (id: the snapshot id): not public, not shared with unknown accounts. */
export const ebsSnapshot = defineType({
  type: 'ebs_snapshot',
  id: 'the snapshot id (snap-...)',
  checks: [
    {
      id: 'ebs_snapshot.public',
      compliance: { fsbp: ['EC2.1'] },
      severity: 'critical',
      title: 'EBS snapshot is public',
      fix: 'remove the "all" create-volume permission',
    },
    {
      id: 'ebs_snapshot.shared_unknown_account',
      severity: 'high',
      title: 'EBS snapshot is shared with an unknown account',
      fix: "remove the unknown accounts' create-volume permissions",
      consent: 'named',
    },
  ],
  readActions: ['ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute'],
  remediateActions: ['ec2:ModifySnapshotAttribute'],
  notFound: ['InvalidSnapshot.NotFound'],
  events: [
    {
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['ModifySnapshotAttribute'],
      ids: requestId('snapshotId'),
    },
  ],
  listing: { actions: ['ec2:DescribeSnapshots'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'Other', arn: (r, p) => `arn:${p}:ec2:${r.region}::snapshot/${r.id}` },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ec2:ModifySnapshotAttribute'],
});
