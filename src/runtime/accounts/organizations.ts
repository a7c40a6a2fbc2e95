import type { Account } from '@aws-sdk/client-organizations';
import type { ClientSource } from '../aws/clients';
import { partitionOf } from '../aws/credentials';
import { isAwsError } from '../aws/errors';
import { Limiter } from '../concurrency';

/** The region of the Organizations endpoint in a partition. */
export function organizationsRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-northwest-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/**
 * The Organizations client of a management account (the member role there), and the module's
 * commands, loaded when first needed: most audits never ask who is in the organization.
 */
async function organizationsOf(clients: ClientSource, management: string, homeRegion: string) {
  const sdk = await import('@aws-sdk/client-organizations');
  const region = organizationsRegion(partitionOf(homeRegion));
  return { sdk, client: clients.get(sdk.OrganizationsClient, 'Organizations', management, region) };
}

/**
 * Every account of the organization whose management account is `management` (Organizations
 * ListAccounts, all pages), called with the member role in that account. `homeRegion` selects the
 * partition.
 */
export async function listOrganizationAccounts(
  clients: ClientSource,
  management: string,
  homeRegion: string,
): Promise<Account[]> {
  const { sdk, client } = await organizationsOf(clients, management, homeRegion);
  const accounts: Account[] = [];
  for await (const page of sdk.paginateListAccounts({ client }, {})) accounts.push(...(page.Accounts ?? []));
  return accounts;
}

/** The id (o-...) of the organization `management` belongs to (Organizations DescribeOrganization). */
export async function describeOrganizationId(
  clients: ClientSource,
  management: string,
  homeRegion: string,
): Promise<string | undefined> {
  const { sdk, client } = await organizationsOf(clients, management, homeRegion);
  return (await client.send(new sdk.DescribeOrganizationCommand({}))).Organization?.Id;
}

/** Organizations calls in flight at once while walking the units (its rate limits are low). */
const WALK_CONCURRENCY = 5;

/** The accounts under some organizational units, and the listed units the organization does not have. */
export interface UnitAccounts {
  /** Every account directly in a listed unit or root, or in any unit below one; each once. */
  readonly accounts: Account[];
  /** The listed units (or roots) that are not in this organization (ParentNotFoundException). */
  readonly missing: string[];
}

/**
 * Every account under `units` (organizational units `ou-...` or roots `r-...`) in the organization
 * whose management account is `management`: Organizations ListAccountsForParent on each unit and,
 * through ListOrganizationalUnitsForParent, on every unit below it (all pages of both), with the
 * member role in that account. Each unit is visited once, even when a listed unit is below another,
 * and the units of one level are walked a few at a time.
 */
export async function listAccountsUnder(
  clients: ClientSource,
  management: string,
  homeRegion: string,
  units: readonly string[],
): Promise<UnitAccounts> {
  const { sdk, client } = await organizationsOf(clients, management, homeRegion);
  const listed = new Set(units);
  const visited = new Set<string>();
  const accounts = new Map<string, Account>();
  const missing: string[] = [];
  const limiter = new Limiter(WALK_CONCURRENCY);

  const visit = async (parent: string): Promise<string[]> => {
    try {
      return await limiter.run(async () => {
        const children: string[] = [];
        const listAccounts = async () => {
          for await (const page of sdk.paginateListAccountsForParent({ client }, { ParentId: parent })) {
            for (const account of page.Accounts ?? []) if (account.Id) accounts.set(account.Id, account);
          }
        };
        const listUnits = async () => {
          const pages = sdk.paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent });
          for await (const page of pages) {
            for (const unit of page.OrganizationalUnits ?? []) if (unit.Id) children.push(unit.Id);
          }
        };
        await Promise.all([listAccounts(), listUnits()]);
        return children;
      });
    } catch (error) {
      // A listed unit of another organization; a unit found below is gone only if it was deleted
      // meanwhile, and a deleted unit held no account.
      if (!isAwsError(error, 'ParentNotFoundException')) throw error;
      if (listed.has(parent)) missing.push(parent);
      return [];
    }
  };

  let level = [...listed];
  for (const unit of level) visited.add(unit);
  while (level.length > 0) {
    const children = (await Promise.all(level.map(visit))).flat();
    level = [...new Set(children)].filter((unit) => !visited.has(unit));
    for (const unit of level) visited.add(unit);
  }
  return { accounts: [...accounts.values()], missing: missing.sort() };
}
