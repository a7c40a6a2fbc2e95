import { EC2Client, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'security_group',
  client: EC2Client,
  serviceId: 'EC2',
  paginate: paginateDescribeSecurityGroups,
  input: {},
  pageSize: 1000,
  next: (p) => p.NextToken,
  items: (p) => p.SecurityGroups,
  id: (group) => group.GroupId,
  name: (group) => group.GroupName,
  tags: (group) => tagsFromList(group.Tags),
});
