import { defineType } from '../manifest';
import { CREATION_DELAY, arnPart, first, req, requestId } from '../../events/ids';

/** RDS database instances (id: the DB instance identifier): encrypted, private, tagged. */
export const rds = defineType({
  type: 'rds',
  id: 'the DB instance identifier',
  checks: [
    {
      id: 'rds.unencrypted',
      compliance: { fsbp: ['RDS.3'], cis: ['2.3.1'] },
      severity: 'high',
      title: 'RDS database storage is not encrypted',
      fix: 'stop the instance, or its cluster (storage cannot be encrypted in place); AWS starts a stopped database again after seven days, and the next audit stops it again',
      consent: 'disruptive',
    },
    {
      id: 'rds.public',
      compliance: { fsbp: ['RDS.2'], cis: ['2.3.3'] },
      severity: 'critical',
      title: 'RDS database is publicly accessible',
      fix: 'make it not publicly accessible, applied immediately',
    },
    { id: 'rds.missing_tags', severity: 'low', title: 'RDS database lacks required tags' },
  ],
  readActions: ['rds:DescribeDBInstances'],
  remediateActions: ['rds:StopDBInstance', 'rds:StopDBCluster', 'rds:ModifyDBInstance'],
  notFound: ['DBInstanceNotFoundFault', 'DBInstanceNotFound'],
  events: [
    {
      eventSource: 'rds.amazonaws.com',
      eventNames: ['ModifyDBInstance'],
      ids: (d) => first(req(d, 'newDBInstanceIdentifier') ?? req(d, 'dBInstanceIdentifier')),
    },
    {
      eventSource: 'rds.amazonaws.com',
      eventNames: ['CreateDBInstance', 'CreateDBInstanceReadReplica', 'RestoreDBInstanceFromDBSnapshot'],
      ids: requestId('dBInstanceIdentifier'),
      delay: CREATION_DELAY,
    },
    {
      eventSource: 'rds.amazonaws.com',
      eventNames: ['RestoreDBInstanceToPointInTime'],
      ids: requestId('targetDBInstanceIdentifier'),
      delay: CREATION_DELAY,
    },
    {
      eventSource: 'rds.amazonaws.com',
      eventNames: ['RemoveTagsFromResource'],
      ids: (d) => first(arnPart(req(d, 'resourceName'), ':db:')),
    },
  ],
  listing: { actions: ['rds:DescribeDBInstances'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsRdsDbInstance',
    arn: (r, p) => `arn:${p}:rds:${r.region}:${r.account}:db:${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['rds:ModifyDBInstance', 'rds:StartDBInstance', 'rds:StartDBCluster'],
});
