import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { EC2Client, paginateDescribeFlowLogs, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { unless } from '../../aws/errors';
import { type AuditContext, type Auditor, type Violation } from '../../auditors/types';
import { noun } from '../../text';

/** The shortest password the account policy must ask for. */
export const MIN_PASSWORD_LENGTH = 14;

async function guardDuty(ctx: AuditContext, account: string): Promise<string | undefined> {
  const gd = ctx.client(GuardDutyClient, 'GuardDuty');
  const { DetectorIds = [] } = await gd.send(new ListDetectorsCommand({}));
  for (const DetectorId of DetectorIds) {
    const detector = await gd.send(new GetDetectorCommand({ DetectorId }));
    if (detector.Status !== 'ENABLED') continue;
    const admin = ctx.settings.guardDutyAdminAccount;
    if (!admin || admin === account) return undefined;
    const { Administrator } = await gd.send(new GetAdministratorAccountCommand({ DetectorId }));
    if (Administrator?.AccountId === admin && Administrator.RelationshipStatus === 'Enabled')
      return undefined;
    return `GuardDuty is on but not connected to the administrator account ${admin} (${Administrator?.AccountId ? `${Administrator.AccountId}, ${Administrator.RelationshipStatus}` : 'no administrator'}).`;
  }
  return DetectorIds.length === 0
    ? 'GuardDuty has no detector in this region.'
    : 'GuardDuty detector is not enabled.';
}

async function config(ctx: AuditContext): Promise<string | undefined> {
  const cs = ctx.client(ConfigServiceClient, 'Config Service');
  const [{ ConfigurationRecordersStatus = [] }, { DeliveryChannels = [] }] = await Promise.all([
    cs.send(new DescribeConfigurationRecorderStatusCommand({})),
    cs.send(new DescribeDeliveryChannelsCommand({})),
  ]);
  if (!ConfigurationRecordersStatus.some((r) => r.recording))
    return 'AWS Config has no recorder recording in this region.';
  if (DeliveryChannels.length === 0) return 'AWS Config records but has no delivery channel in this region.';
  return undefined;
}

async function cloudTrail(ctx: AuditContext, region: string): Promise<string | undefined> {
  const ct = ctx.client(CloudTrailClient, 'CloudTrail');
  const { trailList = [] } = await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  for (const trail of trailList) {
    if (!trail.TrailARN || (trail.HomeRegion !== region && !trail.IsMultiRegionTrail)) continue;
    // An organization trail belongs to the management account: members cannot read its status.
    const status = await unless(
      ct.send(new GetTrailStatusCommand({ Name: trail.TrailARN })),
      ['TrailNotFoundException', 'CloudTrailARNInvalidException', 'AccessDeniedException', 'AccessDenied'],
      undefined,
    );
    if (status ? status.IsLogging : trail.IsOrganizationTrail) return undefined;
  }
  return 'No CloudTrail trail logs this region (a trail of the region, or a multi-region trail, that is logging).';
}

/** DescribeFlowLogs takes at most this many values in a filter. */
const FILTER_VALUES = 100;

async function flowLogs(ctx: AuditContext, account: string): Promise<string | undefined> {
  const ec2 = ctx.client(EC2Client, 'EC2');
  const vpcs: string[] = [];
  for await (const page of paginateDescribeVpcs({ client: ec2 }, {})) {
    // VPCs shared into the account belong to their owner, who keeps their flow logs.
    for (const vpc of page.Vpcs ?? [])
      if (vpc.VpcId && (vpc.OwnerId ?? account) === account) vpcs.push(vpc.VpcId);
  }
  const covered = new Set<string>();
  for (let i = 0; i < vpcs.length; i += FILTER_VALUES) {
    const Filter = [{ Name: 'resource-id', Values: vpcs.slice(i, i + FILTER_VALUES) }];
    for await (const page of paginateDescribeFlowLogs({ client: ec2 }, { Filter })) {
      for (const log of page.FlowLogs ?? [])
        if (log.FlowLogStatus === 'ACTIVE' && log.ResourceId) covered.add(log.ResourceId);
    }
  }
  const without = vpcs.filter((v) => !covered.has(v));
  return without.length === 0
    ? undefined
    : `${noun(without.length, 'VPC')} without flow logs: ${without.join(', ')}.`;
}

async function rootMfa(ctx: AuditContext): Promise<string | undefined> {
  const { SummaryMap = {} } = await ctx.client(IAMClient, 'IAM').send(new GetAccountSummaryCommand({}));
  return SummaryMap.AccountMFAEnabled === 1 ? undefined : 'The root user has no MFA device.';
}

async function passwordPolicy(ctx: AuditContext): Promise<string | undefined> {
  const output = await unless(
    ctx.client(IAMClient, 'IAM').send(new GetAccountPasswordPolicyCommand({})),
    ['NoSuchEntityException', 'NoSuchEntity'],
    undefined,
  );
  const policy = output?.PasswordPolicy;
  if (!policy) return 'The account has no password policy.';
  if ((policy.MinimumPasswordLength ?? 0) < MIN_PASSWORD_LENGTH) {
    return `The password policy asks for ${policy.MinimumPasswordLength ?? 0} characters; at least ${MIN_PASSWORD_LENGTH} are needed.`;
  }
  return undefined;
}

/** The four account-level S3 Block Public Access settings, each of which must be on. */
const BLOCK_PUBLIC_ACCESS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/**
 * S3 Block Public Access for the whole account (S3 Control's GetPublicAccessBlock): all four settings
 * on. An account that never set it has none (NoSuchPublicAccessBlockConfiguration).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
 */
async function s3AccountBlock(ctx: AuditContext, account: string): Promise<string | undefined> {
  const output = await unless(
    ctx.client(S3ControlClient, 'S3 Control').send(new GetPublicAccessBlockCommand({ AccountId: account })),
    ['NoSuchPublicAccessBlockConfiguration'],
    undefined,
  );
  const config = output?.PublicAccessBlockConfiguration;
  if (!config) return 'S3 Block Public Access is not configured for the account.';
  const off = BLOCK_PUBLIC_ACCESS.filter((setting) => config[setting] !== true);
  return off.length === 0 ? undefined : `S3 Block Public Access of the account has ${off.join(', ')} off.`;
}

/**
 * The account and region level checks (id ""): GuardDuty, Config, CloudTrail and VPC flow logs in
 * every region; root MFA, the password policy and S3's account-level Block Public Access once per
 * account, in its first configured region (`settings.regions[0]`: the poller's task of that region is
 * the one that lists the global types, see planTasks). Reported only.
 */
export const auditor: Auditor = {
  type: 'region',

  async inspect(resource, ctx) {
    const accountWide = resource.region === ctx.settings.regions[0];
    const checks: [Violation['check'], Promise<string | undefined>][] = [
      ['region.guardduty_enabled', guardDuty(ctx, resource.account)],
      ['region.config_enabled', config(ctx)],
      ['region.cloudtrail_enabled', cloudTrail(ctx, resource.region)],
      ['region.vpc_flow_logs', flowLogs(ctx, resource.account)],
      ...(accountWide
        ? ([
            ['region.root_mfa', rootMfa(ctx)],
            ['region.password_policy', passwordPolicy(ctx)],
            ['region.s3_account_public_access_block', s3AccountBlock(ctx, resource.account)],
          ] as [Violation['check'], Promise<string | undefined>][])
        : []),
    ];
    const violations: Violation[] = [];
    for (const [check, result] of checks) {
      const message = await result;
      if (message)
        violations.push({
          check,
          message: `${message} (account ${resource.account}, ${resource.region})`,
          action: 'report only',
        });
    }
    return { tags: {}, violations };
  },
};
