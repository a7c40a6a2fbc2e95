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
import { type Counts, pollWorld } from '../test/helpers/poll-world';
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

function inventory(account: string, region: string): Counts {
  const n = (kind: string, min: number, max: number) => spread(account, region, kind, min, max);
  return {
    sqs: n('sqs', 0, 6),
    ami: n('ami', 0, 3),
    ebs_snapshot: n('ebs', 0, 8),
    ec2: n('ec2', 0, 14),
    security_group: n('sg', 1, 8),
    rds: n('rds', 0, 3),
    rds_snapshot: n('rdss', 0, 4),
    redshift: n('redshift', 0, 1),
    elb: n('elb', 0, 2),
    elbv2: n('elbv2', 0, 3),
    lambda_function: n('lambda', 0, 12),
    kms_key: n('kms', 0, 4),
    aws_managed_key: 2,
    ecs_cluster: n('ecs', 0, 2),
    ecs_service: n('svc', 0, 3),
    ecs_task: n('task', 0, 5),
    s3_bucket: n('s3', 0, 15),
    iam_user: n('user', 0, 12),
    iam_role: n('role', 2, 20),
    service_linked_role: 3,
  };
}

const pages = (items: number) => Math.max(1, Math.ceil(items / PAGE_SIZE));

/** The longest chain of dependent calls of a task: its longest listing, then one SendMessageBatch. */
function chainOf(task: PollTask): number {
  const c = inventory(task.account, task.region);
  const v = (k: keyof Counts) => c[k] ?? 0;
  const regional = [
    pages(v('sqs')),
    pages(v('ami')),
    pages(v('ebs_snapshot')),
    pages(v('ec2')),
    pages(v('security_group')),
    pages(v('rds')),
    pages(v('rds_snapshot')),
    pages(v('redshift')),
    pages(v('elb')),
    pages(v('elbv2')),
    pages(v('lambda_function')),
    Math.max(pages(v('kms_key') + v('aws_managed_key')), pages(v('kms_key') + v('aws_managed_key') + 1)),
    pages(v('ecs_cluster')) +
      (v('ecs_cluster') > 0 ? Math.max(pages(v('ecs_service')), pages(v('ecs_task'))) : 0),
  ];
  const global = task.global
    ? [pages(v('s3_bucket')), pages(v('iam_user')), pages(v('iam_role') + v('service_linked_role'))]
    : [];
  return Math.max(...regional, ...global) + 1;
}

function estate() {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => String(100000000000 + i));
  const management = accounts[0]!;
  let sendCalls = 0;
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
      return {
        Successful: entries.map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    },
  };
  const settings = validateSettings({ regions: REGIONS, organizationAccounts: [management] });
  return { aws, sqs, settings, sendCalls: () => sendCalls };
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
  const callsBefore = env.aws.sent.length;
  const options = { invocations: INVOCATIONS, perAccountRegion: 8, sendConcurrency: 10 };
  let failures = 0;
  const sweepMs = await onVirtualClock(async () => (failures = (await sweep(tasks, env, options)).failures));
  const sendCalls = env.sendCalls() - sentBefore;
  const listCalls = env.aws.sent.length - callsBefore;
  // The same sweep on the real clock, every invocation sharing this one Node.js thread.
  const shared = await sweep(tasks, estate(), options);

  // The longest single account x region chain, alone with the same code (no other work to wait on).
  const longest = tasks.reduce((a, b) => (chainOf(b) > chainOf(a) ? b : a));
  const aloneOptions = { invocations: 1, perAccountRegion: 64, sendConcurrency: 10 };
  const criticalMs = await onVirtualClock(() => sweep([longest], estate(), aloneOptions));
  const alone = await sweep([longest], estate(), aloneOptions);

  // Serial: one task at a time, one call at a time, on a sample, scaled to every task.
  const step = Math.floor(tasks.length / SERIAL_SAMPLE);
  const sample = tasks.filter((_, i) => i % step === 0).slice(0, SERIAL_SAMPLE);
  const serialEnv = estate();
  const serialOptions = { invocations: 1, perAccountRegion: 1, sendConcurrency: 1 };
  let serialMs = 0;
  for (const task of sample) serialMs += await onVirtualClock(() => sweep([task], serialEnv, serialOptions));
  const serialEstimate = (serialMs / sample.length) * tasks.length;

  const messages = countMessages(tasks);
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
    chain_calls: chainOf(longest),
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

/** How many resource messages the estate yields (each resource, and a region message per task). */
function countMessages(tasks: PollTask[]): number {
  let n = 0;
  for (const task of tasks) {
    const c = inventory(task.account, task.region);
    const regional: (keyof Counts)[] = [
      'sqs',
      'ami',
      'ebs_snapshot',
      'ec2',
      'security_group',
      'rds',
      'rds_snapshot',
      'redshift',
      'elb',
      'elbv2',
      'lambda_function',
      'kms_key',
    ];
    n += regional.reduce((sum, k) => sum + (c[k] ?? 0), 0) + 1;
    n += (c.ecs_cluster ?? 0) * ((c.ecs_service ?? 0) + (c.ecs_task ?? 0));
    if (task.global) n += (c.s3_bucket ?? 0) + (c.iam_user ?? 0) + (c.iam_role ?? 0);
  }
  return n;
}
