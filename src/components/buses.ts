import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { keyedName, patternRules } from './events';
import { policyDocument } from './shared';

/** Accounts an event bus policy can list within EventBridge's default 10 KB policy quota. */
export const MAX_BUS_POLICY_ACCOUNTS = 500;

export interface MasterEventBusesArgs {
  /** The watched regions, a bus each. */
  readonly regions: readonly string[];
  /** The accounts whose events the buses admit (up to {@link MAX_BUS_POLICY_ACCOUNTS}). */
  readonly accounts: readonly string[];
  /** The organization whose accounts the buses admit. */
  readonly organizationId?: pulumi.Input<string>;
  /** The translator of each region. */
  readonly translators: Record<string, aws.lambda.Function>;
  /** The events dead-letter queue of each region. */
  readonly deadLetterQueues: Record<string, aws.sqs.Queue>;
  /** Also put the rules on this account's default buses. */
  readonly watchOwnAccount?: boolean;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Per watched region: a bus member accounts may put events on, a rule with the translator's pattern
 * on it (and, with `watchOwnAccount`, on this account's default bus) invoking that region's
 * translator, with retries and a dead-letter queue for what cannot be delivered. Each event makes
 * one hop from the member account to this bus: EventBridge does not pass events on to a third bus.
 */
export function masterEventBuses(
  parent: pulumi.Resource,
  name: string,
  args: MasterEventBusesArgs,
): Record<string, aws.cloudwatch.EventBus> {
  const { accounts, tags } = args;
  const buses: Record<string, aws.cloudwatch.EventBus> = {};
  // The invoke permissions were named by a counter over regions and rules before they had keys: the
  // counter names their aliases, so that a stack deployed then updates them in place. There was one
  // pattern then: only the first pattern's rules (key '') had such names.
  let formerInvoke = 0;
  for (const region of args.regions) {
    const bus = new aws.cloudwatch.EventBus(`${name}-bus-${region}`, { region, tags }, { parent });
    const principals: Record<string, unknown>[] = [];
    if (args.organizationId !== undefined) {
      principals.push({
        Sid: 'OrganizationPutsEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: bus.arn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': args.organizationId } },
      });
    }
    if (accounts.length > 0 && accounts.length <= MAX_BUS_POLICY_ACCOUNTS) {
      principals.push({
        Sid: 'MemberAccountsPutEvents',
        Effect: 'Allow',
        Principal: { AWS: accounts },
        Action: 'events:PutEvents',
        Resource: bus.arn,
      });
    }
    new aws.cloudwatch.EventBusPolicy(
      `${name}-bus-${region}`,
      { region, eventBusName: bus.name, policy: pulumi.jsonStringify(policyDocument(...principals)) },
      { parent },
    );
    buses[region] = bus;

    const translator = args.translators[region]!;
    const deadLetterQueue = args.deadLetterQueues[region]!;
    const target = { region, targetArn: translator.arn, deadLetterArn: deadLetterQueue.arn, tags };
    const rules = {
      members: patternRules(
        `${name}-members-${region}`,
        { ...target, eventBusName: bus.name, description: 'Member API calls of interest to the translator' },
        { parent },
      ),
      own: args.watchOwnAccount
        ? patternRules(
            `${name}-own-${region}`,
            { ...target, description: "The security account's own API calls of interest" },
            { parent },
          )
        : [],
    };
    for (const [source, keyed] of Object.entries(rules)) {
      for (const { key, rule } of keyed) {
        new aws.lambda.Permission(
          keyedName(`${name}-translator-invoke-${source}-${region}`, key),
          {
            region,
            action: 'lambda:InvokeFunction',
            function: translator.name,
            principal: 'events.amazonaws.com',
            sourceArn: rule.arn,
          },
          { parent, aliases: key === '' ? [{ name: `${name}-translator-invoke-${formerInvoke++}` }] : [] },
        );
      }
    }
    // The translator is invoked asynchronously: what fails after its retries goes to the same queue.
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-translator-failures-${region}`,
      {
        region,
        functionName: translator.name,
        maximumRetryAttempts: 2,
        destinationConfig: { onFailure: { destination: deadLetterQueue.arn } },
      },
      { parent },
    );
  }
  return buses;
}
