import {
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../aws/errors';
import { settle } from './settle';
import { shareViolations } from './shares';
import { tagsFromList } from './tags';
import type { Auditor } from './types';

const GONE = ['InvalidSnapshot.NotFound'];

/** EBS snapshots owned by the account (id: the snapshot id): not public, not shared with unknown accounts. */
export const ebsSnapshotAuditor: Auditor = {
  type: 'ebs_snapshot',
  checks: [
    {
      id: 'ebs_snapshot.public',
      severity: 'critical',
      title: 'EBS snapshot is public',
      fix: 'remove the "all" create-volume permission',
    },
    {
      id: 'ebs_snapshot.shared_unknown_account',
      severity: 'high',
      title: 'EBS snapshot is shared with an unknown account',
      fix: "remove the unknown accounts' create-volume permissions",
    },
  ],
  readActions: ['ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute'],
  remediateActions: ['ec2:ModifySnapshotAttribute'],

  async audit(resource, ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const SnapshotId = resource.id;
    try {
      const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [SnapshotId] }));
      const snapshot = Snapshots.find((s) => s.SnapshotId === SnapshotId);
      if (!snapshot || snapshot.OwnerId !== resource.account) return [];
      const { CreateVolumePermissions = [] } = await ec2.send(
        new DescribeSnapshotAttributeCommand({ SnapshotId, Attribute: 'createVolumePermission' }),
      );
      const violations = await shareViolations(
        {
          noun: 'EBS snapshot',
          publicCheck: 'ebs_snapshot.public',
          unknownAccountCheck: 'ebs_snapshot.shared_unknown_account',
          shares: {
            everyone: CreateVolumePermissions.some((p) => p.Group === 'all'),
            accounts: CreateVolumePermissions.flatMap((p) => (p.UserId ? [p.UserId] : [])),
          },
          before: { CreateVolumePermissions },
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
      return await settle(ebsSnapshotAuditor, resource, ctx, tagsFromList(snapshot.Tags), violations);
    } catch (error) {
      if (isAwsError(error, ...GONE)) return [];
      throw error;
    }
  },
};
