import {
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { unless } from '../aws/errors';
import { settle, type Violation } from './settle';
import { missingTagsViolation, tagsFromList } from './tags';
import type { Auditor } from './types';

/** Statuses in which a database can be judged and changed. */
const READY = new Set(['available', 'stopped', 'storage-optimization']);

/**
 * RDS DB instances (id: the instance identifier): encrypted storage, not publicly accessible, the
 * required tags. A database still being created or changed is checked again later.
 */
export const rdsAuditor: Auditor = {
  type: 'rds',
  checks: [
    {
      id: 'rds.unencrypted',
      severity: 'high',
      title: 'RDS database storage is not encrypted',
      fix: 'stop the instance, or its cluster (storage cannot be encrypted in place)',
    },
    {
      id: 'rds.public',
      severity: 'critical',
      title: 'RDS database is publicly accessible',
      fix: 'make it not publicly accessible, applied immediately',
    },
    { id: 'rds.missing_tags', severity: 'low', title: 'RDS database lacks required tags' },
  ],
  readActions: ['rds:DescribeDBInstances'],
  remediateActions: ['rds:StopDBInstance', 'rds:StopDBCluster', 'rds:ModifyDBInstance'],

  async audit(resource, ctx) {
    const rds = ctx.client(RDSClient, 'RDS');
    const DBInstanceIdentifier = resource.id;
    const output = await unless(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier })),
      ['DBInstanceNotFoundFault', 'DBInstanceNotFound'],
      undefined,
    );
    const db = output?.DBInstances?.[0];
    if (!db) return [];
    const status = db.DBInstanceStatus ?? 'unknown';
    if (!READY.has(status)) {
      ctx.recheckLater(`database ${DBInstanceIdentifier} is ${status}`);
      return [];
    }
    const tags = tagsFromList(db.TagList);
    const violations: Violation[] = [];

    if (db.StorageEncrypted !== true) {
      const cluster = db.DBClusterIdentifier;
      violations.push({
        check: 'rds.unencrypted',
        message: `Database ${DBInstanceIdentifier} stores its data unencrypted${cluster ? ` (cluster ${cluster})` : ''}.`,
        action: cluster
          ? `stop cluster ${cluster} (restore it from an encrypted snapshot copy)`
          : 'stop the instance (restore it from an encrypted snapshot copy)',
        fix: async () => {
          if (status === 'stopped') return { DBInstanceStatus: status };
          if (cluster) await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: cluster }));
          else await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier }));
          return { DBInstanceStatus: status };
        },
      });
    }
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
          return { PubliclyAccessible: true };
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
    return settle(rdsAuditor, resource, ctx, tags, violations);
  },
};
