import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** A subscription to one of the master's topics. */
export interface TopicSubscription {
  /** `email`, `https`, `sqs`, `lambda`, ... (the SNS protocols). */
  readonly protocol: pulumi.Input<string>;
  readonly endpoint: pulumi.Input<string>;
  /** An SNS filter policy on the message attributes (account, type, check, severity, status). */
  readonly filterPolicy?: pulumi.Input<Record<string, unknown>>;
  /**
   * What names the subscription's resources (`<component>-findings-subscription-<key>`), so that
   * reordering the list replaces nothing: a letter, then letters, digits and `.`, `_`, `@`, `+`, `-`.
   * Default: the protocol and the endpoint (`email-security@example.com`). Required when either is an
   * output (another resource's ARN, a secret), whose value is not known when resources are named.
   */
  readonly key?: string;
}

const KEY = /^[A-Za-z][A-Za-z0-9._@+-]*$/;

/** The key of a subscription whose protocol and endpoint are strings, or undefined when one is not. */
function defaultKey(subscription: TopicSubscription): string | undefined {
  const { protocol, endpoint } = subscription;
  if (typeof protocol !== 'string' || typeof endpoint !== 'string') return undefined;
  return `${protocol}-${endpoint}`.replace(/[^A-Za-z0-9._@+-]+/g, '-');
}

/**
 * One line per problem with the keys of `subscriptions` (the argument named `field`): a key that is
 * not one, a subscription that has none (an output endpoint without `key`), two with the same.
 */
export function subscriptionProblems(
  field: string,
  subscriptions: readonly TopicSubscription[] | undefined,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (subscriptions ?? []).forEach((subscription, index) => {
    const key = subscription.key ?? defaultKey(subscription);
    if (key === undefined) {
      problems.push(
        `${field}[${index}]: the protocol or endpoint is an output, not known when the subscription's resources are named: give it a key (key: 'security-queue')`,
      );
    } else if (!KEY.test(key)) {
      problems.push(
        subscription.key === undefined
          ? `${field}[${index}]: its protocol and endpoint make no key (${JSON.stringify(key)}): give it a key, a letter then letters, digits and . _ @ + -`
          : `${field}[${index}].key: ${JSON.stringify(key)} is not a key: start with a letter, then letters, digits and . _ @ + -`,
      );
    } else if (seen.has(key)) {
      problems.push(
        `${field}[${index}] has the same key as ${field}[${seen.get(key)}] (${JSON.stringify(key)}): subscribe an endpoint once, or give them different keys`,
      );
    } else {
      seen.set(key, index);
    }
  });
  return problems;
}

export interface SubscribeArgs {
  readonly topic: aws.sns.Topic;
  /** The topic's region. */
  readonly region: string;
  /** Checked by {@link subscriptionProblems} first. */
  readonly subscriptions?: readonly TopicSubscription[];
}

/**
 * Subscribes each of `subscriptions` to the topic, with its filter policy: one resource each, named
 * `<prefix>-<key>`. Before they had keys they were named by position (`<prefix>-<index>`): that name
 * is an alias, so that a stack deployed then updates them in place.
 */
export function subscribe(
  parent: pulumi.Resource,
  prefix: string,
  args: SubscribeArgs,
): aws.sns.TopicSubscription[] {
  return (args.subscriptions ?? []).map(
    (subscription, index) =>
      new aws.sns.TopicSubscription(
        `${prefix}-${subscription.key ?? defaultKey(subscription)}`,
        {
          region: args.region,
          topic: args.topic.arn,
          protocol: subscription.protocol,
          endpoint: subscription.endpoint,
          ...(subscription.filterPolicy
            ? { filterPolicy: pulumi.jsonStringify(subscription.filterPolicy) }
            : {}),
        },
        { parent, aliases: [{ name: `${prefix}-${index}` }] },
      ),
  );
}
