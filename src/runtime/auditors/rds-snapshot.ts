import {
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { isAwsError } from '../aws/errors';
import { settle } from './settle';
import { shareViolations } from './shares';
import { tagsFromList } from './tags';
import type { Auditor } from './types';

const GONE = ['DBSnapshotNotFoundFault', 'DBSnapshotNotFound'];

/** Manual RDS DB snapshots (id: the snapshot identifier): not public, not shared with unknown accounts. */
export const rdsSnapshotAuditor: Auditor = {
  type: 'rds_snapshot',
  checks: [
    {
      id: 'rds_snapshot.public',
      severity: 'critical',
      title: 'RDS snapshot is public',
      fix: 'remove "all" from the restore attribute',
    },
    {
      id: 'rds_snapshot.shared_unknown_account',
      severity: 'high',
      title: 'RDS snapshot is shared with an unknown account',
      fix: 'remove the unknown accounts from the restore attribute',
    },
  ],
  readActions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  remediateActions: ['rds:ModifyDBSnapshotAttribute'],

  async audit(resource, ctx) {
    const rds = ctx.client(RDSClient, 'RDS');
    const DBSnapshotIdentifier = resource.id;
    try {
      const { DBSnapshots = [] } = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier }));
      const snapshot = DBSnapshots[0];
      if (!snapshot) return [];
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
          shares: { everyone: restore.includes('all'), accounts: restore.filter((v) => v !== 'all') },
          before: { AttributeName: 'restore', AttributeValues: restore },
          removeEveryone: () => remove(['all']),
          removeAccounts: (accounts) => remove([...accounts]),
        },
        ctx,
      );
      return await settle(rdsSnapshotAuditor, resource, ctx, tagsFromList(snapshot.TagList), violations);
    } catch (error) {
      if (isAwsError(error, ...GONE)) return [];
      throw error;
    }
  },
};
