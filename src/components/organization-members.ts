import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  FORWARDER_PARAMETERS,
  ROLE_PARAMETERS,
  forwarderTemplate,
  memberRoleTemplate,
} from './member-templates';
import { EMPTY_TRUST } from './member-account';
import {
  type ComponentResolvedSettings,
  type RemediationComponentSettings,
  componentSettings,
  withTags,
} from './shared';
import { failOnProblems, regionProblems } from './validation';
import { IAM_EVENTS_REGION, warnDisruptiveFixes, warnIamEventsUnwatched } from './warnings';

/**
 * How CloudFormation rolls a stack set operation out across accounts and regions (StackSets'
 * operation preferences), for the stack sets and their instances alike.
 */
export interface OrganizationOperationPreferences {
  /** Accounts per region deployed at once (at least 1); or {@link maxConcurrentPercentage}. */
  readonly maxConcurrentCount?: number;
  /** Percentage of the accounts per region deployed at once (1-100); or {@link maxConcurrentCount}. */
  readonly maxConcurrentPercentage?: number;
  /** Accounts per region that may fail before the region stops (0 or more); or a percentage. */
  readonly failureToleranceCount?: number;
  /** Percentage of accounts per region that may fail before the region stops (0-100); or a count. */
  readonly failureTolerancePercentage?: number;
  /** `SEQUENTIAL` (one region at a time, CloudFormation's default) or `PARALLEL`. */
  readonly regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
  /** The order regions are deployed in, region codes. */
  readonly regionOrder?: readonly string[];
}

export interface OrganizationMembersArgs {
  /**
   * The same settings as the master's (memberRoleName, externalId, regions, confirmWithAccessAnalyzer
   * and allowUndo are used here). `externalId` may be a secret: the role stack set's `ExternalId`
   * parameter is then a secret in the Pulumi state (and NoEcho in CloudFormation).
   */
  readonly settings: RemediationComponentSettings;
  /** The master roles the member roles trust (RemediationMaster.memberTrustRoleArns). Must not be empty. */
  readonly masterRoleArns: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The master's event bus ARN per region (RemediationMaster.eventBusArns), one for every forwarder
   * region. Required unless `forwarderRegions: []`.
   */
  readonly eventBusArns?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Where the stacks go: organizational unit ids (`ou-abcd-12345678`) or the organization's root
   * (`r-abcd`), every account under them, and accounts that join them later. At least one.
   * StackSets never deploy to the management account: cover it with a MemberAccount.
   */
  readonly organizationalUnitIds: readonly string[];
  /** Accounts under those units that get no stacks (suspended accounts, the security account itself). */
  readonly excludedAccounts?: readonly string[];
  /**
   * Let the master fix what it finds: grants the auditors' remediation actions in every account of
   * the units. Default false: the member roles can only read.
   */
  readonly remediation?: boolean;
  /** The one region the member role's stacks are deployed in (IAM is global). Default: `settings.regions[0]`. */
  readonly homeRegion?: string;
  /**
   * The regions to forward events from, one forwarder stack per account each. Default:
   * `settings.regions` and us-east-1 (where IAM's events arrive). `[]`: no forwarder stack set.
   */
  readonly forwarderRegions?: readonly string[];
  /**
   * Keep an account's stacks (the member role, the rules) when it leaves the units or the
   * organization. Default false: they are deleted.
   */
  readonly retainStacksOnAccountRemoval?: boolean;
  /**
   * `DELEGATED_ADMIN` when the program runs in a delegated administrator account of CloudFormation
   * StackSets; `SELF` (the default) in the management account.
   */
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  /** How fast and how carefully CloudFormation rolls the stacks out. */
  readonly operationPreferences?: OrganizationOperationPreferences;
  /** Tags of the stack sets, which CloudFormation puts on the stacks' resources too. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const ORGANIZATIONAL_UNIT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ACCOUNT = /^\d{12}$/;
const CALL_AS = ['SELF', 'DELEGATED_ADMIN'];
const REGION_CONCURRENCY = ['SEQUENTIAL', 'PARALLEL'];

/** One line per problem of the arguments known now, naming the field. */
export function organizationMembersProblems(args: OrganizationMembersArgs): string[] {
  const problems: string[] = [];
  const units = args.organizationalUnitIds as unknown;
  if (!Array.isArray(units) || units.length === 0) {
    problems.push(
      'organizationalUnitIds: name at least one organizational unit (ou-abcd-12345678) or the root (r-abcd)',
    );
  } else {
    units.forEach((unit: unknown, i) => {
      if (typeof unit !== 'string' || !ORGANIZATIONAL_UNIT.test(unit)) {
        problems.push(
          `organizationalUnitIds[${i}]: ${JSON.stringify(unit)} is not an organizational unit id (ou-abcd-12345678) or a root id (r-abcd)`,
        );
      } else if (units.indexOf(unit) !== i) {
        problems.push(`organizationalUnitIds[${i}]: ${unit} is listed twice`);
      }
    });
  }
  (args.excludedAccounts ?? []).forEach((account: unknown, i) => {
    if (typeof account !== 'string' || !ACCOUNT.test(account)) {
      problems.push(`excludedAccounts[${i}]: ${JSON.stringify(account)} is not a 12-digit account id`);
    }
  });
  problems.push(...regionProblems('homeRegion', args.homeRegion));
  problems.push(...regionProblems('forwarderRegions', args.forwarderRegions));
  if (args.callAs !== undefined && !CALL_AS.includes(args.callAs)) {
    problems.push(`callAs: ${JSON.stringify(args.callAs)} must be SELF or DELEGATED_ADMIN`);
  }
  problems.push(...operationPreferencesProblems(args.operationPreferences));
  return problems;
}

function operationPreferencesProblems(prefs: OrganizationOperationPreferences | undefined): string[] {
  if (prefs === undefined) return [];
  const problems: string[] = [];
  const field = (key: keyof OrganizationOperationPreferences) => `operationPreferences.${key}`;
  const whole = (key: keyof OrganizationOperationPreferences, min: number, max = Infinity) => {
    const value = prefs[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(
        `${field(key)}: ${JSON.stringify(value)} must be a whole number ${max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`}`,
      );
    }
  };
  whole('maxConcurrentCount', 1);
  whole('maxConcurrentPercentage', 1, 100);
  whole('failureToleranceCount', 0);
  whole('failureTolerancePercentage', 0, 100);
  if (prefs.maxConcurrentCount !== undefined && prefs.maxConcurrentPercentage !== undefined) {
    problems.push(
      `${field('maxConcurrentCount')}: give maxConcurrentCount or maxConcurrentPercentage, not both`,
    );
  }
  if (prefs.failureToleranceCount !== undefined && prefs.failureTolerancePercentage !== undefined) {
    problems.push(
      `${field('failureToleranceCount')}: give failureToleranceCount or failureTolerancePercentage, not both`,
    );
  }
  if (
    prefs.regionConcurrencyType !== undefined &&
    !REGION_CONCURRENCY.includes(prefs.regionConcurrencyType)
  ) {
    problems.push(
      `${field('regionConcurrencyType')}: ${JSON.stringify(prefs.regionConcurrencyType)} must be SEQUENTIAL or PARALLEL`,
    );
  }
  problems.push(...regionProblems(field('regionOrder'), prefs.regionOrder));
  return problems;
}

/** The provider's operation preferences from ours. */
function providerPreferences(prefs: OrganizationOperationPreferences | undefined) {
  if (prefs === undefined) return undefined;
  const { regionOrder, ...rest } = prefs;
  return { ...rest, ...(regionOrder !== undefined ? { regionOrders: [...regionOrder] } : {}) };
}

/** The account and bus name of an event bus ARN (`arn:aws:events:eu-west-1:123456789012:event-bus/name`). */
export function parseEventBusArn(arn: string): { account: string; name: string } | undefined {
  const match = /^arn:[^:]+:events:[^:]+:(\d{12}):event-bus\/(.+)$/.exec(arn);
  return match ? { account: match[1]!, name: match[2]! } : undefined;
}

/**
 * A whole organization's member side, run in the management account (or a delegated administrator
 * of CloudFormation StackSets): two service-managed stack sets whose templates are those of
 * `aws-remediation member-template` (the same role and rules MemberAccount creates), deployed to
 * every account of the chosen organizational units, and automatically to accounts that join them:
 *
 * - the member role's stack set, in one region (`homeRegion`) of each account;
 * - the forwarder's stack set, in every forwarder region of each account, its target the master's
 *   bus of that region.
 *
 * StackSets never deploy to the organization's management account: declare a MemberAccount for it
 * in the same program (examples/organization does).
 */
export class OrganizationMembers extends pulumi.ComponentResource {
  /** The validated settings, with defaults. */
  public readonly settings: ComponentResolvedSettings;
  public readonly roleStackSet: aws.cloudformation.StackSet;
  /** The member role's instances, by organizational unit. */
  public readonly roleInstances: Record<string, aws.cloudformation.StackSetInstance>;
  public readonly forwarderStackSet?: aws.cloudformation.StackSet;
  /** The forwarder's instances, by region, then organizational unit. */
  public readonly forwarderInstances: Record<string, Record<string, aws.cloudformation.StackSetInstance>>;

  constructor(name: string, args: OrganizationMembersArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:OrganizationMembers', name, {}, opts);
    const { settings } = componentSettings(args.settings, this);
    failOnProblems('OrganizationMembers', organizationMembersProblems(args), this);
    const regions = [...new Set(args.forwarderRegions ?? [...settings.regions, IAM_EVENTS_REGION])];
    if (regions.length > 0 && args.eventBusArns === undefined) {
      throw new pulumi.ResourceError(
        'eventBusArns is required to forward events: pass RemediationMaster.eventBusArns, or forwarderRegions: [] for no forwarders',
        this,
      );
    }
    if (Array.isArray(args.masterRoleArns) && args.masterRoleArns.length === 0) {
      throw new pulumi.ResourceError(EMPTY_TRUST, this);
    }
    if (args.forwarderRegions !== undefined) warnIamEventsUnwatched('forwarderRegions', regions, this);
    if (args.remediation === true) {
      warnDisruptiveFixes(
        settings,
        this,
        ', and remediation: true lets them run in every account of the organizational units',
      );
    }
    this.settings = settings;
    const parent = { parent: this };
    const tags = withTags(args.tags);
    const units = args.organizationalUnitIds;
    const homeRegion = args.homeRegion ?? settings.regions[0]!;
    const operationPreferences = providerPreferences(args.operationPreferences);
    const callAs = args.callAs !== undefined ? { callAs: args.callAs } : {};
    const excluded = [...new Set(args.excludedAccounts ?? [])].sort();
    const targets = (unit: string) => ({
      organizationalUnitIds: [unit],
      ...(excluded.length > 0 ? { accounts: excluded, accountFilterType: 'DIFFERENCE' } : {}),
    });
    const stackSet = (
      part: string,
      description: string,
      templateBody: string,
      parameters: pulumi.Input<Record<string, pulumi.Input<string>>>,
    ) =>
      new aws.cloudformation.StackSet(
        `${name}-${part}`,
        {
          description,
          permissionModel: 'SERVICE_MANAGED',
          autoDeployment: {
            enabled: true,
            retainStacksOnAccountRemoval: args.retainStacksOnAccountRemoval ?? false,
          },
          capabilities: ['CAPABILITY_NAMED_IAM'],
          templateBody,
          parameters,
          ...callAs,
          ...(operationPreferences ? { operationPreferences } : {}),
          tags,
        },
        // CloudFormation fills in the administration role of a service-managed stack set itself.
        { ...parent, ignoreChanges: ['administrationRoleArn'] },
      );
    const instance = (
      resourceName: string,
      set: aws.cloudformation.StackSet,
      region: string,
      unit: string,
      parameterOverrides?: pulumi.Input<Record<string, pulumi.Input<string>>>,
    ) =>
      new aws.cloudformation.StackSetInstance(
        resourceName,
        {
          stackSetName: set.name,
          stackSetInstanceRegion: region,
          deploymentTargets: targets(unit),
          ...(parameterOverrides ? { parameterOverrides } : {}),
          ...callAs,
          ...(operationPreferences ? { operationPreferences } : {}),
        },
        parent,
      );

    const roleArns = pulumi.output(args.masterRoleArns).apply((arns) => {
      if (arns.length === 0) throw new pulumi.ResourceError(EMPTY_TRUST, this);
      return arns.join(',');
    });
    this.roleStackSet = stackSet(
      'role',
      `pulumi-aws-remediation: the member role ${settings.memberRoleName} (${args.remediation ? 'audit and remediate' : 'audit only'})`,
      JSON.stringify(memberRoleTemplate({ remediation: args.remediation ?? false, settings })),
      {
        [ROLE_PARAMETERS.masterRoleArns]: roleArns,
        [ROLE_PARAMETERS.externalId]: settings.externalId ?? '',
      },
    );
    this.roleInstances = {};
    for (const unit of units) {
      this.roleInstances[unit] = instance(`${name}-role-${unit}`, this.roleStackSet, homeRegion, unit);
    }

    this.forwarderInstances = {};
    if (regions.length > 0) {
      // Each region's bus, parsed from its ARN: the account is the same for all, the name is not.
      const buses = pulumi
        .output(args.eventBusArns as pulumi.Input<Record<string, pulumi.Input<string>>>)
        .apply((arns) =>
          Object.fromEntries(
            regions.map((region) => {
              const arn = arns[region];
              const bus = arn === undefined ? undefined : parseEventBusArn(arn);
              if (bus === undefined) {
                throw new pulumi.ResourceError(
                  arn === undefined
                    ? `eventBusArns has no bus for ${region}: add the region to the master's eventRegions, or leave it out of forwarderRegions`
                    : `eventBusArns[${region}]: ${arn} is not an event bus ARN`,
                  this,
                );
              }
              return [region, bus];
            }),
          ),
        );
      const first = regions[0]!;
      const forwarders = stackSet(
        'forwarder',
        "pulumi-aws-remediation: forwards each region's API calls of interest to the master's bus there",
        JSON.stringify(forwarderTemplate()),
        {
          [FORWARDER_PARAMETERS.masterAccountId]: buses.apply((b) => b[first]!.account),
          [FORWARDER_PARAMETERS.eventBusName]: buses.apply((b) => b[first]!.name),
        },
      );
      this.forwarderStackSet = forwarders;
      for (const region of regions) {
        this.forwarderInstances[region] = {};
        for (const unit of units) {
          this.forwarderInstances[region][unit] = instance(
            `${name}-forwarder-${region}-${unit}`,
            forwarders,
            region,
            unit,
            // The bus of the stack's own region: its name differs from region to region.
            {
              [FORWARDER_PARAMETERS.masterAccountId]: buses.apply((b) => b[region]!.account),
              [FORWARDER_PARAMETERS.eventBusName]: buses.apply((b) => b[region]!.name),
            },
          );
        }
      }
    }
    this.registerOutputs({
      roleStackSetName: this.roleStackSet.name,
      forwarderStackSetName: this.forwarderStackSet?.name,
    });
  }
}
