import { RDSClient, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'rds_snapshot',
  client: RDSClient,
  serviceId: 'RDS',
  paginate: paginateDescribeDBSnapshots,
  // Only manual snapshots can be shared.
  input: { SnapshotType: 'manual' },
  next: (p) => p.Marker,
  items: (p) => p.DBSnapshots,
  id: (snapshot) => snapshot.DBSnapshotIdentifier,
  tags: (snapshot) => tagsFromList(snapshot.TagList),
});
