import type { CheckId } from '../contracts/checks';
import { Fixed, type Violation } from './types';
import type { AuditContext } from './types';
import { noun } from '../text';

/** The organization id in an organization or OU ARN (`.../organization/o-abc` or `.../ou/o-abc/ou-...`). */
export function organizationIdOf(arn: string): string | undefined {
  return /\/(o-[a-z0-9]+)(\/|$)/.exec(arn)?.[1];
}

export interface ShareAudit {
  /** What the resource is called in messages: "AMI", "EBS snapshot", "RDS snapshot". */
  readonly noun: string;
  readonly publicCheck: CheckId;
  readonly unknownAccountCheck: CheckId;
  /** Every share as one value: `all` (everyone), an account id, an organization or OU ARN. */
  readonly values: readonly string[];
  /** The sharing state these values make, in the API's shape (a finding's `before` and `after`). */
  state(values: readonly string[]): unknown;
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
  // What the fixes leave, one after the other: each one's `before` is what the previous left.
  let current = [...new Set(audit.values)];
  const without = (removed: readonly string[]) => {
    const before = audit.state(current);
    current = current.filter((v) => !removed.includes(v));
    return new Fixed(before, audit.state(current));
  };
  if (current.includes('all')) {
    violations.push({
      check: audit.publicCheck,
      message: `${audit.noun} is public: shared with everyone (the "all" group).`,
      action: 'remove the "all" group from its sharing permissions (account shares kept)',
      fix: async () => {
        await audit.removeEveryone();
        return without(['all']);
      },
    });
  }
  const unknown: string[] = [];
  const isArn = (v: string) => v.startsWith('arn:');
  for (const account of current.filter((v) => v !== 'all' && !isArn(v))) {
    if (!(await ctx.isKnownAccount(account))) unknown.push(account);
  }
  const strangeOrganizations: string[] = [];
  const organizations = current.filter(isArn);
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
        return without(strangers);
      },
    });
  }
  return violations;
}

/**
 * An RDS snapshot's (DB or cluster) sharing as a finding records it: its `restore` attribute, whose
 * values are the accounts allowed to copy or restore it, `all` when it is public.
 */
export const RESTORE_ATTRIBUTE = {
  state: (values: readonly string[]) => ({ AttributeName: 'restore', AttributeValues: [...values] }),
  values: (state: unknown): string[] =>
    (state as { AttributeValues?: string[] } | null)?.AttributeValues ?? [],
};
