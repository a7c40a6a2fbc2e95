import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { TRIGGER_ATTRIBUTE, serializeResourceMessage } from '../contracts/message';
import type { ClientSource } from '../aws/clients';
import { describeError } from '../aws/errors';
import { BatchStream, type SendOptions, type SqsSender } from '../queue/send';
import type { KeyedLimiter } from '../concurrency';
import type { RuntimeLogger } from '../logger';
import type { RetryOptions } from './pages';
import { type SweepReport, sweepTask } from './sweep';
import { POLL_TASKS_PER_INVOCATION, parsePollTask } from './task';

/** The logger methods the poller uses (Powertools' Logger fits). */
export type PollerLogger = Pick<RuntimeLogger, 'info' | 'warn' | 'error'>;

export interface PollWorkerDependencies {
  readonly clients: ClientSource;
  readonly sqs: SqsSender;
  /** The resource queue the found resources go to. */
  readonly queueUrl: string;
  readonly logger: PollerLogger;
  readonly limiter?: KeyedLimiter;
  readonly retry?: RetryOptions;
  readonly send?: SendOptions;
  /** Time kept, before the function's timeout, to send what was found. Default 60 s. */
  readonly deadlineMarginMs?: number;
}

/**
 * SendMessageBatch calls a worker invocation keeps in flight by default: two per task of a full batch
 * ({@link POLL_TASKS_PER_INVOCATION}), so that 20 busy accounts' messages (some 70 each, over 26
 * types) do not queue behind each other and the sends keep up with the listings. A standard queue
 * takes any such rate, and the SDK's client keeps up to 50 sockets.
 */
export const WORKER_SEND_CONCURRENCY = 2 * POLL_TASKS_PER_INVOCATION;

/**
 * The poll worker's SQS handler: sweeps every task of the batch at once (each account and region
 * bounded by the limiter) and sends the resource messages as they are found, the tasks' messages
 * sharing batches of 10, so the calls per message stay near the minimum. A task fails (and SQS
 * delivers it again, then moves it to the DLQ) only when its body is not a task, some of its messages
 * were not delivered, or its sweep was not finished a minute before the function's time-out (what it
 * found is still sent); listing errors are logged and the rest of the task completes.
 */
export function createPollWorkerHandler(deps: PollWorkerDependencies) {
  return async (
    event: SQSEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SQSBatchResponse> => {
    const failed = new Set<string>();
    // Stop listing before the function times out, so the finished tasks are not retried with the rest.
    const deadline = context
      ? Date.now() + context.getRemainingTimeInMillis() - (deps.deadlineMarginMs ?? 60_000)
      : undefined;
    // Messages go out while the sweeps go on, 10 per call, tagged with the task they came from.
    const stream = new BatchStream<string>(deps.sqs, deps.queueUrl, {
      concurrency: WORKER_SEND_CONCURRENCY,
      ...deps.send,
    });
    const swept = await Promise.all(
      event.Records.map(async (record): Promise<{ messageId: string; report: SweepReport } | undefined> => {
        try {
          const task = parsePollTask(record.body);
          const report = await sweepTask(task, {
            clients: deps.clients,
            ...(deps.limiter ? { limiter: deps.limiter } : {}),
            ...(deps.retry ? { retry: deps.retry } : {}),
            ...(deadline !== undefined ? { deadline } : {}),
            onMessage: (message) =>
              stream.add(
                { body: serializeResourceMessage(message), attributes: { [TRIGGER_ATTRIBUTE]: 'poll' } },
                record.messageId,
              ),
          });
          return { messageId: record.messageId, report };
        } catch (error) {
          failed.add(record.messageId);
          deps.logger.error('poll task failed; SQS will deliver it again', {
            messageId: record.messageId,
            error: describeError(error),
          });
          return undefined;
        }
      }),
    );
    // In the order of the records, so that which messages go together does not depend on timing.
    const reports = swept.filter((r) => r !== undefined);

    const result = await stream.flush();
    for (const messageId of result.undelivered) failed.add(messageId);
    for (const { messageId, report } of reports) {
      if (!report.incomplete) continue;
      failed.add(messageId);
      deps.logger.warn('poll task ran out of time; SQS will deliver it again', {
        account: report.task.account,
        region: report.task.region,
        counts: report.counts,
      });
    }
    if (result.undelivered.length > 0) {
      deps.logger.error('resource messages not delivered; their tasks will be polled again', {
        undelivered: result.undelivered.length,
        failures: result.failures,
      });
    }

    for (const { messageId, report } of reports) {
      const { task, counts, errors } = report;
      const summary = { account: task.account, region: task.region, global: task.global, counts, errors };
      if (errors.length > 0) deps.logger.warn('poll task listed with errors', summary);
      else if (!failed.has(messageId)) deps.logger.info('poll task done', summary);
    }
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
