import { ECRClient, GetRepositoryPolicyCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { unless } from '../../aws/errors';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The repository policy is set back as it was (the fix may have deleted it). */
const repositoryPolicy = policyUndo({
  field: 'policyText',
  read: async (resource, ctx) =>
    (
      await unless(
        ctx
          .client(ECRClient, 'ECR')
          .send(
            new GetRepositoryPolicyCommand({ registryId: resource.account, repositoryName: resource.id }),
          ),
        ['RepositoryPolicyNotFoundException'],
        undefined,
      )
    )?.policyText ?? '',
  write: (resource, ctx, policyText) =>
    step(ctx.client(ECRClient, 'ECR'), 'ECR', SetRepositoryPolicyCommand, {
      registryId: resource.account,
      repositoryName: resource.id,
      policyText,
    }),
});

export const undo: UndoTable = {
  'ecr_repository.public': repositoryPolicy,
  'ecr_repository.shared_unknown_account': repositoryPolicy,
};
