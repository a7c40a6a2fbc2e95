import type { CheckId } from '../contracts/checks';
import type { Violation } from './settle';
import type { AuditContext } from './types';

/** Who a snapshot or image is shared with: everyone (the `all` group) and account ids. */
export interface Shares {
  readonly everyone: boolean;
  readonly accounts: readonly string[];
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
  /** Removes these account ids. */
  removeAccounts(accounts: readonly string[]): Promise<void>;
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
  if (unknown.length > 0) {
    violations.push({
      check: audit.unknownAccountCheck,
      message: `${audit.noun} is shared with ${unknown.length === 1 ? 'an account' : 'accounts'} outside the known accounts and organizations: ${unknown.join(', ')}.`,
      action: `remove the share${unknown.length === 1 ? '' : 's'} with ${unknown.join(', ')} (known accounts kept)`,
      fix: async () => {
        await audit.removeAccounts(unknown);
        return audit.before;
      },
    });
  }
  return violations;
}
