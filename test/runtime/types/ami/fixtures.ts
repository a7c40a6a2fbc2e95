/** AMIs (id: the image id): launch permissions. */
import { ACCOUNT, KNOWN, resource, type Scenario, STRANGER, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const IMAGE_ID = 'ami-0abcdef1234567890';

export function amiWorld(
  options: { permissions?: object[]; owner?: string; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  return {
    'EC2.DescribeImages': () => {
      if (options.exists === false)
        throw awsError('InvalidAMIID.NotFound', `The image id '[${IMAGE_ID}]' does not exist`);
      return {
        Images: [
          {
            ImageId: IMAGE_ID,
            OwnerId: options.owner ?? ACCOUNT,
            Public: (options.permissions ?? []).some((p) => (p as { Group?: string }).Group === 'all'),
            State: 'available',
            Name: 'golden-image',
            Tags: tagList(options.tags),
          },
        ],
      };
    },
    'EC2.DescribeImageAttribute': { ImageId: IMAGE_ID, LaunchPermissions: options.permissions ?? [] },
    'EC2.ModifyImageAttribute': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('ami', IMAGE_ID),
  world: () => amiWorld({ permissions: [{ Group: 'all' }, { UserId: STRANGER }, { UserId: KNOWN }] }),
  failing: ['ami.public', 'ami.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { ami: [0, 3] },
  responders: (estate) => ({
    'EC2.DescribeImages': estate.list('ami', 'Images', NEXT_TOKEN, (ImageId) => ({
      ImageId,
      Name: `image ${ImageId}`,
      Tags: [],
    })),
  }),
};
