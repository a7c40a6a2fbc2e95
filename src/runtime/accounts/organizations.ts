import type { Account } from '@aws-sdk/client-organizations';
import type { ClientSource } from '../aws/clients';
import { partitionOf } from '../aws/credentials';

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
