import type { ResolvedSettings } from '../contracts/settings';
import type { ClientSource } from '../aws/clients';
import { describeError } from '../aws/errors';
import { runFailure } from '../aws/failures';
import { listAccountsUnder, listOrganizationAccounts } from '../accounts/organizations';
import type { PollTask } from './task';

/** The accounts of a sweep, and the organizations that could not be listed. */
export interface AccountPlan {
  /** Sorted, without duplicates. */
  readonly accounts: string[];
  /** Management accounts whose organization could not be listed, with why. */
  readonly errors: { readonly management: string; readonly error: string; readonly runFailure?: string }[];
  /**
   * Units of `organizationalUnits` found in none of the organizations that could be listed (only
   * present when there are some).
   */
  readonly missingUnits?: string[];
}

/**
 * The accounts to sweep: `accounts`, plus the ACTIVE members of each organization listed by its
 * management account in `organizationAccounts` (suspended and closing accounts cannot be audited),
 * without duplicates. With `organizationalUnits`, only the ACTIVE members under those units (and the
 * units below them) count; each unit is looked for in every organization, and one found in none is
 * reported. An organization that cannot be listed is reported and the others still count.
 */
export async function planAccounts(settings: ResolvedSettings, clients: ClientSource): Promise<AccountPlan> {
  const accounts = new Set(settings.accounts);
  const errors: AccountPlan['errors'] = [];
  const home = settings.regions[0] ?? 'us-east-1';
  const units = settings.organizationalUnits;
  const unitsFound = new Set<string>();
  await Promise.all(
    settings.organizationAccounts.map(async (management) => {
      try {
        let members;
        if (units.length === 0) {
          members = await listOrganizationAccounts(clients, management, home);
        } else {
          const under = await listAccountsUnder(clients, management, home, units);
          const missing = new Set(under.missing);
          for (const unit of units) if (!missing.has(unit)) unitsFound.add(unit);
          members = under.accounts;
        }
        for (const account of members) {
          if (account.Id && account.Status === 'ACTIVE') accounts.add(account.Id);
        }
      } catch (error) {
        const failure = runFailure(error);
        errors.push({ management, error: describeError(error), ...(failure ? { runFailure: failure } : {}) });
      }
    }),
  );
  const missingUnits = units.filter((unit) => !unitsFound.has(unit));
  return {
    accounts: [...accounts].sort(),
    errors,
    ...(missingUnits.length > 0 && errors.length < settings.organizationAccounts.length
      ? { missingUnits }
      : {}),
  };
}

/**
 * One task per account and region. The first configured region of each account also lists the
 * global types (IAM, S3), so they are listed once per account.
 */
export function planTasks(
  accounts: readonly string[],
  regions: readonly string[],
  options: { onlyTestResources?: boolean } = {},
): PollTask[] {
  return accounts.flatMap((account) =>
    regions.map((region, index) => ({
      account,
      region,
      global: index === 0,
      onlyTestResources: options.onlyTestResources ?? false,
    })),
  );
}
