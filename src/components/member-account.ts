import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  MEMBER_ROLE_DESCRIPTION,
  MEMBER_ROLE_MAX_SESSION,
  eventsRoleTrust,
  externalIdCondition,
  memberPermissionsDocument,
  memberTrustStatement,
  putOnMasterBusesDocument,
} from './documents';
import { EventForwarder } from './event-forwarder';
import {
  type ComponentResolvedSettings,
  type RemediationComponentSettings,
  componentSettings,
  policyDocument,
  withTags,
} from './shared';
import { failOnProblems, regionProblems } from './validation';
import { IAM_EVENTS_REGION, warnDisruptiveFixes, warnIamEventsUnwatched } from './warnings';

/** What every MemberAccount takes. */
export interface MemberAccountBaseArgs {
  /**
   * The same settings as the master's (memberRoleName, externalId and regions are used here).
   * `externalId` may be a secret (`config.requireSecret('externalId')`): the member role's trust
   * policy is then a secret in the Pulumi state.
   */
  readonly settings: RemediationComponentSettings;
  /**
   * The master roles the member role trusts (RemediationMaster.memberTrustRoleArns), and only them.
   * Must not be empty.
   */
  readonly masterRoleArns: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Let the master fix what it finds: grants the auditors' remediation actions. Default false: the
   * member role can only read, whatever the master's settings say.
   */
  readonly remediation?: boolean;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A member account that forwards its events to the master's buses (the default). */
export interface MemberAccountForwardingArgs extends MemberAccountBaseArgs {
  /** The master's event bus ARN per region (RemediationMaster.eventBusArns), for the forwarders. */
  readonly eventBusArns: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The regions to forward events from, one EventForwarder each, region codes the AWS SDK knows.
   * Default: `settings.regions` and us-east-1 (where IAM's events arrive); a list without us-east-1
   * gets a warning, as IAM's changes then wait for the sweep.
   */
  readonly forwarderRegions?: readonly string[];
}

/** A member account without forwarders: you declare EventForwarders yourself, or the master watches it. */
export interface MemberAccountWithoutForwardersArgs extends MemberAccountBaseArgs {
  /** `[]`: no forwarders. */
  readonly forwarderRegions: readonly [];
  /** Not used without forwarders. */
  readonly eventBusArns?: undefined;
}

/**
 * MemberAccount's arguments: `eventBusArns` is required, unless `forwarderRegions: []` says that no
 * events are forwarded.
 */
export type MemberAccountArgs = MemberAccountForwardingArgs | MemberAccountWithoutForwardersArgs;

export const EMPTY_TRUST = 'masterRoleArns is empty: pass RemediationMaster.memberTrustRoleArns';

/**
 * The member role's trust: only the master's function roles, with the ExternalId when there is one.
 * Secret when the externalId is, so the policy stays encrypted in the Pulumi state. Fails once known
 * when `masterRoleArns` is an output that turns out empty.
 */
export function memberTrustPolicy(
  masterRoleArns: pulumi.Input<pulumi.Input<string>[]>,
  externalId: pulumi.Input<string> | undefined,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  return pulumi.all([pulumi.output(masterRoleArns), externalId]).apply(([arns, id]) => {
    if (arns.length === 0) throw new pulumi.ResourceError(EMPTY_TRUST, parent);
    return JSON.stringify(
      policyDocument(memberTrustStatement(arns, id ? externalIdCondition(id) : undefined)),
    );
  });
}

/**
 * A member account's side, deployed with a provider for that account: the member role the master
 * assumes (trusting only the master's function roles, with the ExternalId when set) whose policy is
 * generated from the auditors' and poller's declarations, an events role, and one EventForwarder per
 * watched region.
 */
export class MemberAccount extends pulumi.ComponentResource {
  /** The validated settings, with defaults; `externalId` as an output (secret when given one). */
  public readonly settings: ComponentResolvedSettings;
  public readonly memberRole: aws.iam.Role;
  public readonly eventsRole?: aws.iam.Role;
  public readonly forwarders: Record<string, EventForwarder>;

  constructor(name: string, args: MemberAccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:MemberAccount', name, {}, opts);
    const { settings } = componentSettings(args.settings, this);
    failOnProblems('MemberAccount', regionProblems('forwarderRegions', args.forwarderRegions), this);
    const regions = [...new Set(args.forwarderRegions ?? [...settings.regions, IAM_EVENTS_REGION])];
    // The types require eventBusArns unless forwarderRegions is []; JavaScript callers get this error.
    if (regions.length > 0 && args.eventBusArns === undefined) {
      throw new pulumi.ResourceError(
        'eventBusArns is required to forward events: pass RemediationMaster.eventBusArns, or forwarderRegions: [] to declare EventForwarders yourself',
        this,
      );
    }
    // Known now: fail before creating anything. An output is checked once known (memberTrustPolicy).
    if (Array.isArray(args.masterRoleArns) && args.masterRoleArns.length === 0) {
      throw new pulumi.ResourceError(EMPTY_TRUST, this);
    }
    if (args.forwarderRegions !== undefined) warnIamEventsUnwatched('forwarderRegions', regions, this);
    if (args.remediation === true) {
      warnDisruptiveFixes(settings, this, ', and remediation: true lets them run in this account');
    }
    this.settings = settings;
    const parent = { parent: this };
    const tags = withTags(args.tags);

    const trust = memberTrustPolicy(args.masterRoleArns, settings.externalId, this);
    this.memberRole = new aws.iam.Role(
      `${name}-member`,
      {
        // The name the master assumes: settings.memberRoleName, the same in every account.
        name: settings.memberRoleName,
        description: MEMBER_ROLE_DESCRIPTION,
        assumeRolePolicy: trust,
        maxSessionDuration: MEMBER_ROLE_MAX_SESSION,
        tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-member`,
      {
        role: this.memberRole.id,
        // A fix never changes who may assume the remediation role itself (the Deny with remediation).
        policy: pulumi.jsonStringify(
          memberPermissionsDocument(args.remediation ?? false, settings, this.memberRole.arn),
        ),
      },
      parent,
    );

    this.forwarders = {};
    if (regions.length > 0) {
      const buses = pulumi.output(args.eventBusArns as pulumi.Input<Record<string, pulumi.Input<string>>>);
      const account = aws.getCallerIdentityOutput({}, parent).accountId;
      this.eventsRole = new aws.iam.Role(
        `${name}-events`,
        {
          // Only EventBridge rules of this account may use it.
          assumeRolePolicy: pulumi.jsonStringify(eventsRoleTrust(account)),
          tags,
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-events`,
        {
          role: this.eventsRole.id,
          policy: buses.apply((arns) =>
            JSON.stringify(
              putOnMasterBusesDocument(
                regions.map((r) => {
                  const arn = arns[r];
                  if (!arn) {
                    throw new pulumi.ResourceError(
                      `eventBusArns has no bus for ${r}: add the region to the master's eventRegions, or leave it out of forwarderRegions`,
                      this,
                    );
                  }
                  return arn;
                }),
              ),
            ),
          ),
        },
        parent,
      );
      for (const region of regions) {
        this.forwarders[region] = new EventForwarder(
          `${name}-${region}`,
          {
            region,
            targetBusArn: buses.apply((arns) => arns[region] ?? ''),
            roleArn: this.eventsRole.arn,
            tags,
          },
          parent,
        );
      }
    }
    this.registerOutputs({ memberRoleArn: this.memberRole.arn, eventsRoleArn: this.eventsRole?.arn });
  }
}
