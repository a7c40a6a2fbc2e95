import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The key policy is written back as it was. */
const keyPolicy = policyUndo({
  field: 'Policy',
  read: async (resource, ctx) =>
    (
      await ctx
        .client(KMSClient, 'KMS')
        .send(new GetKeyPolicyCommand({ KeyId: resource.id, PolicyName: 'default' }))
    ).Policy ?? '',
  write: (resource, ctx, Policy) =>
    step(ctx.client(KMSClient, 'KMS'), 'KMS', PutKeyPolicyCommand, {
      KeyId: resource.id,
      PolicyName: 'default',
      Policy,
    }),
});

export const undo: UndoTable = {
  'kms_key.public_policy': keyPolicy,
  'kms_key.shared_unknown_account': keyPolicy,
};
