import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  EC2Client,
  ModifyImageAttributeCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../../aws/errors';
import { shareViolations } from '../../auditors/shares';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

const NOT_FOUND = ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'];

/** AMIs owned by the account (id: the image id): not public, not shared with unknown accounts. */
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
          shares: {
            everyone: LaunchPermissions.some((p) => p.Group === 'all'),
            accounts: LaunchPermissions.flatMap((p) => (p.UserId ? [p.UserId] : [])),
            organizations: LaunchPermissions.flatMap((p) => [
              ...(p.OrganizationArn ? [p.OrganizationArn] : []),
              ...(p.OrganizationalUnitArn ? [p.OrganizationalUnitArn] : []),
            ]),
          },
          before: { LaunchPermissions },
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
