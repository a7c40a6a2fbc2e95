import { GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';
import { decodeDocument } from './auditor';

/** The trust policy is written back as it was. */
const trustPolicy = policyUndo({
  field: 'AssumeRolePolicyDocument',
  read: async (resource, ctx) => {
    const { Role } = await ctx.client(IAMClient, 'IAM').send(new GetRoleCommand({ RoleName: resource.id }));
    return Role?.AssumeRolePolicyDocument ? decodeDocument(Role.AssumeRolePolicyDocument) : '';
  },
  write: (resource, ctx, PolicyDocument) =>
    step(ctx.client(IAMClient, 'IAM'), 'IAM', UpdateAssumeRolePolicyCommand, {
      RoleName: resource.id,
      PolicyDocument,
    }),
});

export const undo: UndoTable = {
  'iam_role.public_trust': trustPolicy,
  'iam_role.trusts_unknown_account': trustPolicy,
};
