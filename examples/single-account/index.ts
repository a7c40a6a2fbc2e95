// All in one account: the master, and the same account as its only member (the Pulumi.yaml at the
// repository root runs this program). Try it in a sandbox account first; remediation stays off.
import * as pulumi from '@pulumi/pulumi';
import { MemberAccount, RemediationMaster, type RemediationSettings } from 'pulumi-aws-remediation';

const config = new pulumi.Config();
// The ExternalId is a secret (`pulumi config set --secret externalId ...`), encrypted in the state.
const settings = {
  ...config.requireObject<RemediationSettings>('settings'),
  externalId: config.requireSecret('externalId'),
};

// This account is also the member: its own API calls are watched on its default buses.
const master = new RemediationMaster('remediation', {
  settings,
  watchOwnAccount: true,
  // A trial: `pulumi destroy` deletes the findings table too. Leave deletion protection on (the
  // default) where the findings, and the `before` of each fix, must outlive a mistaken destroy.
  findingsTable: { deletionProtection: false },
  tags: { owner: 'security' },
});

// The master watches its own account's events itself (watchOwnAccount): no forwarders here.
const member = new MemberAccount('remediation', {
  settings,
  masterRoleArns: master.memberTrustRoleArns,
  // Read-only (a dry run) unless the stack sets `remediation: 'true'` and settings.remediate turns fixes on.
  remediation: config.getBoolean('remediation') ?? false,
  forwarderRegions: [],
});

export const memberRoleArn = member.memberRole.arn;
export const resourceQueueUrl = master.resourceQueue.url;
export const notificationTopicArn = master.notificationTopic.arn;
export const findingsTableName = master.findingsTableName;
