// One member account: deploy after the master, with a provider that assumes a role in that account.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MemberAccount, type RemediationSettings } from 'pulumi-aws-remediation';

const config = new pulumi.Config();
const settings = config.requireObject<RemediationSettings>('settings');
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
    // Read-only unless this account's owners agreed to automatic fixes.
    remediation: config.getBoolean('remediation') ?? false,
    tags: { owner: 'security' },
  },
  { provider: account },
);

export const memberRoleArn = member.memberRole.arn;
