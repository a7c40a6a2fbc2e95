import { RDSClient, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'rds',
  client: RDSClient,
  serviceId: 'RDS',
  paginate: paginateDescribeDBInstances,
  input: {},
  next: (p) => p.Marker,
  items: (p) => p.DBInstances,
  id: (db) => db.DBInstanceIdentifier,
  tags: (db) => tagsFromList(db.TagList),
});
