import { IAMClient, paginateListUsers } from '@aws-sdk/client-iam';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'iam_user',
  client: IAMClient,
  serviceId: 'IAM',
  paginate: paginateListUsers,
  input: {},
  next: (p) => (p.IsTruncated ? p.Marker : undefined),
  items: (p) => p.Users,
  id: (user) => user.UserName,
});
