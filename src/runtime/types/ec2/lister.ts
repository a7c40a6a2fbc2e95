import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'ec2',
  client: EC2Client,
  serviceId: 'EC2',
  paginate: paginateDescribeInstances,
  // Terminated instances cannot be fixed and vanish within the hour.
  input: {
    Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }],
  },
  pageSize: 1000,
  next: (p) => p.NextToken,
  items: (p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
  id: (instance) => instance.InstanceId,
  tags: (instance) => tagsFromList(instance.Tags),
});
