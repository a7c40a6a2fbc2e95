import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { unless } from '../../aws/errors';
import { ConcurrentChangeError } from '../../errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, Fixed } from '../../auditors/types';

const ANYWHERE_V4 = '0.0.0.0/0';
const ANYWHERE_V6 = '::/0';

/** "tcp 22", "udp 1000-2000", "all traffic", "icmp". */
export function describePermission(p: IpPermission): string {
  if (p.IpProtocol === '-1') return 'all traffic';
  const protocol = p.IpProtocol ?? '?';
  if (p.FromPort === undefined || p.FromPort === -1) return protocol;
  return p.FromPort === p.ToPort ? `${protocol} ${p.FromPort}` : `${protocol} ${p.FromPort}-${p.ToPort}`;
}

/** The part of an ingress rule open to the whole internet: its 0.0.0.0/0 and ::/0 ranges only. */
function openPart(p: IpPermission): IpPermission | undefined {
  const v4 = (p.IpRanges ?? []).filter((r) => r.CidrIp === ANYWHERE_V4);
  const v6 = (p.Ipv6Ranges ?? []).filter((r) => r.CidrIpv6 === ANYWHERE_V6);
  if (v4.length === 0 && v6.length === 0) return undefined;
  return {
    IpProtocol: p.IpProtocol,
    ...(p.FromPort === undefined ? {} : { FromPort: p.FromPort }),
    ...(p.ToPort === undefined ? {} : { ToPort: p.ToPort }),
    ...(v4.length > 0 ? { IpRanges: v4 } : {}),
    ...(v6.length > 0 ? { Ipv6Ranges: v6 } : {}),
  };
}

/** Security groups (id: the group id): no ingress from 0.0.0.0/0 or ::/0. */
export const auditor: Auditor = {
  type: 'security_group',

  async inspect(resource, ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const GroupId = resource.id;
    const output = await unless(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId] })),
      ['InvalidGroup.NotFound'],
      undefined,
    );
    const group = output?.SecurityGroups?.find((g) => g.GroupId === GroupId);
    if (!group || group.OwnerId !== resource.account) return GONE;

    const open = (group.IpPermissions ?? []).flatMap((p) => {
      const part = openPart(p);
      return part ? [part] : [];
    });
    if (open.length === 0) return { tags: tagsFromList(group.Tags), violations: [] };
    const described = open.map((p) => {
      const sources = [
        ...(p.IpRanges ?? []).map((r) => r.CidrIp),
        ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ];
      return `${describePermission(p)} from ${sources.join(' and ')}`;
    });
    return {
      tags: tagsFromList(group.Tags),
      violations: [
        {
          check: 'security_group.public_ingress',
          message: `Security group ${group.GroupName ?? GroupId} allows ingress from anywhere: ${described.join('; ')}.`,
          action: `revoke ${described.join('; ')}`,
          fix: async () => {
            const result = await ec2.send(
              new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: open }),
            );
            // Rules that are not there any more come back as unknown rather than as an error.
            if (result.Return === false || (result.UnknownIpPermissions ?? []).length > 0) {
              throw new ConcurrentChangeError('the security group rules');
            }
            // The state: the revoked rules that are there.
            return new Fixed({ IpPermissions: open }, { IpPermissions: [] });
          },
        },
      ],
    };
  },
};
