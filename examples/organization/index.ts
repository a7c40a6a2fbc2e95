// A whole organization's member side: deploy after the master, in the organization's management account.
//
// OrganizationMembers deploys the member role and the event forwarders to every account of the chosen
// organizational units with service-managed CloudFormation StackSets, and to every account that joins
// them later. StackSets never deploy to the management account itself: the MemberAccount below
// covers it, with this program's own credentials (those of the management account).
import * as pulumi from '@pulumi/pulumi';
import { MemberAccount, OrganizationMembers, type RemediationSettings } from 'pulumi-aws-remediation';

const config = new pulumi.Config();
// The same ExternalId as the master's, a secret: the stack set's ExternalId parameter and the
// management account's member role trust stay encrypted in the state.
const settings = {
  ...config.requireObject<RemediationSettings>('settings'),
  externalId: config.requireSecret('externalId'),
};
const master = new pulumi.StackReference(config.require('masterStack'));
const masterRoleArns = master.requireOutput('memberTrustRoleArns') as pulumi.Output<string[]>;
const eventBusArns = master.requireOutput('eventBusArns') as pulumi.Output<Record<string, string>>;
// Read-only (a dry run) unless the owners of the accounts agreed to automatic fixes and the stack sets
// `remediation: 'true'`: the member roles then get the fixes' write actions.
const remediation = config.getBoolean('remediation') ?? false;

const organization = new OrganizationMembers('organization', {
  settings,
  masterRoleArns,
  eventBusArns,
  remediation,
  organizationalUnitIds: config.requireObject<string[]>('organizationalUnitIds'),
  // The security account runs the master and is watched as its own account: no stacks there.
  excludedAccounts: config.getObject<string[]>('excludedAccounts') ?? [],
  // In a delegated administrator account of StackSets instead of the management account:
  // callAs: 'DELEGATED_ADMIN' (and give the MemberAccount below a provider for the management account).
  operationPreferences: { maxConcurrentPercentage: 25, failureTolerancePercentage: 10 },
  tags: { owner: 'security' },
});

// The management account, which no stack set reaches: the same role and forwarders, from the same code.
const management = new MemberAccount('remediation', {
  settings,
  masterRoleArns,
  eventBusArns,
  remediation,
  tags: { owner: 'security' },
});

export const roleStackSetName = organization.roleStackSet.name;
export const forwarderStackSetName = organization.forwarderStackSet?.name;
export const managementMemberRoleArn = management.memberRole.arn;
