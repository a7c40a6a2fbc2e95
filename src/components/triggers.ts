import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { POLL_TASKS_PER_INVOCATION } from '../runtime/poller/task';
import type { BundledFunction } from './shared';

export interface QueueTriggersArgs {
  readonly region: string;
  readonly functions: Record<BundledFunction, aws.lambda.Function>;
  readonly resourceQueue: aws.sqs.Queue;
  readonly pollQueue: aws.sqs.Queue;
  /** The most concurrent invocations each queue starts. */
  readonly maxConcurrency?: {
    readonly remediator?: pulumi.Input<number>;
    readonly 'poll-worker'?: pulumi.Input<number>;
  };
}

/**
 * The resource queue feeds the remediator in batches of up to 10, and the poll queue the poll worker
 * in batches of up to {@link POLL_TASKS_PER_INVOCATION}, each reporting the records that failed.
 */
export function queueTriggers(
  parent: pulumi.Resource,
  name: string,
  args: QueueTriggersArgs,
): aws.lambda.EventSourceMapping[] {
  const trigger = (fn: 'remediator' | 'poll-worker', queue: aws.sqs.Queue, batchSize: number) =>
    new aws.lambda.EventSourceMapping(
      `${name}-${fn}-trigger`,
      {
        region: args.region,
        eventSourceArn: queue.arn,
        functionName: args.functions[fn].arn,
        batchSize,
        // Needed past 10 records a batch; the sweep and the audits need no quicker start.
        maximumBatchingWindowInSeconds: 5,
        functionResponseTypes: ['ReportBatchItemFailures'],
        ...(args.maxConcurrency?.[fn] === undefined
          ? {}
          : { scalingConfig: { maximumConcurrency: args.maxConcurrency[fn] } }),
      },
      { parent },
    );
  return [
    trigger('remediator', args.resourceQueue, 10),
    trigger('poll-worker', args.pollQueue, POLL_TASKS_PER_INVOCATION),
  ];
}

export interface SweepScheduleArgs {
  readonly region: string;
  /** An EventBridge schedule expression, checked. */
  readonly schedule: pulumi.Input<string>;
  readonly planner: aws.lambda.Function;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The schedule that starts the poll planner, which Lambda does not retry. */
export function sweepSchedule(
  parent: pulumi.Resource,
  name: string,
  args: SweepScheduleArgs,
): aws.cloudwatch.EventRule {
  const { region, planner } = args;
  const schedule = new aws.cloudwatch.EventRule(
    `${name}-sweep`,
    {
      region,
      description: 'Starts the sweep of every account and region',
      scheduleExpression: args.schedule,
      tags: args.tags,
    },
    { parent },
  );
  new aws.cloudwatch.EventTarget(
    `${name}-sweep-target`,
    { region, rule: schedule.name, arn: planner.arn },
    { parent },
  );
  // A failed plan is not retried by Lambda: a retry would send every task again. The next schedule plans afresh.
  new aws.lambda.FunctionEventInvokeConfig(
    `${name}-sweep-no-retries`,
    { region, functionName: planner.name, maximumRetryAttempts: 0 },
    { parent },
  );
  new aws.lambda.Permission(
    `${name}-sweep-invoke`,
    {
      region,
      action: 'lambda:InvokeFunction',
      function: planner.name,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    },
    { parent },
  );
  return schedule;
}
