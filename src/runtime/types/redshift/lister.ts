import { RedshiftClient, paginateDescribeClusters } from '@aws-sdk/client-redshift';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'redshift',
  client: RedshiftClient,
  serviceId: 'Redshift',
  paginate: paginateDescribeClusters,
  input: {},
  next: (p) => p.Marker,
  items: (p) => p.Clusters,
  id: (cluster) => cluster.ClusterIdentifier,
  tags: (cluster) => tagsFromList(cluster.Tags),
});
