// The poller against a simulated organization: 200 accounts x 4 regions behind SDK stubs that answer
// every call after a fixed latency, swept by the same planner and worker code the functions run.
import type { SendMessageBatchCommand, SendMessageBatchResult } from '@aws-sdk/client-sqs';
import { performance } from 'node:perf_hooks';
import sinon from 'sinon';
import { KeyedLimiter, Limiter } from '../src/runtime/concurrency';
import { validateSettings } from '../src/runtime/contracts/settings';
import { planAccounts, planTasks } from '../src/runtime/poller/plan';
import { type PollTask, serializePollTask } from '../src/runtime/poller/task';
import { createPollWorkerHandler } from '../src/runtime/poller/worker';
import { FakeAws } from '../test/helpers/aws';
import { type Counts, pollWorld, typicalRanges } from '../test/helpers/poll-world';
import { sqsRecord } from '../test/helpers/sqs';

const ACCOUNTS = 200;
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const LATENCY_MS = 25;
const PAGE_SIZE = 5;
/** Records per worker invocation (the SQS event source's batch size). */
const BATCH_SIZE = 10;
/** Worker invocations at once (the function's reserved concurrency). */
const INVOCATIONS = 100;
const SERIAL_SAMPLE = 24;

/**
 * Runs `work` on a virtual clock: the stubs' latencies (timers) pass in simulated time, and the CPU
 * the simulation spends does not count, as when each invocation runs in its own Lambda container.
 * Returns the simulated milliseconds `work` took.
 */
async function onVirtualClock(work: () => Promise<unknown>): Promise<number> {
  const clock = sinon.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
    loopLimit: 10_000_000,
  });
  try {
    const start = clock.now;
    let done = false;
    const run = work().finally(() => (done = true));
    while (!done) await clock.runAllAsync();
    await run;
    return clock.now - start;
  } finally {
    clock.restore();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A deterministic number in [min, max] for an account, region and kind. */
function spread(account: string, region: string, kind: string, min: number, max: number): number {
  let h = 2166136261;
  for (const c of `${account}/${region}/${kind}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return min + (h % (max - min + 1));
}

/** How many of each kind every listing reads, from least to most, as its type's fixtures say. */
const TYPICAL = Object.entries(typicalRanges());

/** What an account and region holds: a typical count of each kind, spread over the estate. */
function inventory(account: string, region: string): Counts {
  return Object.fromEntries(
    TYPICAL.map(([kind, [min, max]]) => [kind, spread(account, region, kind, min, max)]),
  );
}

function estate() {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => String(100000000000 + i));
  const management = accounts[0]!;
  let sendCalls = 0;
  let messages = 0;
  const world = {
    ...pollWorld(inventory, PAGE_SIZE),
    'Organizations.ListAccounts': (input: { NextToken?: string }) => {
      const start = Number(input.NextToken ?? 0);
      const next = start + 20 < accounts.length ? String(start + 20) : undefined;
      return {
        Accounts: accounts.slice(start, start + 20).map((Id) => ({ Id, Status: 'ACTIVE' })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  };
  const aws = new FakeAws(world, { beforeSend: () => sleep(LATENCY_MS) });
  const sqs = {
    async send(command: SendMessageBatchCommand): Promise<SendMessageBatchResult> {
      sendCalls += 1;
      await sleep(LATENCY_MS);
      const entries = command.input.Entries ?? [];
      messages += entries.length;
      return {
        Successful: entries.map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    },
  };
  const settings = validateSettings({ regions: REGIONS, organizationAccounts: [management] });
  return { aws, sqs, settings, sendCalls: () => sendCalls, messages: () => messages };
}

/** Runs the worker over `tasks` in invocations of BATCH_SIZE records, `invocations` at once. */
async function sweep(
  tasks: PollTask[],
  env: ReturnType<typeof estate>,
  options: { invocations: number; perAccountRegion: number; sendConcurrency: number },
) {
  const handler = createPollWorkerHandler({
    clients: env.aws,
    sqs: env.sqs,
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/resources',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    limiter: new KeyedLimiter(options.perAccountRegion),
    send: { concurrency: options.sendConcurrency },
  });
  const batches: PollTask[][] = [];
  for (let i = 0; i < tasks.length; i += BATCH_SIZE) batches.push(tasks.slice(i, i + BATCH_SIZE));
  const pool = new Limiter(options.invocations);
  const start = performance.now();
  let failures = 0;
  await Promise.all(
    batches.map((batch, b) =>
      pool.run(async () => {
        const records = batch.map((task, i) => sqsRecord(serializePollTask(task), `t-${b}-${i}`));
        failures += (await handler({ Records: records })).batchItemFailures.length;
      }),
    ),
  );
  return { ms: performance.now() - start, failures };
}

/**
 * How long each task takes alone, on the virtual clock: every task at once, each in an invocation of
 * its own with nothing shared to wait on, so each ends after its longest chain of dependent calls
 * (listing pages, then the messages sent).
 */
async function aloneDurations(
  tasks: PollTask[],
  options: { invocations: number; perAccountRegion: number; sendConcurrency: number },
): Promise<number[]> {
  const env = estate();
  const durations: number[] = [];
  await onVirtualClock(() =>
    Promise.all(
      tasks.map(async (task, i) => {
        const start = Date.now();
        await sweep([task], env, options);
        durations[i] = Date.now() - start;
      }),
    ),
  );
  return durations;
}

export async function pollerBench(
  emit: (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void,
) {
  // Plan: the organization's accounts, one task per account and region.
  const env = estate();
  const planStart = performance.now();
  const plan = await planAccounts(env.settings, env.aws);
  const tasks = planTasks(plan.accounts, env.settings.regions);
  const planMs = performance.now() - planStart;

  // Sweep: every task, as the worker function runs them, on the virtual clock.
  const sentBefore = env.sendCalls();
  const messagesBefore = env.messages();
  const callsBefore = env.aws.sent.length;
  const options = { invocations: INVOCATIONS, perAccountRegion: 8, sendConcurrency: 10 };
  let failures = 0;
  const sweepMs = await onVirtualClock(async () => (failures = (await sweep(tasks, env, options)).failures));
  const sendCalls = env.sendCalls() - sentBefore;
  const messages = env.messages() - messagesBefore;
  const listCalls = env.aws.sent.length - callsBefore;
  // The same sweep on the real clock, every invocation sharing this one Node.js thread.
  const shared = await sweep(tasks, estate(), options);

  // The longest single account x region chain, alone with the same code (no other work to wait on).
  const aloneOptions = { invocations: 1, perAccountRegion: 64, sendConcurrency: 10 };
  const durations = await aloneDurations(tasks, aloneOptions);
  const criticalMs = Math.max(...durations);
  const longest = tasks[durations.indexOf(criticalMs)]!;
  const alone = await sweep([longest], estate(), aloneOptions);

  // Serial: one task at a time, one call at a time, on a sample, scaled to every task.
  const step = Math.floor(tasks.length / SERIAL_SAMPLE);
  const sample = tasks.filter((_, i) => i % step === 0).slice(0, SERIAL_SAMPLE);
  const serialEnv = estate();
  const serialOptions = { invocations: 1, perAccountRegion: 1, sendConcurrency: 1 };
  let serialMs = 0;
  for (const task of sample) serialMs += await onVirtualClock(() => sweep([task], serialEnv, serialOptions));
  const serialEstimate = (serialMs / sample.length) * tasks.length;

  emit('poll_plan_ms', Math.round(planMs), 'ms', { accounts: plan.accounts.length, tasks: tasks.length });
  emit('poll_sweep_ms', Math.round(sweepMs), 'ms', {
    clock: 'virtual (stub latencies in simulated time, as if each invocation had its own container)',
    tasks: tasks.length,
    api_calls: listCalls,
    messages,
    invocations: Math.ceil(tasks.length / BATCH_SIZE),
    concurrent_invocations: INVOCATIONS,
    calls_in_flight_per_account_region: options.perAccountRegion,
    latency_ms: LATENCY_MS,
    failed_tasks: failures,
  });
  emit('poll_critical_path_ms', Math.round(criticalMs), 'ms', {
    task: `${longest.account}/${longest.region}`,
    chain_calls: Math.round(criticalMs / LATENCY_MS),
    latency_ms: LATENCY_MS,
  });
  emit('poll_sweep_vs_critical_path', Number((sweepMs / criticalMs).toFixed(2)), 'ratio', { target: 1.5 });
  emit('sqs_calls_per_1000_messages', Number(((sendCalls / messages) * 1000).toFixed(1)), 'calls', {
    send_calls: sendCalls,
    messages,
    target: 110,
  });
  emit('poll_sweep_serial_ms', Math.round(serialEstimate), 'ms', {
    concurrency: 1,
    measured_tasks: sample.length,
    measured_ms: Math.round(serialMs),
    scaled_to_tasks: tasks.length,
    vs_parallel: Number((serialEstimate / sweepMs).toFixed(1)),
  });
  emit('poll_sweep_vs_critical_path_one_process', Number((shared.ms / alone.ms).toFixed(2)), 'ratio', {
    clock: 'real',
    sweep_ms: Math.round(shared.ms),
    critical_path_ms: Math.round(alone.ms),
    note: 'all invocations share one Node.js thread here, so the simulation CPU (about 50 us a call) adds up',
  });
}
