import type { ClientSource } from '../runtime/aws/clients';
import { loadSettingsFile } from '../runtime/config';
import { type ResolvedSettings, validateSettings } from '../runtime/contracts/settings';
import { serializeResourceMessage } from '../runtime/contracts/message';
import { KeyedLimiter, Limiter } from '../runtime/concurrency';
import { planAccounts, planTasks } from '../runtime/poller/plan';
import { CALLS_IN_FLIGHT_PER_ACCOUNT_REGION, sweepTask } from '../runtime/poller/sweep';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describeError, isAwsError } from '../runtime/aws/errors';
import { runFailure } from '../runtime/aws/failures';
import { UsageError } from '../runtime/errors';
import { type SqsSender, sendBodies } from '../runtime/queue/send';
import { type CommandIO, writeLine } from './io';

export interface PollCommandOptions {
  readonly settings: ResolvedSettings;
  readonly clients: ClientSource;
  readonly onlyTestResources?: boolean;
  /**
   * Send the messages to this queue instead of printing them. `verify` checks, before the sweep,
   * that the queue exists and can be reached (throws a one-line error otherwise).
   */
  readonly queue?: { readonly sqs: SqsSender; readonly url: string; readonly verify?: () => Promise<void> };
  /** Account-and-region tasks swept at once. Default 16. */
  readonly concurrency?: number;
}

/**
 * Checks that the queue of `--queue-url` exists and can be reached, before anything is swept: a
 * wrong URL would otherwise reject every message of the sweep.
 */
export async function verifyQueue(sqs: Pick<SQSClient, 'send'>, url: string): Promise<void> {
  try {
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  } catch (error) {
    const failure = runFailure(error);
    if (failure) throw new UsageError(failure);
    if (isAwsError(error, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) {
      throw new UsageError(
        `--queue-url ${url}: no such queue in that account and region; check the URL (aws sqs get-queue-url --queue-name NAME)`,
      );
    }
    throw new UsageError(`--queue-url ${url}: the queue cannot be used (${describeError(error)})`);
  }
}

/**
 * The settings of a `poll` run: the file's, with `--accounts` and `--regions` replacing its lists when
 * given; without a file, the flags alone (both required).
 */
export function pollSettings(options: {
  config?: string;
  accounts?: string[];
  regions?: string[];
}): ResolvedSettings {
  if (options.config) {
    const settings = loadSettingsFile(options.config);
    return validateSettings({
      ...settings,
      ...(options.accounts ? { accounts: options.accounts } : {}),
      ...(options.regions ? { regions: options.regions } : {}),
    });
  }
  return validateSettings({ regions: options.regions ?? [], accounts: options.accounts ?? [] });
}

/**
 * `aws-remediation poll`: sweeps every account and region of the settings with the same code as the
 * poll worker, printing one resource message per line (or sending them to a queue), with progress on
 * stderr. Returns the exit code: 1 when any listing, organization or delivery failed.
 */
export async function runPoll(io: CommandIO, options: PollCommandOptions): Promise<number> {
  const { settings } = options;
  await options.queue?.verify?.();
  let problems = 0;
  // A failure of the whole run (no credentials, AWS out of reach): stop, and say it once.
  let stopped: string | undefined;
  const plan = await planAccounts(settings, options.clients);
  for (const e of plan.errors) {
    problems += 1;
    stopped ??= e.runFailure;
    io.stderr.write(`poll: organization of ${e.management} not listed: ${e.error}\n`);
  }
  const tasks = planTasks(plan.accounts, settings.regions, {
    onlyTestResources: options.onlyTestResources ?? false,
  });
  const pool = new Limiter(options.concurrency ?? 16);
  const perAccountRegion = new KeyedLimiter(CALLS_IN_FLIGHT_PER_ACCOUNT_REGION);
  let done = 0;
  let messages = 0;
  let calls = 0;
  let sent = 0;
  let unsent = 0;
  // Messages of all tasks share batches: only whole batches of 10 go out until the end.
  const pending: string[] = [];
  const send = async (all: boolean) => {
    if (!options.queue) return;
    const count = all ? pending.length : pending.length - (pending.length % 10);
    if (count === 0) return;
    const bodies = pending.splice(0, count);
    const result = await sendBodies(
      options.queue.sqs,
      options.queue.url,
      bodies.map((body) => ({ body })),
    );
    calls += result.calls;
    sent += result.sent;
    unsent += result.undelivered.length;
    if (result.undelivered.length > 0) {
      problems += 1;
      io.stderr.write(
        `poll: ${result.undelivered.length} messages not sent: ${result.failures.join('; ')}\n`,
      );
    }
  };

  await Promise.all(
    tasks.map((task) =>
      pool.run(async () => {
        if (stopped !== undefined) return;
        const report = await sweepTask(task, { clients: options.clients, limiter: perAccountRegion });
        const failure = report.errors.find((e) => e.runFailure !== undefined)?.runFailure;
        if (failure !== undefined) {
          stopped ??= failure;
          return;
        }
        if (options.queue) {
          pending.push(...report.messages.map(serializeResourceMessage));
          await send(false);
        } else {
          for (const message of report.messages)
            await writeLine(io.stdout, serializeResourceMessage(message));
        }
        done += 1;
        messages += report.messages.length;
        problems += report.errors.length;
        io.stderr.write(
          `poll: ${done}/${tasks.length} ${task.account} ${task.region}: ${report.messages.length} messages${report.errors.length ? `, ${report.errors.length} listing errors` : ''}\n`,
        );
        for (const e of report.errors) io.stderr.write(`  ${e.types.join(', ')}: ${e.message}\n`);
      }),
    ),
  );
  if (stopped !== undefined) {
    io.stderr.write(`aws-remediation: ${stopped}\n`);
    return 2;
  }
  await send(true);

  const delivery = options.queue
    ? `; ${sent} sent in ${calls} SendMessageBatch calls${unsent > 0 ? `, ${unsent} NOT sent` : ''}`
    : '';
  io.stderr.write(
    `poll: ${plan.accounts.length} accounts x ${settings.regions.length} regions = ${tasks.length} tasks, ${messages} messages${delivery}${problems ? `, ${problems} problems` : ''}\n`,
  );
  return problems > 0 ? 1 : 0;
}
