import type { CheckId } from '../contracts/checks';
import type { Violation } from './types';
import type { AuditContext } from './types';
import { noun } from '../text';

/** Who a snapshot or image is shared with: everyone (the `all` group) and account ids. */
export interface Shares {
  readonly everyone: boolean;
  readonly accounts: readonly string[];
  /** Organization and organizational unit ARNs (AMIs only). */
  readonly organizations?: readonly string[];
}

/** The organization id in an organization or OU ARN (`.../organization/o-abc` or `.../ou/o-abc/ou-...`). */
export function organizationIdOf(arn: string): string | undefined {
  return /\/(o-[a-z0-9]+)(\/|$)/.exec(arn)?.[1];
}

export interface ShareAudit {
  /** What the resource is called in messages: "AMI", "EBS snapshot", "RDS snapshot". */
  readonly noun: string;
  readonly publicCheck: CheckId;
  readonly unknownAccountCheck: CheckId;
  readonly shares: Shares;
  /** The sharing state as the API returned it, kept as `before`. */
  readonly before: unknown;
  /** Removes the `all` group. */
  removeEveryone(): Promise<void>;
  /** Removes these account ids and organization (or OU) ARNs. */
  removeAccounts(accounts: readonly string[], organizations: readonly string[]): Promise<void>;
}

/**
 * The violations of a shared image or snapshot: shared with everyone, and shared with accounts that
 * are neither the owner, named in settings, nor in a configured organization. The fixes remove only
 * the `all` group and those accounts; every other share stays.
 */
export async function shareViolations(audit: ShareAudit, ctx: AuditContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  if (audit.shares.everyone) {
    violations.push({
      check: audit.publicCheck,
      message: `${audit.noun} is public: shared with everyone (the "all" group).`,
      action: 'remove the "all" group from its sharing permissions (account shares kept)',
      fix: async () => {
        await audit.removeEveryone();
        return audit.before;
      },
    });
  }
  const unknown: string[] = [];
  for (const account of new Set(audit.shares.accounts)) {
    if (!(await ctx.isKnownAccount(account))) unknown.push(account);
  }
  const strangeOrganizations: string[] = [];
  const organizations = [...new Set(audit.shares.organizations ?? [])];
  if (organizations.length > 0) {
    const known = await ctx.organizationIds();
    for (const arn of organizations) {
      const id = organizationIdOf(arn);
      if (id === undefined || !known.has(id)) strangeOrganizations.push(arn);
    }
  }
  const strangers = [...unknown, ...strangeOrganizations];
  if (strangers.length > 0) {
    violations.push({
      check: audit.unknownAccountCheck,
      message: `${audit.noun} is shared outside the known accounts and organizations: ${strangers.join(', ')}.`,
      action: `remove the ${noun(strangers.length, 'share')} with ${strangers.join(', ')} (known accounts kept)`,
      fix: async () => {
        await audit.removeAccounts(unknown, strangeOrganizations);
        return audit.before;
      },
    });
  }
  return violations;
}
