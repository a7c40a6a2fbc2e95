import { ECRClient, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

// DescribeRepositories (the caller's own registry) returns 100 repositories a page unless asked for
// up to 1,000.
export const lister: Lister = listing({
  type: 'ecr_repository',
  client: ECRClient,
  serviceId: 'ECR',
  paginate: paginateDescribeRepositories,
  input: {},
  pageSize: 1000,
  next: (p) => p.nextToken,
  items: (p) => p.repositories,
  id: (repository) => repository.repositoryName,
});
