import { defineType } from '../manifest';
import { req } from '../../events/ids';

/**
 * Manual RDS DB cluster snapshots (Aurora, and the Multi-AZ DB clusters of RDS; id: the DB cluster
 * snapshot identifier): not public, not shared with unknown accounts.
 */
export const rdsClusterSnapshot = defineType({
  type: 'rds_cluster_snapshot',
  id: 'the DB cluster snapshot identifier',
  checks: [
    {
      id: 'rds_cluster_snapshot.public',
      // RDS.1 evaluates AWS::RDS::DBSnapshot and AWS::RDS::DBClusterSnapshot:
      // https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1
      compliance: { fsbp: ['RDS.1'] },
      severity: 'critical',
      title: 'RDS cluster snapshot is public',
      fix: 'remove "all" from the restore attribute',
    },
    {
      id: 'rds_cluster_snapshot.shared_unknown_account',
      severity: 'high',
      title: 'RDS cluster snapshot is shared with an unknown account',
      fix: 'remove the unknown accounts from the restore attribute',
      consent: 'named',
    },
  ],
  readActions: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  remediateActions: ['rds:ModifyDBClusterSnapshotAttribute'],
  notFound: ['DBClusterSnapshotNotFoundFault'],
  events: [
    {
      // Sharing is only ever granted by this call: a new snapshot (CreateDBClusterSnapshot) or a copy
      // (CopyDBClusterSnapshot) starts private.
      // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterSnapshotAttribute.html
      eventSource: 'rds.amazonaws.com',
      eventNames: ['ModifyDBClusterSnapshotAttribute'],
      // RDS stores the identifier in lowercase, and lists it so: the message names it as it is listed.
      // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html
      ids: (d) => {
        const id = req(d, 'dBClusterSnapshotIdentifier');
        return id === undefined ? [] : [id.toLowerCase()];
      },
    },
  ],
  listing: {
    actions: ['rds:DescribeDBClusterSnapshots'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: {
    resourceType: 'AwsRdsDbClusterSnapshot',
    arn: (r, p) => `arn:${p}:rds:${r.region}:${r.account}:cluster-snapshot:${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['rds:ModifyDBClusterSnapshotAttribute'],
});
