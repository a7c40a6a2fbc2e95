import {
  DeleteRepositoryPolicyCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { partitionOf } from '../../aws/credentials';
import { unless } from '../../aws/errors';
import type { ResourceMessage } from '../../contracts/message';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import type { Auditor } from '../../auditors/types';

/** A repository without a policy: GetRepositoryPolicy answers this error. */
const NO_POLICY = ['RepositoryPolicyNotFoundException'];

function repositoryArn(resource: ResourceMessage): string {
  return `arn:${partitionOf(resource.region)}:ecr:${resource.region}:${resource.account}:repository/${resource.id}`;
}

/**
 * ECR private repositories (id: the repository name, in the account's own registry): the repository
 * policy must not let anyone, or an unknown account, pull, push or manage images. A repository that
 * is gone answers RepositoryNotFoundException (the manifest's notFound).
 * API: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetRepositoryPolicy.html
 */
export const auditor: Auditor = {
  type: 'ecr_repository',

  async inspect(resource, ctx) {
    const ecr = ctx.client(ECRClient, 'ECR');
    const target = { registryId: resource.account, repositoryName: resource.id };
    const read = async () =>
      (await unless(ecr.send(new GetRepositoryPolicyCommand(target)), NO_POLICY, undefined))?.policyText;
    const [text, tags] = await Promise.all([
      read(),
      ecr
        .send(new ListTagsForResourceCommand({ resourceArn: repositoryArn(resource) }))
        .then((r) => tagsFromList(r.tags)),
    ]);

    const violations = await resourcePolicyViolations({
      check: 'ecr_repository.public',
      unknownAccountCheck: 'ecr_repository.shared_unknown_account',
      resource,
      ctx,
      text,
      noun: 'Repository policy',
      whole: 'repository policy',
      resourceArns: [repositoryArn(resource)],
      reread: read,
      // SetRepositoryPolicy without `force`: ECR refuses a policy that would lock the caller out of
      // setting the next one, and the fix then fails instead of locking anyone out.
      write: async (policyText) => {
        if (policyText === undefined) await ecr.send(new DeleteRepositoryPolicyCommand(target));
        else await ecr.send(new SetRepositoryPolicyCommand({ ...target, policyText }));
      },
      before: (policyText) => ({ policyText }),
    });
    return { tags, violations };
  },
};
