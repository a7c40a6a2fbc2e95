import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { RemediationSettings, ResolvedSettings } from '../runtime/contracts/settings';
import { memberRoleActions } from '../runtime/permissions';
import { EventForwarder } from './event-forwarder';
import { componentSettings, policyDocument, withTags } from './shared';

export interface MemberAccountArgs {
  /** The same settings as the master's (memberRoleName, externalId and regions are used here). */
  readonly settings: RemediationSettings;
  /** The master roles the member role trusts (RemediationMaster.memberTrustRoleArns), and only them. */
  readonly masterRoleArns: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Let the master fix what it finds: grants the auditors' remediation actions. Default false: the
   * member role can only read, whatever the master's settings say.
   */
  readonly remediation?: boolean;
  /** The master's event bus ARN per region (RemediationMaster.eventBusArns), for the forwarders. */
  readonly eventBusArns?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The regions to forward events from, one EventForwarder each. Default: `settings.regions` and
   * us-east-1 (where IAM's events arrive). `[]`: none, for when you declare EventForwarders yourself.
   */
  readonly forwarderRegions?: readonly string[];
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A member account's side, deployed with a provider for that account: the member role the master
 * assumes (trusting only the master's function roles, with the ExternalId when set) whose policy is
 * generated from the auditors' and poller's declarations, an events role, and one EventForwarder per
 * watched region.
 */
export class MemberAccount extends pulumi.ComponentResource {
  public readonly settings: ResolvedSettings;
  public readonly memberRole: aws.iam.Role;
  public readonly eventsRole?: aws.iam.Role;
  public readonly forwarders: Record<string, EventForwarder>;

  constructor(name: string, args: MemberAccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:MemberAccount', name, {}, opts);
    const settings = componentSettings(args.settings, this);
    const regions = [...new Set(args.forwarderRegions ?? [...settings.regions, 'us-east-1'])];
    if (regions.length > 0 && args.eventBusArns === undefined) {
      throw new pulumi.ResourceError(
        'eventBusArns is required to forward events: pass RemediationMaster.eventBusArns, or forwarderRegions: [] to declare EventForwarders yourself',
        this,
      );
    }
    this.settings = settings;
    const parent = { parent: this };
    const tags = withTags(args.tags);

    const trust = pulumi.output(args.masterRoleArns).apply((arns) => {
      if (arns.length === 0)
        throw new pulumi.ResourceError(
          'masterRoleArns is empty: pass RemediationMaster.memberTrustRoleArns',
          this,
        );
      return JSON.stringify(
        policyDocument({
          Sid: 'MasterFunctionsOnly',
          Effect: 'Allow',
          Principal: { AWS: arns },
          Action: 'sts:AssumeRole',
          ...(settings.externalId
            ? { Condition: { StringEquals: { 'sts:ExternalId': settings.externalId } } }
            : {}),
        }),
      );
    });
    this.memberRole = new aws.iam.Role(
      `${name}-member`,
      {
        // The name the master assumes: settings.memberRoleName, the same in every account.
        name: settings.memberRoleName,
        description: 'Assumed by the remediation master to audit (and, when allowed, fix) this account',
        assumeRolePolicy: trust,
        maxSessionDuration: 3600,
        tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-member`,
      {
        role: this.memberRole.id,
        policy: pulumi.jsonStringify(
          policyDocument(
            {
              Sid: args.remediation ? 'AuditAndRemediate' : 'AuditOnly',
              Effect: 'Allow',
              Action: memberRoleActions(args.remediation ?? false, settings),
              Resource: '*',
            },
            // A fix never changes who may assume the remediation role itself.
            ...(args.remediation
              ? [
                  {
                    Sid: 'NeverChangeOwnTrust',
                    Effect: 'Deny',
                    Action: 'iam:UpdateAssumeRolePolicy',
                    Resource: this.memberRole.arn,
                  },
                ]
              : []),
          ),
        ),
      },
      parent,
    );

    this.forwarders = {};
    if (regions.length > 0) {
      const buses = pulumi.output(args.eventBusArns!);
      const account = aws.getCallerIdentityOutput({}, parent).accountId;
      this.eventsRole = new aws.iam.Role(
        `${name}-events`,
        {
          // Only EventBridge rules of this account may use it.
          assumeRolePolicy: pulumi.jsonStringify(
            policyDocument({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': account } },
            }),
          ),
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
              policyDocument({
                Sid: 'PutOnMasterBuses',
                Effect: 'Allow',
                Action: 'events:PutEvents',
                Resource: regions.map((r) => {
                  const arn = arns[r];
                  if (!arn) {
                    throw new pulumi.ResourceError(
                      `eventBusArns has no bus for ${r}: add the region to the master's eventRegions, or leave it out of forwarderRegions`,
                      this,
                    );
                  }
                  return arn;
                }),
              }),
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
