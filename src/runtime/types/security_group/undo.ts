import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

const rangeKey = (p: IpPermission, cidr: string | undefined) =>
  `${p.IpProtocol}|${p.FromPort ?? ''}|${p.ToPort ?? ''}|${cidr}`;

/** The parts of `permissions` whose ranges are (present: true) or are not in `rules`. */
function partsOf(permissions: readonly IpPermission[], rules: ReadonlySet<string>, present: boolean) {
  return permissions.flatMap((p): IpPermission[] => {
    const IpRanges = (p.IpRanges ?? []).filter((r) => rules.has(rangeKey(p, r.CidrIp)) === present);
    const Ipv6Ranges = (p.Ipv6Ranges ?? []).filter((r) => rules.has(rangeKey(p, r.CidrIpv6)) === present);
    if (IpRanges.length === 0 && Ipv6Ranges.length === 0) return [];
    const part: IpPermission = { ...p };
    delete part.IpRanges;
    delete part.Ipv6Ranges;
    return [
      { ...part, ...(IpRanges.length ? { IpRanges } : {}), ...(Ipv6Ranges.length ? { Ipv6Ranges } : {}) },
    ];
  });
}

/** The ingress rules a fix revoked are authorized again (those already back are left as they are). */
export const undo: UndoTable = {
  'security_group.public_ingress': {
    async plan(finding, ctx) {
      const ec2 = ctx.client(EC2Client, 'EC2');
      const GroupId = finding.resource.id;
      const { SecurityGroups = [] } = await ec2.send(
        new DescribeSecurityGroupsCommand({ GroupIds: [GroupId] }),
      );
      const rules = new Set<string>();
      for (const p of SecurityGroups[0]?.IpPermissions ?? []) {
        for (const r of p.IpRanges ?? []) rules.add(rangeKey(p, r.CidrIp));
        for (const r of p.Ipv6Ranges ?? []) rules.add(rangeKey(p, r.CidrIpv6));
      }
      const revoked = beforeOf<{ IpPermissions: IpPermission[] }>(finding).IpPermissions ?? [];
      // The state: which of the revoked rules are there.
      const current = { IpPermissions: partsOf(revoked, rules, true) };
      const missing = partsOf(revoked, rules, false);
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          missing.length > 0
            ? [step(ec2, 'EC2', AuthorizeSecurityGroupIngressCommand, { GroupId, IpPermissions: missing })]
            : [],
      };
    },
  },
};
