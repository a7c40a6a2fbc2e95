/** RDS snapshots (id: the DB snapshot identifier): the restore attribute. */
import { KNOWN, resource, type Scenario, STRANGER, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const DB_SNAPSHOT = 'orders-db-2026-11-01';

export function rdsSnapshotWorld(
  options: { restore?: string[]; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'RDS.DescribeDBSnapshots': () => {
      if (options.exists === false) {
        throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${DB_SNAPSHOT} not found.`, 404);
      }
      return {
        DBSnapshots: [
          {
            DBSnapshotIdentifier: DB_SNAPSHOT,
            DBInstanceIdentifier: 'orders-db',
            SnapshotType: 'manual',
            Status: 'available',
            TagList: tagList(options.tags),
          },
        ],
      };
    },
    'RDS.DescribeDBSnapshotAttributes': {
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: DB_SNAPSHOT,
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: options.restore ?? [] }],
      },
    },
    'RDS.ModifyDBSnapshotAttribute': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('rds_snapshot', DB_SNAPSHOT),
  world: () => rdsSnapshotWorld({ restore: ['all', STRANGER, KNOWN] }),
  failing: ['rds_snapshot.public', 'rds_snapshot.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { rds_snapshot: [0, 4] },
  responders: (estate) => ({
    'RDS.DescribeDBSnapshots': estate.list('rds_snapshot', 'DBSnapshots', MARKER, (DBSnapshotIdentifier) => ({
      DBSnapshotIdentifier,
      SnapshotType: 'manual',
    })),
  }),
};
