import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { buildEventPatterns } from '../runtime/events/pattern';
import type { EventRule } from '../runtime/events/table';

/** The EventBridge patterns of the translator table, as the JSON the rules take. */
export function eventPatternJson(rules?: readonly EventRule[]): string[] {
  return buildEventPatterns(rules).map((pattern) => JSON.stringify(pattern));
}

export interface PatternRulesArgs {
  /** The bus the rules listen on; undefined: the account's default bus. */
  readonly eventBusName?: pulumi.Input<string>;
  readonly region?: string;
  /** What the matching events go to: a Lambda function or an event bus ARN. */
  readonly targetArn: pulumi.Input<string>;
  /** The role EventBridge uses to put events on a bus in another account or region. */
  readonly roleArn?: pulumi.Input<string>;
  /** A queue (in the rule's region) for the events EventBridge could not deliver after retries. */
  readonly deadLetterArn?: pulumi.Input<string>;
  readonly description: string;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * One rule per pattern (the table fits one today; more when it outgrows EventBridge's pattern size),
 * each with one target. Returns the rules.
 */
export function patternRules(
  name: string,
  args: PatternRulesArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.EventRule[] {
  return eventPatternJson().map((pattern, index) => {
    const suffix = index === 0 ? '' : `-${index + 1}`;
    const rule = new aws.cloudwatch.EventRule(
      `${name}${suffix}`,
      {
        description: args.description,
        eventPattern: pattern,
        ...(args.eventBusName ? { eventBusName: args.eventBusName } : {}),
        ...(args.region ? { region: args.region } : {}),
        ...(args.tags ? { tags: args.tags } : {}),
      },
      opts,
    );
    new aws.cloudwatch.EventTarget(
      `${name}${suffix}-target`,
      {
        rule: rule.name,
        arn: args.targetArn,
        ...(args.eventBusName ? { eventBusName: args.eventBusName } : {}),
        ...(args.roleArn ? { roleArn: args.roleArn } : {}),
        ...(args.deadLetterArn
          ? {
              deadLetterConfig: { arn: args.deadLetterArn },
              retryPolicy: { maximumEventAgeInSeconds: 24 * 3600, maximumRetryAttempts: 185 },
            }
          : {}),
        ...(args.region ? { region: args.region } : {}),
      },
      opts,
    );
    return rule;
  });
}
