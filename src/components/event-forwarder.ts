import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { FORWARDER_RULE_DESCRIPTION } from './documents';
import { patternRules } from './events';
import { withTags } from './shared';
import { failOnProblems, regionProblems } from './validation';

export interface EventForwarderArgs {
  /** The master's event bus in this region (RemediationMaster.eventBusArns[region]). */
  readonly targetBusArn: pulumi.Input<string>;
  /** A role EventBridge assumes to put events on that bus (MemberAccount.eventsRole). */
  readonly roleArn: pulumi.Input<string>;
  /**
   * The region the rules live in, a region code the AWS SDK knows. Default: the region of the
   * provider in `opts`. With the AWS provider v7 one provider per account serves every region.
   */
  readonly region?: string;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * One region of a member account: EventBridge rules on the default bus, with the pattern generated
 * from the translator's table, forwarding the API calls of interest to the master's bus in that
 * region. Declare one per watched region (MemberAccount does it by default); add more in code when a
 * new region is watched.
 */
export class EventForwarder extends pulumi.ComponentResource {
  public readonly rules: aws.cloudwatch.EventRule[];

  constructor(name: string, args: EventForwarderArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:EventForwarder', name, {}, opts);
    failOnProblems('EventForwarder', regionProblems('region', args.region), this);
    const rules = patternRules(
      `${name}-rule`,
      {
        description: FORWARDER_RULE_DESCRIPTION,
        targetArn: args.targetBusArn,
        roleArn: args.roleArn,
        tags: withTags(args.tags),
        ...(args.region ? { region: args.region } : {}),
      },
      { parent: this },
    );
    this.rules = rules.map(({ rule }) => rule);
    this.registerOutputs({ ruleArns: this.rules.map((r) => r.arn) });
  }
}
