import { RDSClient, paginateDescribeDBClusterSnapshots } from '@aws-sdk/client-rds';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'rds_cluster_snapshot',
  client: RDSClient,
  serviceId: 'RDS',
  paginate: paginateDescribeDBClusterSnapshots,
  // Only manual snapshots can be shared.
  input: { SnapshotType: 'manual' },
  next: (p) => p.Marker,
  items: (p) => p.DBClusterSnapshots,
  id: (snapshot) => snapshot.DBClusterSnapshotIdentifier,
  tags: (snapshot) => tagsFromList(snapshot.TagList),
});
