import { SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

// ListQueues stops at 1,000 queues unless asked for pages.
export const lister: Lister = listing({
  type: 'sqs',
  client: SQSClient,
  serviceId: 'SQS',
  paginate: paginateListQueues,
  input: {},
  pageSize: 1000,
  next: (p) => p.NextToken,
  items: (p) => p.QueueUrls,
  id: (url) => url,
  name: (url) => url.slice(url.lastIndexOf('/') + 1),
});
