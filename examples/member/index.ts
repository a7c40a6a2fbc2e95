// One member account: deploy after the master, with a provider that assumes a role in that account.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MemberAccount, type RemediationSettings } from 'pulumi-aws-remediation';

const config = new pulumi.Config();
// The same ExternalId as the master's, a secret: the member role's trust policy stays encrypted in the state.
const settings = {
  ...config.requireObject<RemediationSettings>('settings'),
  externalId: config.requireSecret('externalId'),
};
const master = new pulumi.StackReference(config.require('masterStack'));

// Every resource of this account goes through this provider: it assumes a deployment role there.
// With the AWS provider v7 one provider serves every region; the forwarders set their region.
const account = new aws.Provider('member-account', {
  region: settings.regions[0] as aws.Region,
  assumeRoles: [{ roleArn: config.require('deployRoleArn'), sessionName: 'pulumi-remediation-member' }],
});

const member = new MemberAccount(
  'remediation',
  {
    settings,
    masterRoleArns: master.requireOutput('memberTrustRoleArns') as pulumi.Output<string[]>,
    eventBusArns: master.requireOutput('eventBusArns') as pulumi.Output<Record<string, string>>,
    // Read-only (a dry run) unless this account's owners agreed to automatic fixes and the stack sets
    // `remediation: 'true'`: the member role then gets the fixes' write actions.
    remediation: config.getBoolean('remediation') ?? false,
    tags: { owner: 'security' },
  },
  { provider: account },
);

export const memberRoleArn = member.memberRole.arn;
