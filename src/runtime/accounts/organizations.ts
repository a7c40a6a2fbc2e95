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
 * Every account of the organization whose management account is `management` (Organizations
 * ListAccounts, all pages), called with the member role in that account. `homeRegion` selects the
 * partition.
 */
export async function listOrganizationAccounts(
  clients: ClientSource,
  management: string,
  homeRegion: string,
): Promise<Account[]> {
  // Loaded when first needed: most audits never ask who is in the organization.
  const { OrganizationsClient, paginateListAccounts } = await import('@aws-sdk/client-organizations');
  const region = organizationsRegion(partitionOf(homeRegion));
  const client = clients.get(OrganizationsClient, 'Organizations', management, region);
  const accounts: Account[] = [];
  for await (const page of paginateListAccounts({ client }, {})) accounts.push(...(page.Accounts ?? []));
  return accounts;
}

/** The id (o-...) of the organization `management` belongs to (Organizations DescribeOrganization). */
export async function describeOrganizationId(
  clients: ClientSource,
  management: string,
  homeRegion: string,
): Promise<string | undefined> {
  const { DescribeOrganizationCommand, OrganizationsClient } = await import('@aws-sdk/client-organizations');
  const region = organizationsRegion(partitionOf(homeRegion));
  const client = clients.get(OrganizationsClient, 'Organizations', management, region);
  return (await client.send(new DescribeOrganizationCommand({}))).Organization?.Id;
}
