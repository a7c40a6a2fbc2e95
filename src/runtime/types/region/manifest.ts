import { defineType } from '../manifest';

/**
 * The account-and-region checks (id ""): GuardDuty, Config, CloudTrail and flow logs in each region;
 * root MFA and the password policy once per account, in its first configured region. Reported only.
 * The poller sends one message per account and region; no API call leads to them.
 */
export const region = defineType({
  type: 'region',
  id: '"" (the account and region of the message)',
  checks: [
    {
      id: 'region.guardduty_enabled',
      severity: 'high',
      title: 'GuardDuty is not on (or not connected to the administrator)',
    },
    { id: 'region.config_enabled', severity: 'medium', title: 'AWS Config is not recording' },
    { id: 'region.cloudtrail_enabled', severity: 'high', title: 'No CloudTrail trail logs this region' },
    { id: 'region.vpc_flow_logs', severity: 'medium', title: 'VPC without flow logs' },
    { id: 'region.root_mfa', severity: 'critical', title: 'Root user without MFA' },
    { id: 'region.password_policy', severity: 'medium', title: 'Weak or missing account password policy' },
  ],
  readActions: [
    'guardduty:ListDetectors',
    'guardduty:GetDetector',
    'guardduty:GetAdministratorAccount',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus',
    'ec2:DescribeVpcs',
    'ec2:DescribeFlowLogs',
    'iam:GetAccountSummary',
    'iam:GetAccountPasswordPolicy',
  ],
  remediateActions: [],
  events: [],
  auditor: async () => (await import('./auditor')).auditor,
});
