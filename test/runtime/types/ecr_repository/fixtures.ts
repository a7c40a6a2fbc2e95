/** ECR repositories (id: the repository name): a registry whose repository policy is stateful like ECR's. */
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture } from '../../../helpers/listing';
import {
  ACCOUNT,
  accountStatement,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
  STRANGER,
  tagList,
} from '../../../helpers/resources';

export const REPOSITORY = 'team/api';
export const REPOSITORY_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`;

/**
 * The account's registry with one repository. Stateful like ECR: SetRepositoryPolicy and
 * DeleteRepositoryPolicy change what GetRepositoryPolicy answers next; no policy is
 * RepositoryPolicyNotFoundException; another name (or registry) is RepositoryNotFoundException.
 */
export function ecrWorld(options: { policy?: object; tags?: Record<string, string> } = {}): World {
  let policyText = options.policy ? JSON.stringify(options.policy) : undefined;
  const repository = (input: { registryId?: string; repositoryName: string }) => {
    if (input.repositoryName !== REPOSITORY || (input.registryId ?? ACCOUNT) !== ACCOUNT) {
      throw awsError(
        'RepositoryNotFoundException',
        `The repository with name '${input.repositoryName}' does not exist in the registry with id '${input.registryId}'`,
      );
    }
    return { registryId: ACCOUNT, repositoryName: REPOSITORY };
  };
  return {
    'ECR.GetRepositoryPolicy': (input: { registryId?: string; repositoryName: string }) => {
      const found = repository(input);
      if (policyText === undefined) {
        throw awsError(
          'RepositoryPolicyNotFoundException',
          `Repository policy does not exist for the repository with name '${REPOSITORY}' in the registry with id '${ACCOUNT}'`,
        );
      }
      return { ...found, policyText };
    },
    'ECR.ListTagsForResource': (input: { resourceArn: string }) => {
      if (input.resourceArn !== REPOSITORY_ARN)
        throw awsError('RepositoryNotFoundException', 'no such repository');
      return { tags: tagList(options.tags) };
    },
    'ECR.SetRepositoryPolicy': (input: {
      registryId?: string;
      repositoryName: string;
      policyText: string;
    }) => {
      const found = repository(input);
      policyText = input.policyText;
      return { ...found, policyText };
    },
    'ECR.DeleteRepositoryPolicy': (input: { registryId?: string; repositoryName: string }) => {
      const found = repository(input);
      if (policyText === undefined) throw awsError('RepositoryPolicyNotFoundException', 'no policy');
      const deleted = policyText;
      policyText = undefined;
      return { ...found, policyText: deleted };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('ecr_repository', REPOSITORY),
  world: () =>
    ecrWorld({
      policy: policy(
        publicStatement('Open', 'ecr:BatchGetImage', REPOSITORY_ARN),
        accountStatement('Stranger', 'ecr:GetDownloadUrlForLayer', STRANGER, REPOSITORY_ARN),
      ),
    }),
  failing: ['ecr_repository.public', 'ecr_repository.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { ecr_repository: [0, 8] },
  responders: (estate) => ({
    'ECR.DescribeRepositories': estate.list(
      'ecr_repository',
      'repositories',
      { input: 'nextToken', output: 'nextToken' },
      (repositoryName) => ({ repositoryName }),
    ),
  }),
};
