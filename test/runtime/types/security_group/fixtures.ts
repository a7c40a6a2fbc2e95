/** Security groups (id: the group id): ingress rules. */
import { ACCOUNT, resource, type Scenario } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const GROUP_ID = 'sg-0123456789abcdef0';

export function securityGroupWorld(options: { permissions?: object[]; exists?: boolean } = {}): World {
  return {
    'EC2.DescribeSecurityGroups': () => {
      if (options.exists === false)
        throw awsError('InvalidGroup.NotFound', `The security group '${GROUP_ID}' does not exist`);
      return {
        SecurityGroups: [
          {
            GroupId: GROUP_ID,
            GroupName: 'web',
            OwnerId: ACCOUNT,
            IpPermissions: options.permissions ?? [],
            Tags: [],
          },
        ],
      };
    },
    'EC2.RevokeSecurityGroupIngress': { Return: true },
  };
}

export const SSH_FROM_ANYWHERE = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }, { CidrIp: '10.0.0.0/8' }],
  Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  UserIdGroupPairs: [],
  PrefixListIds: [],
};
export const HTTPS_FROM_OFFICE = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '203.0.113.0/24' }],
  Ipv6Ranges: [],
  UserIdGroupPairs: [],
  PrefixListIds: [],
};

export const noncompliant: Scenario = {
  resource: resource('security_group', GROUP_ID),
  world: () => securityGroupWorld({ permissions: [SSH_FROM_ANYWHERE, HTTPS_FROM_OFFICE] }),
  failing: ['security_group.public_ingress'],
};

export const listing: ListingFixture = {
  typical: { security_group: [1, 8] },
  responders: (estate) => ({
    'EC2.DescribeSecurityGroups': estate.list('security_group', 'SecurityGroups', NEXT_TOKEN, (GroupId) => ({
      GroupId,
      GroupName: `group ${GroupId}`,
    })),
  }),
};
