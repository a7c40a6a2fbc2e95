import { defineType } from '../manifest';
import { requestId } from '../../events/ids';

/** Manual RDS snapshots (id: the DB snapshot identifier): not public, not shared with unknown accounts. */
export const rdsSnapshot = defineType({
  type: 'rds_snapshot',
  id: 'the DB snapshot identifier',
  checks: [
    {
      id: 'rds_snapshot.public',
      compliance: { fsbp: ['RDS.1'] },
      severity: 'critical',
      title: 'RDS snapshot is public',
      fix: 'remove "all" from the restore attribute',
    },
    {
      id: 'rds_snapshot.shared_unknown_account',
      severity: 'high',
      title: 'RDS snapshot is shared with an unknown account',
      fix: 'remove the unknown accounts from the restore attribute',
      consent: 'named',
    },
  ],
  readActions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  remediateActions: ['rds:ModifyDBSnapshotAttribute'],
  notFound: ['DBSnapshotNotFoundFault', 'DBSnapshotNotFound'],
  events: [
    {
      eventSource: 'rds.amazonaws.com',
      eventNames: ['ModifyDBSnapshotAttribute'],
      ids: requestId('dBSnapshotIdentifier'),
    },
  ],
  listing: { actions: ['rds:DescribeDBSnapshots'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsRdsDbSnapshot',
    arn: (r, p) => `arn:${p}:rds:${r.region}:${r.account}:snapshot:${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['rds:ModifyDBSnapshotAttribute'],
});
