import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  type LaunchPermission,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../../aws/errors';
import { shareViolations } from '../../auditors/shares';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

const NOT_FOUND = ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'];

/** AMIs owned by the account (id: the image id): not public, not shared with unknown accounts. */
/** A launch permission as one value: `all`, an account id, an organization or OU ARN. */
export function launchPermissionValues(permissions: readonly LaunchPermission[]): string[] {
  return permissions.flatMap((p) => {
    const value = p.Group ?? p.UserId ?? p.OrganizationArn ?? p.OrganizationalUnitArn;
    return value ? [value] : [];
  });
}

/** The launch permission of a value. */
export function launchPermission(value: string): LaunchPermission {
  if (value === 'all') return { Group: 'all' };
  if (value.includes(':organization/')) return { OrganizationArn: value };
  if (value.startsWith('arn:')) return { OrganizationalUnitArn: value };
  return { UserId: value };
}

export const auditor: Auditor = {
  type: 'ami',

  async inspect(resource, ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const ImageId = resource.id;
    try {
      const { Images = [] } = await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId] }));
      const image = Images.find((i) => i.ImageId === ImageId);
      // Gone, or another account's public image: nothing of ours to audit.
      if (!image || image.OwnerId !== resource.account) return GONE;
      const { LaunchPermissions = [] } = await ec2.send(
        new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }),
      );
      const violations = await shareViolations(
        {
          noun: 'AMI',
          publicCheck: 'ami.public',
          unknownAccountCheck: 'ami.shared_unknown_account',
          values: launchPermissionValues(LaunchPermissions),
          state: (values) => ({ LaunchPermissions: values.map(launchPermission) }),
          removeEveryone: async () => {
            await ec2.send(
              new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Remove: [{ Group: 'all' }] } }),
            );
          },
          removeAccounts: async (accounts, organizations) => {
            const Remove = [
              ...accounts.map((UserId) => ({ UserId })),
              ...LaunchPermissions.filter(
                (p) =>
                  (p.OrganizationArn && organizations.includes(p.OrganizationArn)) ||
                  (p.OrganizationalUnitArn && organizations.includes(p.OrganizationalUnitArn)),
              ),
            ];
            await ec2.send(new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Remove } }));
          },
        },
        ctx,
      );
      return { tags: tagsFromList(image.Tags), violations };
    } catch (error) {
      if (isAwsError(error, ...NOT_FOUND)) return GONE;
      throw error;
    }
  },
};
