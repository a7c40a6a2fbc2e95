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
      compliance: { fsbp: ['GuardDuty.1'] },
      severity: 'high',
      title: 'GuardDuty is not on (or not connected to the administrator)',
    },
    {
      id: 'region.config_enabled',
      compliance: { fsbp: ['Config.1'], cis: ['3.3'] },
      severity: 'medium',
      title: 'AWS Config is not recording',
    },
    {
      id: 'region.cloudtrail_enabled',
      compliance: { fsbp: ['CloudTrail.1'], cis: ['3.1'] },
      severity: 'high',
      title: 'No CloudTrail trail logs this region',
    },
    {
      id: 'region.vpc_flow_logs',
      compliance: { fsbp: ['EC2.6'], cis: ['3.7'] },
      severity: 'medium',
      title: 'VPC without flow logs',
    },
    {
      id: 'region.root_mfa',
      compliance: { cis: ['1.5'] },
      severity: 'critical',
      title: 'Root user without MFA',
    },
    {
      id: 'region.password_policy',
      compliance: { fsbp: ['IAM.7'] },
      severity: 'medium',
      title: 'Weak or missing account password policy',
    },
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
  securityHub: { resourceType: 'AwsAccount', arn: (r) => `AWS::::Account:${r.account}` },
  auditor: async () => (await import('./auditor')).auditor,
});
