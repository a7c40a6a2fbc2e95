import {
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../../aws/errors';
import { shareViolations } from '../../auditors/shares';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

const NOT_FOUND = ['InvalidSnapshot.NotFound'];

/** EBS snapshots owned by the account (id: the snapshot id): not public, not shared with unknown accounts. */
export const auditor: Auditor = {
  type: 'ebs_snapshot',

  async inspect(resource, ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const SnapshotId = resource.id;
    try {
      const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [SnapshotId] }));
      const snapshot = Snapshots.find((s) => s.SnapshotId === SnapshotId);
      if (!snapshot || snapshot.OwnerId !== resource.account) return GONE;
      const { CreateVolumePermissions = [] } = await ec2.send(
        new DescribeSnapshotAttributeCommand({ SnapshotId, Attribute: 'createVolumePermission' }),
      );
      const violations = await shareViolations(
        {
          noun: 'EBS snapshot',
          publicCheck: 'ebs_snapshot.public',
          unknownAccountCheck: 'ebs_snapshot.shared_unknown_account',
          values: CreateVolumePermissions.flatMap((p) => {
            const value = p.Group ?? p.UserId;
            return value ? [value] : [];
          }),
          state: (values) => ({
            CreateVolumePermissions: values.map((v) => (v === 'all' ? { Group: 'all' } : { UserId: v })),
          }),
          removeEveryone: async () => {
            await ec2.send(
              new ModifySnapshotAttributeCommand({
                SnapshotId,
                Attribute: 'createVolumePermission',
                CreateVolumePermission: { Remove: [{ Group: 'all' }] },
              }),
            );
          },
          removeAccounts: async (accounts) => {
            await ec2.send(
              new ModifySnapshotAttributeCommand({
                SnapshotId,
                Attribute: 'createVolumePermission',
                CreateVolumePermission: { Remove: accounts.map((UserId) => ({ UserId })) },
              }),
            );
          },
        },
        ctx,
      );
      return { tags: tagsFromList(snapshot.Tags), violations };
    } catch (error) {
      if (isAwsError(error, ...NOT_FOUND)) return GONE;
      throw error;
    }
  },
};
