import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import type { LaunchPermission } from '@aws-sdk/client-ec2';
import { shareUndo } from '../../undo/shares';
import { step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';
import { launchPermission, launchPermissionValues } from './auditor';

/** The launch permissions a fix removed are added back. */
const shares = shareUndo({
  read: async (resource, ctx) => {
    const { LaunchPermissions = [] } = await ctx
      .client(EC2Client, 'EC2')
      .send(new DescribeImageAttributeCommand({ ImageId: resource.id, Attribute: 'launchPermission' }));
    return launchPermissionValues(LaunchPermissions);
  },
  values: (state) =>
    launchPermissionValues((state as { LaunchPermissions?: LaunchPermission[] })?.LaunchPermissions ?? []),
  state: (values) => ({ LaunchPermissions: values.map(launchPermission) }),
  add: (resource, ctx, values) =>
    step(ctx.client(EC2Client, 'EC2'), 'EC2', ModifyImageAttributeCommand, {
      ImageId: resource.id,
      LaunchPermission: { Add: values.map(launchPermission) },
    }),
});

export const undo: UndoTable = { 'ami.public': shares, 'ami.shared_unknown_account': shares };
