/** The account-and-region checks (id ""): GuardDuty, Config, CloudTrail, flow logs, root MFA, password policy. */
import { ACCOUNT, resource, type Scenario } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';

export function regionWorld(
  options: {
    guardDuty?: 'none' | 'disabled' | 'enabled';
    admin?: string;
    recording?: boolean;
    channels?: boolean;
    trail?: 'none' | 'other-region' | 'multi-region' | 'stopped' | 'organization';
    vpcs?: string[];
    flowLogs?: string[];
    rootMfa?: boolean;
    passwordLength?: number;
    /** The account's S3 Block Public Access: its settings that are off, or none configured at all. */
    s3BlockOff?: string[] | 'none';
  } = {},
): World {
  const gd = options.guardDuty ?? 'enabled';
  const trail = options.trail ?? 'multi-region';
  return {
    'GuardDuty.ListDetectors': { DetectorIds: gd === 'none' ? [] : ['det-1'] },
    'GuardDuty.GetDetector': { Status: gd === 'enabled' ? 'ENABLED' : 'DISABLED', ServiceRole: 'x' },
    'GuardDuty.GetAdministratorAccount': options.admin
      ? { Administrator: { AccountId: options.admin, InvitationId: 'i', RelationshipStatus: 'Enabled' } }
      : {},
    'Config Service.DescribeConfigurationRecorderStatus': {
      ConfigurationRecordersStatus: [
        { name: 'default', recording: options.recording ?? true, lastStatus: 'SUCCESS' },
      ],
    },
    'Config Service.DescribeDeliveryChannels': {
      DeliveryChannels: options.channels === false ? [] : [{ name: 'default', s3BucketName: 'config' }],
    },
    'CloudTrail.DescribeTrails': {
      trailList:
        trail === 'none'
          ? []
          : [
              {
                Name: 'org',
                // An organization trail is the management account's.
                TrailARN: `arn:aws:cloudtrail:us-east-1:${trail === 'organization' ? '333333333333' : ACCOUNT}:trail/org`,
                HomeRegion: 'us-east-1',
                IsMultiRegionTrail: trail !== 'other-region',
                IsOrganizationTrail: trail === 'organization',
              },
            ],
    },
    'CloudTrail.GetTrailStatus': () => {
      if (trail === 'organization')
        throw awsError('TrailNotFoundException', 'Unknown trail for this account.');
      return { IsLogging: trail !== 'stopped' };
    },
    'EC2.DescribeVpcs': {
      Vpcs: [
        ...(options.vpcs ?? ['vpc-1']).map((VpcId) => ({ VpcId, OwnerId: ACCOUNT })),
        // Shared into the account through AWS RAM: its owner keeps its flow logs.
        { VpcId: 'vpc-shared', OwnerId: '999999999999' },
      ],
    },
    'EC2.DescribeFlowLogs': {
      FlowLogs: (options.flowLogs ?? options.vpcs ?? ['vpc-1']).map((ResourceId) => ({
        ResourceId,
        FlowLogStatus: 'ACTIVE',
      })),
    },
    'IAM.GetAccountSummary': {
      SummaryMap: { AccountMFAEnabled: options.rootMfa === false ? 0 : 1, Users: 3 },
    },
    'S3 Control.GetPublicAccessBlock': (input: { AccountId: string }) => {
      if (options.s3BlockOff === 'none')
        throw awsError(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          404,
        );
      const off = options.s3BlockOff ?? [];
      const setting = (name: string) => !off.includes(name);
      if (input.AccountId !== ACCOUNT) throw awsError('AccessDenied', 'Access Denied', 403);
      return {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: setting('BlockPublicAcls'),
          IgnorePublicAcls: setting('IgnorePublicAcls'),
          BlockPublicPolicy: setting('BlockPublicPolicy'),
          RestrictPublicBuckets: setting('RestrictPublicBuckets'),
        },
      };
    },
    'IAM.GetAccountPasswordPolicy': () => {
      if (options.passwordLength === 0)
        throw awsError(
          'NoSuchEntityException',
          'The Password Policy with domain name 111111111111 cannot be found.',
          404,
        );
      return {
        PasswordPolicy: { MinimumPasswordLength: options.passwordLength ?? 14, RequireSymbols: true },
      };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('region', ''),
  world: () =>
    regionWorld({
      guardDuty: 'enabled',
      admin: '555555555555',
      recording: false,
      trail: 'stopped',
      vpcs: ['vpc-1'],
      flowLogs: [],
      rootMfa: false,
      passwordLength: 8,
      s3BlockOff: ['RestrictPublicBuckets'],
    }),
  settings: { guardDutyAdminAccount: '444444444444' },
  failing: [
    'region.guardduty_enabled',
    'region.config_enabled',
    'region.cloudtrail_enabled',
    'region.vpc_flow_logs',
    'region.root_mfa',
    'region.password_policy',
    'region.s3_account_public_access_block',
  ],
};
