import { EC2Client, paginateDescribeImages } from '@aws-sdk/client-ec2';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'ami',
  client: EC2Client,
  serviceId: 'EC2',
  paginate: paginateDescribeImages,
  input: { Owners: ['self'] },
  pageSize: 1000,
  next: (p) => p.NextToken,
  items: (p) => p.Images,
  id: (image) => image.ImageId,
  name: (image) => image.Name,
  tags: (image) => tagsFromList(image.Tags),
});
