import { IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'iam_role',
  client: IAMClient,
  serviceId: 'IAM',
  paginate: paginateListRoles,
  input: {},
  next: (p) => (p.IsTruncated ? p.Marker : undefined),
  items: (p) => p.Roles,
  // Service-linked roles belong to AWS services: their trust cannot be changed, nor made public.
  keep: (role) => !role.Path?.startsWith('/aws-service-role/'),
  id: (role) => role.RoleName,
});
