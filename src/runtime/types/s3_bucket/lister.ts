import { S3Client, paginateListBuckets } from '@aws-sdk/client-s3';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

// ListBuckets returns every bucket at once unless asked for pages.
export const lister: Lister = listing({
  type: 's3_bucket',
  client: S3Client,
  serviceId: 'S3',
  paginate: paginateListBuckets,
  input: {},
  pageSize: 10000,
  next: (p) => p.ContinuationToken,
  items: (p) => p.Buckets,
  id: (bucket) => bucket.Name,
});
