/** RDS DB cluster snapshots (id: the DB cluster snapshot identifier): the restore attribute. */
import { KNOWN, resource, type Scenario, STRANGER, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const CLUSTER_SNAPSHOT = 'orders-aurora-2026-11-01';

/**
 * A manual cluster snapshot whose restore attribute is stateful like RDS's: ValuesToRemove takes
 * values off, ValuesToAdd puts them on, and the next DescribeDBClusterSnapshotAttributes answers so.
 */
export function rdsClusterSnapshotWorld(
  options: {
    restore?: string[];
    tags?: Record<string, string>;
    exists?: boolean;
    type?: 'manual' | 'automated';
  } = {},
): World {
  let restore = [...(options.restore ?? [])];
  return {
    'RDS.DescribeDBClusterSnapshots': () => {
      if (options.exists === false) {
        throw awsError(
          'DBClusterSnapshotNotFoundFault',
          `DBClusterSnapshot ${CLUSTER_SNAPSHOT} not found.`,
          404,
        );
      }
      return {
        DBClusterSnapshots: [
          {
            DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
            DBClusterIdentifier: 'orders-aurora',
            SnapshotType: options.type ?? 'manual',
            Status: 'available',
            Engine: 'aurora-postgresql',
            TagList: tagList(options.tags),
          },
        ],
      };
    },
    'RDS.DescribeDBClusterSnapshotAttributes': () => ({
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
        DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [...restore] }],
      },
    }),
    'RDS.ModifyDBClusterSnapshotAttribute': (input: {
      AttributeName: string;
      ValuesToAdd?: string[];
      ValuesToRemove?: string[];
    }) => {
      if (input.AttributeName !== 'restore') throw awsError('InvalidParameterValue', 'Invalid attribute');
      restore = [
        ...restore.filter((v) => !(input.ValuesToRemove ?? []).includes(v)),
        ...(input.ValuesToAdd ?? []).filter((v) => !restore.includes(v)),
      ];
      return {
        DBClusterSnapshotAttributesResult: {
          DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [...restore] }],
        },
      };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('rds_cluster_snapshot', CLUSTER_SNAPSHOT),
  world: () => rdsClusterSnapshotWorld({ restore: ['all', STRANGER, KNOWN] }),
  failing: ['rds_cluster_snapshot.public', 'rds_cluster_snapshot.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { rds_cluster_snapshot: [0, 3] },
  responders: (estate) => ({
    'RDS.DescribeDBClusterSnapshots': estate.list(
      'rds_cluster_snapshot',
      'DBClusterSnapshots',
      MARKER,
      (DBClusterSnapshotIdentifier) => ({ DBClusterSnapshotIdentifier, SnapshotType: 'manual' }),
    ),
  }),
};
