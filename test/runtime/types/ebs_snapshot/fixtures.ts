/** EBS snapshots (id: the snapshot id): create-volume permissions. */
import { ACCOUNT, resource, type Scenario, STRANGER, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const SNAPSHOT_ID = 'snap-0123456789abcdef0';

export function ebsSnapshotWorld(
  options: { permissions?: object[]; owner?: string; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'EC2.DescribeSnapshots': () => {
      if (options.exists === false) {
        throw awsError('InvalidSnapshot.NotFound', `The snapshot '${SNAPSHOT_ID}' does not exist.`);
      }
      return {
        Snapshots: [
          {
            SnapshotId: SNAPSHOT_ID,
            OwnerId: options.owner ?? ACCOUNT,
            State: 'completed',
            VolumeSize: 8,
            Encrypted: false,
            Tags: tagList(options.tags),
          },
        ],
      };
    },
    'EC2.DescribeSnapshotAttribute': {
      SnapshotId: SNAPSHOT_ID,
      CreateVolumePermissions: options.permissions ?? [],
    },
    'EC2.ModifySnapshotAttribute': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('ebs_snapshot', SNAPSHOT_ID),
  world: () => ebsSnapshotWorld({ permissions: [{ Group: 'all' }, { UserId: STRANGER }] }),
  failing: ['ebs_snapshot.public', 'ebs_snapshot.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { ebs_snapshot: [0, 8] },
  responders: (estate) => ({
    'EC2.DescribeSnapshots': estate.list('ebs_snapshot', 'Snapshots', NEXT_TOKEN, (SnapshotId) => ({
      SnapshotId,
      Tags: [],
    })),
  }),
};
