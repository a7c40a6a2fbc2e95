import { defineType } from '../manifest';

/**
 * The account-and-region checks (id ""): GuardDuty, Config, CloudTrail and flow logs in each region;
 * root MFA, the password policy and S3's account-level Block Public Access once per account, in its
 * first configured region (`settings.regions[0]`, where the poller lists the global types too).
 * Reported only. The poller sends one message per account and region; a change of the account's
 * Block Public Access sends one for the region of the call (it judges the account checks when that
 * region is the first configured one; otherwise the next poll does).
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
    {
      id: 'region.s3_account_public_access_block',
      // S3.1 checks the four account-level settings; CIS v3.0.0 2.1.4 is among its requirements:
      // https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-1
      compliance: { fsbp: ['S3.1'], cis: ['2.1.4'] },
      severity: 'medium',
      title: 'S3 Block Public Access is not fully on for the account',
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
    's3:GetAccountPublicAccessBlock',
  ],
  remediateActions: [],
  events: [
    {
      // Account-level Block Public Access calls (S3 Control's PutPublicAccessBlock and
      // DeletePublicAccessBlock) are logged under these names; the bucket-level ones as
      // PutBucketPublicAccessBlock and DeleteBucketPublicAccessBlock:
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-account-level-tracking
      eventSource: 's3.amazonaws.com',
      eventNames: ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
      ids: () => [''],
    },
  ],
  securityHub: { resourceType: 'AwsAccount', arn: (r) => `AWS::::Account:${r.account}` },
  auditor: async () => (await import('./auditor')).auditor,
});
