import {
  ListDomainNamesCommand,
  type ListDomainNamesCommandInput,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

/** ListDomainNames answers every domain of the region at once: one page. */
async function* listDomainNames(config: { client: OpenSearchClient }, input: ListDomainNamesCommandInput) {
  yield await config.client.send(new ListDomainNamesCommand(input));
}

/** Every domain of the region, OpenSearch and Elasticsearch engines alike (both have an access policy). */
export const lister: Lister = listing({
  type: 'opensearch_domain',
  client: OpenSearchClient,
  serviceId: 'OpenSearch',
  paginate: listDomainNames,
  input: {},
  next: () => undefined,
  items: (p) => p.DomainNames,
  id: (domain) => domain.DomainName,
  name: (domain) => domain.DomainName,
});
