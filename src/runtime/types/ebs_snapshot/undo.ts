import {
  type CreateVolumePermission,
  DescribeSnapshotAttributeCommand,
  EC2Client,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { shareUndo } from '../../undo/shares';
import { step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

const valuesOf = (permissions: readonly CreateVolumePermission[]) =>
  permissions.flatMap((p) => {
    const value = p.Group ?? p.UserId;
    return value ? [value] : [];
  });
const permission = (v: string): CreateVolumePermission => (v === 'all' ? { Group: 'all' } : { UserId: v });

/** The create-volume permissions a fix removed are added back. */
const shares = shareUndo({
  read: async (resource, ctx) => {
    const { CreateVolumePermissions = [] } = await ctx.client(EC2Client, 'EC2').send(
      new DescribeSnapshotAttributeCommand({
        SnapshotId: resource.id,
        Attribute: 'createVolumePermission',
      }),
    );
    return valuesOf(CreateVolumePermissions);
  },
  values: (state) =>
    valuesOf(
      (state as { CreateVolumePermissions?: CreateVolumePermission[] })?.CreateVolumePermissions ?? [],
    ),
  state: (values) => ({ CreateVolumePermissions: values.map(permission) }),
  add: (resource, ctx, values) =>
    step(ctx.client(EC2Client, 'EC2'), 'EC2', ModifySnapshotAttributeCommand, {
      SnapshotId: resource.id,
      Attribute: 'createVolumePermission',
      CreateVolumePermission: { Add: values.map(permission) },
    }),
});

export const undo: UndoTable = {
  'ebs_snapshot.public': shares,
  'ebs_snapshot.shared_unknown_account': shares,
};
