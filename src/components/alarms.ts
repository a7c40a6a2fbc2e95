import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface MasterAlarmsArgs {
  /** The home region (queues and the non-translator functions). */
  readonly region: string;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The alarms topic of each region: an alarm can only notify a topic of its own region. */
  readonly alarmTopics: Record<string, aws.sns.Topic>;
  /** The home functions (the home translator among them). */
  readonly functions: Record<string, aws.lambda.Function>;
  /** The translator of each watched region. */
  readonly translators: Record<string, aws.lambda.Function>;
  readonly resourceQueue: aws.sqs.Queue;
  /** Label, queue and region of every dead-letter queue. */
  readonly deadLetterQueues: readonly [string, aws.sqs.Queue, string][];
  readonly maxMessageAgeSeconds?: pulumi.Input<number>;
  readonly loopMessagesPerHour?: pulumi.Input<number>;
}

/**
 * The master's alarms: any function error, any message in a dead-letter queue, resource messages
 * waiting too long, and three hours of unusually many resource messages (a remediation loop?).
 */
export function masterAlarms(
  parent: pulumi.Resource,
  name: string,
  args: MasterAlarmsArgs,
): aws.cloudwatch.MetricAlarm[] {
  const { region, tags } = args;
  const alarm = (
    alarmName: string,
    spec: Omit<aws.cloudwatch.MetricAlarmArgs, 'alarmActions' | 'okActions' | 'tags'>,
  ) => {
    const topicArn = args.alarmTopics[(spec.region as string | undefined) ?? region]!.arn;
    return new aws.cloudwatch.MetricAlarm(
      `${name}-${alarmName}`,
      { region, alarmActions: [topicArn], okActions: [topicArn], tags, ...spec },
      { parent },
    );
  };
  const alarms: aws.cloudwatch.MetricAlarm[] = [];
  const functions = [
    ...Object.entries(args.functions)
      .filter(([fn]) => fn !== 'translator')
      .map(([fn, f]) => [fn, f, region] as const),
    ...Object.entries(args.translators).map(([r, f]) => [`translator-${r}`, f, r] as const),
  ];
  for (const [fn, f, fnRegion] of functions) {
    alarms.push(
      alarm(`${fn}-errors`, {
        region: fnRegion,
        alarmDescription: `The ${fn} function failed`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: f.name },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      }),
    );
  }
  for (const [label, dlq, dlqRegion] of args.deadLetterQueues) {
    alarms.push(
      alarm(`${label}-depth`, {
        region: dlqRegion,
        alarmDescription: 'Messages reached a dead-letter queue: they could not be processed or delivered',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: dlq.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      }),
    );
  }
  alarms.push(
    alarm('resources-oldest-message', {
      alarmDescription: 'Resource messages wait too long: the remediator is behind or failing',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: args.resourceQueue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 3,
      threshold: args.maxMessageAgeSeconds ?? 3600,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    }),
    alarm('resources-loop', {
      alarmDescription: 'Unusually many resource messages for three hours: a remediation loop?',
      namespace: 'AWS/SQS',
      metricName: 'NumberOfMessagesSent',
      dimensions: { QueueName: args.resourceQueue.name },
      statistic: 'Sum',
      period: 3600,
      evaluationPeriods: 3,
      threshold: args.loopMessagesPerHour ?? 5000,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    }),
  );
  return alarms;
}
