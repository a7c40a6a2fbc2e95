import {
  DescribeDBClusterSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { RESTORE_ATTRIBUTE } from '../../auditors/shares';
import { shareUndo } from '../../undo/shares';
import { step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The values a fix removed from the cluster snapshot's restore attribute are added back (ValuesToAdd). */
const shares = shareUndo({
  read: async (resource, ctx) => {
    const output = await ctx
      .client(RDSClient, 'RDS')
      .send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: resource.id }));
    const attributes = output.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
    return attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
  },
  values: RESTORE_ATTRIBUTE.values,
  state: RESTORE_ATTRIBUTE.state,
  add: (resource, ctx, values) =>
    step(ctx.client(RDSClient, 'RDS'), 'RDS', ModifyDBClusterSnapshotAttributeCommand, {
      DBClusterSnapshotIdentifier: resource.id,
      AttributeName: 'restore',
      ValuesToAdd: [...values],
    }),
});

export const undo: UndoTable = {
  'rds_cluster_snapshot.public': shares,
  'rds_cluster_snapshot.shared_unknown_account': shares,
};
