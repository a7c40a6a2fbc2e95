import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { QueueEncryption } from './key';
import { policyDocument } from './shared';

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** A queue and its dead-letter queue. */
export interface QueueWithDeadLetters {
  readonly main: aws.sqs.Queue;
  readonly dlq: aws.sqs.Queue;
}

export interface WorkQueueArgs {
  readonly region: string;
  readonly encryption: QueueEncryption;
  /** The timeout of the function that consumes the queue, in seconds. */
  readonly consumerTimeout: number;
  /** Seconds each message waits before it can be received. */
  readonly delaySeconds?: pulumi.Input<number>;
  readonly tags: Tags;
}

/**
 * `<name>-<queueName>` and its dead-letter queue, which receives a message after 5 receives: a
 * visibility timeout of six times the consumer's timeout, as Lambda advises for SQS event sources.
 */
export function workQueue(
  parent: pulumi.Resource,
  name: string,
  queueName: string,
  args: WorkQueueArgs,
): QueueWithDeadLetters {
  const { region, encryption, tags } = args;
  const dlq = new aws.sqs.Queue(
    `${name}-${queueName}-dlq`,
    { region, messageRetentionSeconds: 14 * 24 * 3600, ...encryption, tags },
    { parent },
  );
  const main = new aws.sqs.Queue(
    `${name}-${queueName}`,
    {
      region,
      visibilityTimeoutSeconds: args.consumerTimeout * 6,
      messageRetentionSeconds: 4 * 24 * 3600,
      ...(args.delaySeconds === undefined ? {} : { delaySeconds: args.delaySeconds }),
      redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
      ...encryption,
      tags,
    },
    { parent },
  );
  return { main, dlq };
}

export interface EventDeadLetterQueuesArgs {
  readonly regions: readonly string[];
  /** The security account: only its rules may send to the queues. */
  readonly accountId: pulumi.Input<string>;
  readonly tags: Tags;
}

/**
 * Per region, a queue for the events that could not be delivered to a translator (rules and
 * asynchronous invocations need a dead-letter queue in their own region), which only this account's
 * rules may send to. SQS-managed encryption: EventBridge can use it.
 */
export function eventDeadLetterQueues(
  parent: pulumi.Resource,
  name: string,
  args: EventDeadLetterQueuesArgs,
): Record<string, aws.sqs.Queue> {
  const queues: Record<string, aws.sqs.Queue> = {};
  for (const region of args.regions) {
    const dlq = new aws.sqs.Queue(
      `${name}-events-dlq-${region}`,
      { region, messageRetentionSeconds: 14 * 24 * 3600, sqsManagedSseEnabled: true, tags: args.tags },
      { parent },
    );
    new aws.sqs.QueuePolicy(
      `${name}-events-dlq-${region}`,
      {
        region,
        queueUrl: dlq.url,
        policy: pulumi.jsonStringify(
          policyDocument({
            Sid: 'OwnRulesDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: dlq.arn,
            Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
          }),
        ),
      },
      { parent },
    );
    queues[region] = dlq;
  }
  return queues;
}
