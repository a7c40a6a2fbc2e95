import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { RESTORE_ATTRIBUTE, shareViolations } from '../../auditors/shares';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

/**
 * Manual RDS DB cluster snapshots (id: the snapshot identifier): not public, not shared with unknown
 * accounts. The accounts allowed to copy or restore one are the values of its `restore` attribute,
 * `all` when it is public; ModifyDBClusterSnapshotAttribute's ValuesToRemove takes them off.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterSnapshotAttribute.html
 */
export const auditor: Auditor = {
  type: 'rds_cluster_snapshot',

  async inspect(resource, ctx) {
    const rds = ctx.client(RDSClient, 'RDS');
    const DBClusterSnapshotIdentifier = resource.id;
    // DBClusterSnapshotNotFoundFault (the manifest's notFound) makes it GONE.
    const { DBClusterSnapshots = [] } = await rds.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier }),
    );
    const snapshot = DBClusterSnapshots[0];
    // Automated snapshots cannot be shared: only manual ones are the type's.
    if (!snapshot || (snapshot.SnapshotType !== undefined && snapshot.SnapshotType !== 'manual')) return GONE;
    const output = await rds.send(
      new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier }),
    );
    const attributes = output.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
    const restore = attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
    const remove = async (ValuesToRemove: string[]) => {
      await rds.send(
        new ModifyDBClusterSnapshotAttributeCommand({
          DBClusterSnapshotIdentifier,
          AttributeName: 'restore',
          ValuesToRemove,
        }),
      );
    };
    const violations = await shareViolations(
      {
        noun: 'RDS cluster snapshot',
        publicCheck: 'rds_cluster_snapshot.public',
        unknownAccountCheck: 'rds_cluster_snapshot.shared_unknown_account',
        values: restore,
        state: RESTORE_ATTRIBUTE.state,
        removeEveryone: () => remove(['all']),
        // RDS shares with account ids only; any other value it lists is removed as named.
        removeAccounts: (accounts, organizations) => remove([...accounts, ...organizations]),
      },
      ctx,
    );
    return { tags: tagsFromList(snapshot.TagList), violations };
  },
};
