import {
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/**
 * The resource policy is put back as it was, without BlockPublicPolicy (what the fix took away may
 * be public, and putting it back is what undo is asked for); a secret that had none loses it again.
 */
const secretPolicy = policyUndo({
  field: 'ResourcePolicy',
  read: async (resource, ctx) =>
    (
      await ctx
        .client(SecretsManagerClient, 'Secrets Manager')
        .send(new GetResourcePolicyCommand({ SecretId: resource.id }))
    ).ResourcePolicy ?? '',
  write: (resource, ctx, ResourcePolicy) => {
    const client = ctx.client(SecretsManagerClient, 'Secrets Manager');
    return ResourcePolicy
      ? step(client, 'Secrets Manager', PutResourcePolicyCommand, { SecretId: resource.id, ResourcePolicy })
      : step(client, 'Secrets Manager', DeleteResourcePolicyCommand, { SecretId: resource.id });
  },
});

export const undo: UndoTable = {
  'secretsmanager_secret.public': secretPolicy,
  'secretsmanager_secret.shared_unknown_account': secretPolicy,
};
