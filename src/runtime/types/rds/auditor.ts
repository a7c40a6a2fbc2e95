import {
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { unless } from '../../aws/errors';
import { missingTagsViolation, tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';

/** Passing statuses: the database is judged again once they are over. */
const TRANSIENT = new Set([
  'creating',
  'modifying',
  'backing-up',
  'rebooting',
  'starting',
  'stopping',
  'maintenance',
  'upgrading',
  'renaming',
  'resetting-master-credentials',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
  'converting-to-vpc',
  'moving-to-vpc',
]);

/**
 * RDS DB instances (id: the instance identifier): encrypted storage, not publicly accessible, the
 * required tags. A database still being created or changed is checked again later.
 */
export const auditor: Auditor = {
  type: 'rds',

  async inspect(resource, ctx) {
    const rds = ctx.client(RDSClient, 'RDS');
    const DBInstanceIdentifier = resource.id;
    const output = await unless(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier })),
      ['DBInstanceNotFoundFault', 'DBInstanceNotFound'],
      undefined,
    );
    const db = output?.DBInstances?.[0];
    if (!db) return GONE;
    const status = db.DBInstanceStatus ?? 'unknown';
    if (status === 'deleting') return GONE;
    if (TRANSIENT.has(status)) {
      ctx.recheckLater(`database ${DBInstanceIdentifier} is ${status}`);
      return { tags: {}, violations: [] };
    }
    const tags = tagsFromList(db.TagList);
    const violations: Violation[] = [];
    let modified = false;

    // Made private first: a stopping or stopped database cannot be modified.
    if (db.PubliclyAccessible === true) {
      violations.push({
        check: 'rds.public',
        message: `Database ${DBInstanceIdentifier} is publicly accessible${db.Endpoint?.Address ? ` at ${db.Endpoint.Address}` : ''}.`,
        action: 'set PubliclyAccessible to false, applied immediately',
        fix: async () => {
          await rds.send(
            new ModifyDBInstanceCommand({
              DBInstanceIdentifier,
              PubliclyAccessible: false,
              ApplyImmediately: true,
            }),
          );
          modified = true;
          return new Fixed({ PubliclyAccessible: true }, { PubliclyAccessible: false });
        },
      });
    }
    if (db.StorageEncrypted !== true) {
      const cluster = db.DBClusterIdentifier;
      violations.push({
        check: 'rds.unencrypted',
        message: `Database ${DBInstanceIdentifier} stores its data unencrypted${cluster ? ` (cluster ${cluster})` : ''}.`,
        action: cluster
          ? `stop cluster ${cluster} (restore it from an encrypted snapshot copy)`
          : 'stop the instance (restore it from an encrypted snapshot copy)',
        fix: async () => {
          if (status === 'stopped')
            return new Fixed({ DBInstanceStatus: status }, { DBInstanceStatus: status });
          if (modified) {
            // The database is being made private and cannot be stopped meanwhile: next audit.
            ctx.recheckLater(`database ${DBInstanceIdentifier} is being modified before it can be stopped`);
            throw new Error(
              'the database is being made private first; it is stopped when it is checked again',
            );
          }
          if (cluster) await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: cluster }));
          else await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier }));
          return new Fixed({ DBInstanceStatus: status }, { DBInstanceStatus: 'stopped' });
        },
      });
    }
    violations.push(
      ...missingTagsViolation(
        'rds.missing_tags',
        `Database ${DBInstanceIdentifier}`,
        tags,
        ctx.settings.requiredTags,
      ),
    );
    return { tags, violations };
  },
};
