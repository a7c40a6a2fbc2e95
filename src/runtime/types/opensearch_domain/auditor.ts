import {
  DescribeDomainCommand,
  DescribeDomainConfigCommand,
  type DomainStatus,
  ListTagsCommand,
  OpenSearchClient,
  UpdateDomainConfigCommand,
} from '@aws-sdk/client-opensearch';
import { partitionOf } from '../../aws/credentials';
import { resourcePolicyViolation } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

/**
 * Whether the domain is in a VPC. A VPC domain has no public endpoint: it is reachable only from
 * within its VPC, so even an open access policy does not let anyone on the internet in
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html#vpc-security). AWS
 * describes such a domain with its VPC id and subnets.
 */
function inVpc(domain: DomainStatus): boolean {
  const vpc = domain.VPCOptions;
  return !!vpc && (!!vpc.VPCId || (vpc.SubnetIds?.length ?? 0) > 0);
}

/**
 * Fine-grained access control authenticates every request itself (internal users, SAML, IAM mapped to
 * roles); AWS recommends an open domain access policy with it, and narrowing that policy would lock its
 * users out (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html). Only
 * its anonymous authentication lets anyone in.
 */
function fineGrained(domain: DomainStatus): 'off' | 'authenticated' | 'anonymous' {
  const options = domain.AdvancedSecurityOptions;
  if (!options?.Enabled) return 'off';
  return options.AnonymousAuthEnabled ? 'anonymous' : 'authenticated';
}

/**
 * OpenSearch Service domains (id: the domain name): the access policy of a domain with a public
 * endpoint must not let anyone in. It is judged like every resource policy (an aws:SourceIp range
 * narrower than /8 pins the caller; 0.0.0.0/0 does not); the fix takes the public principals out,
 * with UpdateDomainConfig.
 */
export const auditor: Auditor = {
  type: 'opensearch_domain',

  async inspect(resource, ctx) {
    const os = ctx.client(OpenSearchClient, 'OpenSearch');
    const DomainName = resource.id;
    // ResourceNotFoundException (the manifest's notFound) makes it GONE.
    const { DomainStatus: domain } = await os.send(new DescribeDomainCommand({ DomainName }));
    if (!domain || domain.Deleted) return GONE;
    if (domain.Created === false) {
      ctx.recheckLater(`domain ${DomainName} is being created`);
      return { tags: {}, violations: [] };
    }
    const arn =
      domain.ARN ??
      `arn:${partitionOf(resource.region)}:es:${resource.region}:${resource.account}:domain/${DomainName}`;
    const { TagList } = await os.send(new ListTagsCommand({ ARN: arn }));
    const tags = tagsFromList(TagList);
    if (inVpc(domain)) return { tags, violations: [] };
    const access = fineGrained(domain);
    if (access === 'authenticated') return { tags, violations: [] };
    const violation = resourcePolicyViolation({
      check: 'opensearch_domain.public',
      resource,
      ctx,
      text: domain.AccessPolicies,
      noun: 'Domain access policy',
      whole: 'domain access policy',
      // The policy governs the domain's subresources (`domain/<name>/*`).
      resourceArns: [arn, `${arn}/*`],
      // The configured policy, a change in progress included.
      reread: async () =>
        (await os.send(new DescribeDomainConfigCommand({ DomainName }))).DomainConfig?.AccessPolicies
          ?.Options,
      // AccessPolicies is a policy document of 0 to 102,400 characters; the empty one leaves the domain
      // without an access policy (only principals of its account whose IAM policies allow it get in).
      // https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_UpdateDomainConfig.html
      write: async (next) => {
        await os.send(new UpdateDomainConfigCommand({ DomainName, AccessPolicies: next ?? '' }));
      },
      before: (AccessPolicies) => ({ AccessPolicies }),
    });
    if (!violation) return { tags, violations: [] };
    if (access === 'anonymous') {
      // Reported only: the fix is to turn anonymous authentication off, which its users depend on.
      return {
        tags,
        violations: [
          {
            check: violation.check,
            message: `${violation.message} The domain has a public endpoint, and its fine-grained access control lets anonymous users in (AnonymousAuthEnabled).`,
            action:
              'none automatic: narrowing the policy would lock out the users fine-grained access control authenticates; turn anonymous authentication off',
          },
        ],
      };
    }
    return {
      tags,
      violations: [
        {
          ...violation,
          message: `${violation.message} The domain has a public endpoint (it is not in a VPC).`,
        },
      ],
    };
  },
};
