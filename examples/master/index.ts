// The security ("master") account: deploy this first, with credentials for that account. As configured
// in Pulumi.example.yaml it is a dry run: fixes stay off until settings.remediate turns them on.
import * as pulumi from '@pulumi/pulumi';
import { RemediationMaster, type RemediationSettings } from 'pulumi-aws-remediation';

const config = new pulumi.Config();
// The ExternalId is a secret (`pulumi config set --secret externalId ...`): it stays encrypted in the
// state, where it is part of the functions' code (their settings.json).
const settings = {
  ...config.requireObject<RemediationSettings>('settings'),
  externalId: config.requireSecret('externalId'),
};

const master = new RemediationMaster('remediation', {
  settings,
  organizationId: config.get('organizationId'),
  schedule: 'rate(1 day)',
  notificationSubscriptions: [
    // Only what matters at night: high and critical findings.
    {
      protocol: 'email',
      endpoint: config.require('securityEmail'),
      filterPolicy: { severity: ['high', 'critical'] },
    },
  ],
  alarmSubscriptions: [{ protocol: 'email', endpoint: config.require('securityEmail') }],
  // At most 100 sweeps at once, without throttling messages toward the dead-letter queue.
  maxConcurrency: { 'poll-worker': 100 },
  tags: { owner: 'security' },
});

// Member stacks read these through a StackReference.
export const memberTrustRoleArns = master.memberTrustRoleArns;
export const eventBusArns = master.eventBusArns;
export const resourceQueueUrl = master.resourceQueue.url;
export const notificationTopicArn = master.notificationTopic.arn;
// The findings store (deletion protection on: `pulumi destroy` leaves it, and fails, until turned off).
export const findingsTableName = master.findingsTableName;
