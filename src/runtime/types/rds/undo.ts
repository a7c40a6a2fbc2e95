import {
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
} from '@aws-sdk/client-rds';
import type { AuditContext } from '../../auditors/types';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { AppliedFinding, UndoTable } from '../../undo/types';

async function databaseOf(finding: AppliedFinding, ctx: AuditContext) {
  const { DBInstances = [] } = await ctx
    .client(RDSClient, 'RDS')
    .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: finding.resource.id }));
  return DBInstances[0];
}

/** A status as far as a stop is concerned: on its way is as good as there. */
const settled = (status: string | undefined) =>
  status === 'stopping' ? 'stopped' : status === 'starting' ? 'available' : status;

export const undo: UndoTable = {
  /** Made publicly accessible again, applied immediately. */
  'rds.public': {
    async plan(finding, ctx) {
      const db = await databaseOf(finding, ctx);
      const current = { PubliclyAccessible: db?.PubliclyAccessible ?? false };
      const was = beforeOf<{ PubliclyAccessible: boolean }>(finding).PubliclyAccessible ?? true;
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          was && !current.PubliclyAccessible
            ? [
                step(ctx.client(RDSClient, 'RDS'), 'RDS', ModifyDBInstanceCommand, {
                  DBInstanceIdentifier: finding.resource.id,
                  PubliclyAccessible: true,
                  ApplyImmediately: true,
                }),
              ]
            : [],
      };
    },
  },
  /** The database (or its cluster) a fix stopped is started again, if it was running. */
  'rds.unencrypted': {
    async plan(finding, ctx) {
      const db = await databaseOf(finding, ctx);
      const current = { DBInstanceStatus: settled(db?.DBInstanceStatus) };
      const was = settled(beforeOf<{ DBInstanceStatus: string }>(finding).DBInstanceStatus);
      const rds = ctx.client(RDSClient, 'RDS');
      const cluster = db?.DBClusterIdentifier;
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          was !== 'stopped' && current.DBInstanceStatus === 'stopped'
            ? [
                cluster
                  ? step(rds, 'RDS', StartDBClusterCommand, { DBClusterIdentifier: cluster })
                  : step(rds, 'RDS', StartDBInstanceCommand, { DBInstanceIdentifier: finding.resource.id }),
              ]
            : [],
      };
    },
  },
};
