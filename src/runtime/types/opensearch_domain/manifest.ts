import { defineType } from '../manifest';
import { CREATION_DELAY, first, req, res } from '../../events/ids';
import type { CloudTrailDetail } from '../../events/cloudtrail';

/** The domain a configuration call names: its request's domainName (CreateDomain also answers it). */
const domainName = (d: CloudTrailDetail) => first(req(d, 'domainName'), res(d, 'domainStatus', 'domainName'));

/**
 * OpenSearch Service domains (id: the domain name): a domain with a public endpoint must not have an
 * access policy that lets anyone in. Fine-grained access control authenticates requests itself: an open
 * policy in front of it passes, unless it lets anonymous users in (then reported only). Not mapped to FSBP Opensearch.2 / ES.2: those fail every domain
 * outside a VPC, whatever its policy
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-2).
 */
export const opensearchDomain = defineType({
  type: 'opensearch_domain',
  id: 'the domain name',
  checks: [
    {
      id: 'opensearch_domain.public',
      severity: 'high',
      title: 'OpenSearch domain with a public endpoint lets anyone in',
      fix: 'take the public principals out of the access policy (a statement goes only when nothing legitimate is left); the others stay; none with fine-grained access control',
    },
  ],
  readActions: ['es:DescribeDomain', 'es:DescribeDomainConfig', 'es:ListTags'],
  remediateActions: ['es:UpdateDomainConfig'],
  notFound: ['ResourceNotFoundException'],
  events: [
    // OpenSearch Service logs its configuration API, and the Elasticsearch one it still serves, with the
    // event source es.amazonaws.com and the domain in requestParameters.domainName:
    // https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-cloudtrailauditing.html
    {
      eventSource: 'es.amazonaws.com',
      eventNames: ['CreateDomain', 'CreateElasticsearchDomain'],
      ids: domainName,
      // A new domain takes minutes to be created; it is judged once it is.
      delay: CREATION_DELAY,
    },
    {
      eventSource: 'es.amazonaws.com',
      eventNames: ['UpdateDomainConfig', 'UpdateElasticsearchDomainConfig'],
      ids: domainName,
    },
  ],
  listing: { actions: ['es:ListDomainNames'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsOpenSearchServiceDomain',
    arn: (r, p) => `arn:${p}:es:${r.region}:${r.account}:domain/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['es:UpdateDomainConfig'],
});
