import { EC2Client, paginateDescribeSnapshots } from '@aws-sdk/client-ec2';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'ebs_snapshot',
  client: EC2Client,
  serviceId: 'EC2',
  paginate: paginateDescribeSnapshots,
  input: { OwnerIds: ['self'] },
  pageSize: 1000,
  next: (p) => p.NextToken,
  items: (p) => p.Snapshots,
  id: (snapshot) => snapshot.SnapshotId,
  tags: (snapshot) => tagsFromList(snapshot.Tags),
});
