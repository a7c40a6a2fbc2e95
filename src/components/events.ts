import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { CloudTrailEventPattern } from '../runtime/events/pattern';
import { forwarderPatterns, patternKey } from './documents';

export { patternKey };

/** A rule of {@link patternRules} and the key it is named by. */
export interface PatternRule {
  /**
   * `''` for the pattern that starts the translator table (the rule is named `<name>`, as it always
   * was); for any other, its first event source without `.amazonaws.com` (`<name>-s3`).
   */
  readonly key: string;
  readonly rule: aws.cloudwatch.EventRule;
}

/** `<name>`, or `<name>-<key>`. */
export function keyedName(name: string, key: string): string {
  return key === '' ? name : `${name}-${key}`;
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
  /** The patterns. Default: the translator table's (forwarderPatterns). */
  readonly patterns?: readonly CloudTrailEventPattern[];
}

/**
 * One rule per pattern (the table needs more than one: EventBridge takes 2,048 characters a pattern),
 * each with one target, named by the pattern's key (`<name>`, `<name>-s3`; targets `<...>-target`),
 * so that the order of the patterns names nothing.
 */
export function patternRules(
  name: string,
  args: PatternRulesArgs,
  opts: pulumi.CustomResourceOptions,
): PatternRule[] {
  return (args.patterns ?? forwarderPatterns()).map((pattern) => {
    const key = patternKey(pattern);
    const ruleName = keyedName(name, key);
    const rule = new aws.cloudwatch.EventRule(
      ruleName,
      {
        description: args.description,
        eventPattern: JSON.stringify(pattern),
        ...(args.eventBusName ? { eventBusName: args.eventBusName } : {}),
        ...(args.region ? { region: args.region } : {}),
        ...(args.tags ? { tags: args.tags } : {}),
      },
      opts,
    );
    new aws.cloudwatch.EventTarget(
      `${ruleName}-target`,
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
    return { key, rule };
  });
}
