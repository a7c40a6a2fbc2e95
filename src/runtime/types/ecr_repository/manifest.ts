import { defineType } from '../manifest';
import { first, req, res } from '../../events/ids';

/**
 * ECR private repositories (id: the repository name): the repository policy must not let anyone, or
 * an unknown account, pull, push or manage images.
 */
export const ecrRepository = defineType({
  type: 'ecr_repository',
  id: 'the repository name',
  checks: [
    {
      id: 'ecr_repository.public',
      severity: 'high',
      title: 'ECR repository policy allows anyone',
      fix: 'take the public principals out of the policy (a statement goes only when nothing legitimate is left); the others stay',
    },
    {
      id: 'ecr_repository.shared_unknown_account',
      severity: 'high',
      title: 'ECR repository policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['ecr:GetRepositoryPolicy', 'ecr:ListTagsForResource'],
  remediateActions: ['ecr:SetRepositoryPolicy', 'ecr:DeleteRepositoryPolicy'],
  notFound: ['RepositoryNotFoundException'],
  events: [
    {
      eventSource: 'ecr.amazonaws.com',
      // CreateRepository: a repository creation template can give the new repository a policy.
      eventNames: ['CreateRepository', 'SetRepositoryPolicy'],
      ids: (d) => first(req(d, 'repositoryName') ?? res(d, 'repository', 'repositoryName')),
    },
  ],
  listing: { actions: ['ecr:DescribeRepositories'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsEcrRepository',
    arn: (r, p) => `arn:${p}:ecr:${r.region}:${r.account}:repository/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ecr:SetRepositoryPolicy'],
});
