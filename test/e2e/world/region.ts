import {
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { ACCOUNTS, type Accounts, HOME } from '../aws';
import type { ExpectedFinding, Resource, Seeder } from './model';

/**
 * An S3 Control client of the account. S3 Control's endpoint rules put the account id in front of the
 * endpoint's host, which the suite's endpoint (an address) cannot have: requests go to the endpoint as
 * given, the account in their x-amz-account-id header (as the package sends them).
 */
function s3Control(accounts: Accounts, account: string): S3ControlClient {
  return new S3ControlClient({
    endpoint: accounts.endpoint,
    endpointProvider: () => ({ url: new URL(accounts.endpoint) }),
    region: HOME,
    credentials: () => accounts.credentials(account),
  });
}

/** The account's S3 Block Public Access as the server holds it (null: none configured). */
async function readBlock(accounts: Accounts, account: string): Promise<unknown> {
  try {
    const output = await s3Control(accounts, account).send(
      new GetPublicAccessBlockCommand({ AccountId: account }),
    );
    return output.PublicAccessBlockConfiguration ?? null;
  } catch (error) {
    if ((error as Error).name === 'NoSuchPublicAccessBlockConfiguration') return null;
    throw error;
  }
}

async function regionResource(accounts: Accounts, account: string, region: string): Promise<Resource> {
  const report = (check: string): ExpectedFinding => ({ check, fixable: false });
  // The first account blocks all public access at the account level; the second has none configured.
  const blocked = account === ACCOUNTS[0];
  if (region === HOME && blocked) {
    await s3Control(accounts, account).send(
      new PutPublicAccessBlockCommand({
        AccountId: account,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
  }
  return {
    label: `region ${account} ${region}`,
    message: { account, region, type: 'region', id: '', delay: 0 },
    seeded: false,
    excepted: false,
    findings: [
      report('region.guardduty_enabled'),
      report('region.config_enabled'),
      report('region.cloudtrail_enabled'),
      report('region.vpc_flow_logs'),
      // Account-level checks run in the first configured region only.
      ...(region === HOME
        ? [
            report('region.root_mfa'),
            report('region.password_policy'),
            ...(blocked
              ? []
              : [{ ...report('region.s3_account_public_access_block'), mentions: ['not configured'] }]),
          ]
        : []),
    ],
    // The account's Block Public Access, read where the checks judge it: reports change nothing.
    read: async () => (region === HOME ? readBlock(accounts, account) : null),
  };
}

/**
 * The account and region checks: findings of an empty account, but for S3's account-level Block
 * Public Access, set in the first account.
 */
export const regionSeeder: Seeder = {
  seed: async ({ accounts, account, region }) => [await regionResource(accounts, account, region)],
};
