/** OpenSearch Service domains (id: the domain name): a domain whose access policy is stateful like the service's. */
import { ACCOUNT, policy, REGION, resource, type Scenario, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import type { ListingFixture } from '../../../helpers/listing';

export const DOMAIN = 'orders-search';
export const DOMAIN_ARN = `arn:aws:es:${REGION}:${ACCOUNT}:domain/${DOMAIN}`;
/** What a domain access policy governs: the domain's subresources. */
export const SUBRESOURCES = `${DOMAIN_ARN}/*`;

/** A statement letting anyone call the domain's HTTP API, from `cidr` when given. */
export function openStatement(Sid: string, cidr?: string | string[]) {
  return {
    Sid,
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'es:ESHttp*',
    Resource: SUBRESOURCES,
    ...(cidr ? { Condition: { IpAddress: { 'aws:SourceIp': cidr } } } : {}),
  };
}

/**
 * A domain as DescribeDomain and DescribeDomainConfig answer it; UpdateDomainConfig changes the access
 * policy both read next.
 */
export function opensearchWorld(
  options: {
    policy?: object;
    vpc?: boolean;
    tags?: Record<string, string>;
    exists?: boolean;
    created?: boolean;
    /** Fine-grained access control: on with authentication, or on with anonymous users let in. */
    fineGrained?: 'authenticated' | 'anonymous';
  } = {},
): World {
  let text = options.policy ? JSON.stringify(options.policy) : '';
  const notFound = () => awsError('ResourceNotFoundException', `Domain not found: ${DOMAIN}`, 409);
  return {
    'OpenSearch.DescribeDomain': () => {
      if (options.exists === false) throw notFound();
      return {
        DomainStatus: {
          DomainId: `${ACCOUNT}/${DOMAIN}`,
          DomainName: DOMAIN,
          ARN: DOMAIN_ARN,
          Created: options.created ?? true,
          Deleted: false,
          Processing: false,
          EngineVersion: 'OpenSearch_2.13',
          AccessPolicies: text,
          ...(options.fineGrained
            ? {
                AdvancedSecurityOptions: {
                  Enabled: true,
                  InternalUserDatabaseEnabled: true,
                  AnonymousAuthEnabled: options.fineGrained === 'anonymous',
                },
              }
            : {}),
          ...(options.vpc
            ? {
                Endpoints: { vpc: `vpc-${DOMAIN}-abc.${REGION}.es.amazonaws.com` },
                VPCOptions: {
                  VPCId: 'vpc-0abc',
                  SubnetIds: ['subnet-0abc'],
                  AvailabilityZones: [`${REGION}a`],
                  SecurityGroupIds: ['sg-0abc'],
                },
              }
            : { Endpoint: `search-${DOMAIN}-abc.${REGION}.es.amazonaws.com` }),
        },
      };
    },
    'OpenSearch.DescribeDomainConfig': () => ({
      DomainConfig: {
        AccessPolicies: {
          Options: text,
          Status: { CreationDate: new Date(0), UpdateDate: new Date(0), State: 'Active' },
        },
      },
    }),
    'OpenSearch.ListTags': { TagList: tagList(options.tags) },
    'OpenSearch.UpdateDomainConfig': (input: { AccessPolicies?: string }) => {
      if (input.AccessPolicies !== undefined) text = input.AccessPolicies;
      return {
        DomainConfig: {
          AccessPolicies: { Options: text, Status: { State: 'Processing' } },
        },
      };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('opensearch_domain', DOMAIN),
  world: () => opensearchWorld({ policy: policy(openStatement('Open')) }),
  failing: ['opensearch_domain.public'],
};

export const listing: ListingFixture = {
  typical: { opensearch_domain: [0, 2] },
  // ListDomainNames answers every domain at once, without a page token.
  responders: (estate) => ({
    'OpenSearch.ListDomainNames': (_input: unknown, call) => ({
      DomainNames: estate
        .ids('opensearch_domain', call)
        .map((DomainName) => ({ DomainName, EngineType: 'OpenSearch' })),
    }),
  }),
};
