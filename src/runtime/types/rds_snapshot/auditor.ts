import {
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { isAwsError } from '../../aws/errors';
import { RESTORE_ATTRIBUTE, shareViolations } from '../../auditors/shares';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

const NOT_FOUND = ['DBSnapshotNotFoundFault', 'DBSnapshotNotFound'];

/** Manual RDS DB snapshots (id: the snapshot identifier): not public, not shared with unknown accounts. */
export const auditor: Auditor = {
  type: 'rds_snapshot',

  async inspect(resource, ctx) {
    const rds = ctx.client(RDSClient, 'RDS');
    const DBSnapshotIdentifier = resource.id;
    try {
      const { DBSnapshots = [] } = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier }));
      const snapshot = DBSnapshots[0];
      if (!snapshot) return GONE;
      const output = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier }));
      const attributes = output.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
      const restore = attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
      const remove = async (ValuesToRemove: string[]) => {
        await rds.send(
          new ModifyDBSnapshotAttributeCommand({
            DBSnapshotIdentifier,
            AttributeName: 'restore',
            ValuesToRemove,
          }),
        );
      };
      const violations = await shareViolations(
        {
          noun: 'RDS snapshot',
          publicCheck: 'rds_snapshot.public',
          unknownAccountCheck: 'rds_snapshot.shared_unknown_account',
          values: restore,
          state: RESTORE_ATTRIBUTE.state,
          removeEveryone: () => remove(['all']),
          removeAccounts: (accounts) => remove([...accounts]),
        },
        ctx,
      );
      return { tags: tagsFromList(snapshot.TagList), violations };
    } catch (error) {
      if (isAwsError(error, ...NOT_FOUND)) return GONE;
      throw error;
    }
  },
};
