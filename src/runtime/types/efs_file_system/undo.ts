import { DescribeFileSystemPolicyCommand, EFSClient, PutFileSystemPolicyCommand } from '@aws-sdk/client-efs';
import { unless } from '../../aws/errors';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The file system policy is put back as it was (the lockout safety check on). */
const fileSystemPolicy = policyUndo({
  field: 'Policy',
  read: async (resource, ctx) =>
    (
      await unless(
        ctx.client(EFSClient, 'EFS').send(new DescribeFileSystemPolicyCommand({ FileSystemId: resource.id })),
        ['PolicyNotFound'],
        undefined,
      )
    )?.Policy ?? '',
  write: (resource, ctx, Policy) =>
    step(ctx.client(EFSClient, 'EFS'), 'EFS', PutFileSystemPolicyCommand, {
      FileSystemId: resource.id,
      Policy,
      BypassPolicyLockoutSafetyCheck: false,
    }),
});

export const undo: UndoTable = {
  'efs_file_system.public': fileSystemPolicy,
  'efs_file_system.shared_unknown_account': fileSystemPolicy,
};
