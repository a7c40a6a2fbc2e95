import { HOME } from '../aws';
import type { ExpectedFinding, Resource, Seeder } from './model';

function regionResource(account: string, region: string): Resource {
  const report = (check: string): ExpectedFinding => ({ check, fixable: false });
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
      ...(region === HOME ? [report('region.root_mfa'), report('region.password_policy')] : []),
    ],
    read: async () => null,
  };
}

/** The account and region checks: nothing to seed, findings of an empty account. */
export const regionSeeder: Seeder = {
  seed: async ({ account, region }) => [regionResource(account, region)],
};
