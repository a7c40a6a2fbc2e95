// The poller against a simulated organization: 200 accounts x 4 regions behind SDK stubs that answer
// every call after a fixed latency, swept by the same planner and worker code the functions run.
import type { SendMessageBatchCommand, SendMessageBatchResult } from '@aws-sdk/client-sqs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sinon from 'sinon';
import { KeyedLimiter, Limiter } from '../src/runtime/concurrency';
import { CALLS_IN_FLIGHT_PER_ACCOUNT_REGION } from '../src/runtime/poller/sweep';
import { DEFAULT_ENABLED_REGIONS } from '../src/runtime/contracts/regions';
import { validateSettings } from '../src/runtime/contracts/settings';
import { planAccounts, planTasks } from '../src/runtime/poller/plan';
import { POLL_TASKS_PER_INVOCATION, type PollTask, serializePollTask } from '../src/runtime/poller/task';
import { WORKER_SEND_CONCURRENCY, createPollWorkerHandler } from '../src/runtime/poller/worker';
import { FakeAws } from '../test/helpers/aws';
import { type Counts, pollWorld, typicalRanges } from '../test/helpers/poll-world';
import { sqsRecord } from '../test/helpers/sqs';

const ACCOUNTS = 200;
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const LATENCY_MS = 25;
const PAGE_SIZE = 5;
/** Records per worker invocation (the SQS event source's batch size). */
const BATCH_SIZE = POLL_TASKS_PER_INVOCATION;
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

/**
 * A virtual clock for the organization-scale sweep, where fake timers (which fire one timer per turn
 * of the event loop) would take minutes: `sleep` parks the caller until the clock reaches its time;
 * `run` lets every promise settle, then jumps to the next time anyone waits for, and wakes all its
 * sleepers at once. Only the stubs' latencies are simulated; the code under test sets no timer here
 * (no deadline, no throttling, no SQS failure to back off from).
 */
class BucketClock {
  now = 0;
  private readonly sleepers = new Map<number, (() => void)[]>();

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const at = this.now + ms;
      const bucket = this.sleepers.get(at);
      if (bucket) bucket.push(resolve);
      else this.sleepers.set(at, [resolve]);
    });

  /** Runs `work` and returns the simulated milliseconds it took. */
  async run(work: () => Promise<unknown>): Promise<number> {
    const start = this.now;
    let done = false;
    const run = work().finally(() => (done = true));
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    while (!done) {
      await settle();
      if (done) break;
      if (this.sleepers.size === 0) {
        // Waiting on something real (a module loading): give it time.
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const next = Math.min(...this.sleepers.keys());
      const wake = this.sleepers.get(next)!;
      this.sleepers.delete(next);
      this.now = next;
      for (const resolve of wake) resolve();
    }
    await run;
    return this.now - start;
  }
}

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

/** The estate a bench sweeps: how many accounts, which regions, what each account and region holds. */
export interface EstateShape {
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly inventory: (account: string, region: string) => Counts;
}

const DEFAULT_SHAPE: EstateShape = { accounts: ACCOUNTS, regions: REGIONS, inventory };

export function estate(
  shape: EstateShape = DEFAULT_SHAPE,
  units: readonly string[] = [],
  wait: (ms: number) => Promise<void> = sleep,
) {
  const accounts = Array.from({ length: shape.accounts }, (_, i) => String(100000000000 + i));
  const management = accounts[0]!;
  let sendCalls = 0;
  let messages = 0;
  const world = {
    ...pollWorld(shape.inventory, PAGE_SIZE),
    'Organizations.ListAccounts': (input: { NextToken?: string }) => {
      const start = Number(input.NextToken ?? 0);
      const next = start + 20 < accounts.length ? String(start + 20) : undefined;
      return {
        Accounts: accounts.slice(start, start + 20).map((Id) => ({ Id, Status: 'ACTIVE' })),
        ...(next ? { NextToken: next } : {}),
      };
    },
    ...organizationUnits(accounts),
  };
  const aws = new FakeAws(world, { beforeSend: () => wait(LATENCY_MS) });
  const sqs = {
    async send(command: SendMessageBatchCommand): Promise<SendMessageBatchResult> {
      sendCalls += 1;
      await wait(LATENCY_MS);
      const entries = command.input.Entries ?? [];
      messages += entries.length;
      return {
        Successful: entries.map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    },
  };
  const settings = validateSettings({
    regions: shape.regions,
    organizationAccounts: [management],
    ...(units.length > 0 ? { organizationalUnits: units } : {}),
  });
  return { aws, sqs, settings, sendCalls: () => sendCalls, messages: () => messages };
}

/** The root of the simulated organization. */
export const ORGANIZATION_ROOT = 'r-ab12';
/** Units under the root, child units under each of them, and suspended accounts per child unit. */
const TOP_UNITS = 4;
const CHILD_UNITS = 5;
const SUSPENDED_PER_UNIT = 2;

/**
 * The organizational units of the simulated organization: the management account in the root, then
 * {@link TOP_UNITS} units with {@link CHILD_UNITS} child units each; the other accounts spread over
 * the child units, each child unit also holding {@link SUSPENDED_PER_UNIT} suspended accounts. Pages
 * of 20 accounts and of 10 units, as Organizations answers.
 */
function organizationUnits(accounts: readonly string[]) {
  const units = new Map<string, { units: string[]; accounts: { Id: string; Status: string }[] }>();
  const top = Array.from({ length: TOP_UNITS }, (_, t) => `ou-ab12-${String(t + 1).padStart(8, '0')}`);
  units.set(ORGANIZATION_ROOT, { units: top, accounts: [{ Id: accounts[0]!, Status: 'ACTIVE' }] });
  const leaves: string[] = [];
  top.forEach((unit, t) => {
    const children = Array.from(
      { length: CHILD_UNITS },
      (_, c) => `ou-ab12-${String((t + 1) * 100 + c + 1).padStart(8, '0')}`,
    );
    units.set(unit, { units: children, accounts: [] });
    leaves.push(...children);
  });
  leaves.forEach((unit, l) =>
    units.set(unit, {
      units: [],
      accounts: Array.from({ length: SUSPENDED_PER_UNIT }, (_, i) => ({
        Id: String(900000000000 + l * 100 + i),
        Status: 'SUSPENDED',
      })),
    }),
  );
  accounts
    .slice(1)
    .forEach((Id, i) => units.get(leaves[i % leaves.length]!)!.accounts.push({ Id, Status: 'ACTIVE' }));
  const page = <T>(items: readonly T[], token: string | undefined, size: number) => {
    const start = Number(token ?? 0);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { items: items.slice(start, start + size), ...(next ? { NextToken: next } : {}) };
  };
  return {
    'Organizations.ListAccountsForParent': (input: { ParentId: string; NextToken?: string }) => {
      const { items, ...next } = page(units.get(input.ParentId)!.accounts, input.NextToken, 20);
      return { Accounts: items, ...next };
    },
    'Organizations.ListOrganizationalUnitsForParent': (input: { ParentId: string; NextToken?: string }) => {
      const { items, ...next } = page(units.get(input.ParentId)!.units, input.NextToken, 10);
      return { OrganizationalUnits: items.map((Id) => ({ Id })), ...next };
    },
  };
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
  clock?: BucketClock,
): Promise<number[]> {
  const durations: number[] = [];
  if (clock) {
    const env = estate(SCALE_SHAPE, [], clock.sleep);
    await clock.run(() =>
      Promise.all(
        tasks.map(async (task, i) => {
          const start = clock.now;
          await sweep([task], env, options);
          durations[i] = clock.now - start;
        }),
      ),
    );
    return durations;
  }
  const env = estate();
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
  const options = {
    invocations: INVOCATIONS,
    perAccountRegion: CALLS_IN_FLIGHT_PER_ACCOUNT_REGION,
    sendConcurrency: WORKER_SEND_CONCURRENCY,
  };
  let failures = 0;
  const sweepMs = await onVirtualClock(async () => (failures = (await sweep(tasks, env, options)).failures));
  const sendCalls = env.sendCalls() - sentBefore;
  const messages = env.messages() - messagesBefore;
  const listCalls = env.aws.sent.length - callsBefore;
  // The same sweep on the real clock, every invocation sharing this one Node.js thread.
  const shared = await sweep(tasks, estate(), options);

  // The longest single account x region chain, alone with the same code (no other work to wait on).
  const aloneOptions = { invocations: 1, perAccountRegion: 64, sendConcurrency: WORKER_SEND_CONCURRENCY };
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

/** The organization-scale estate: 1,000 accounts in the 17 regions every account has enabled by default. */
export const SCALE_REGIONS = DEFAULT_ENABLED_REGIONS;
const SCALE_ACCOUNTS = 1000;
/** Regions of each account that hold a typical inventory; the others hold the least of each kind. */
const SCALE_BUSY_REGIONS = 2;
/**
 * Worker invocations at once at organization scale: Lambda's default concurrency quota per account
 * and region, and the most an SQS event source's maximum concurrency can be.
 */
const SCALE_INVOCATIONS = 1000;

/** The least of each kind, as the fixtures' typical ranges start. */
const QUIET = Object.fromEntries(TYPICAL.map(([kind, [min]]) => [kind, min]));

/**
 * At organization scale most accounts use a few regions: each account's first {@link
 * SCALE_BUSY_REGIONS} regions (rotating over the 17) hold a typical inventory, the others the least
 * of each kind.
 */
function scaleInventory(account: string, region: string): Counts {
  const offset = Number(account) % SCALE_REGIONS.length;
  const index = (SCALE_REGIONS.indexOf(region) - offset + SCALE_REGIONS.length) % SCALE_REGIONS.length;
  return index < SCALE_BUSY_REGIONS ? inventory(account, region) : QUIET;
}

export const SCALE_SHAPE: EstateShape = {
  accounts: SCALE_ACCOUNTS,
  regions: SCALE_REGIONS,
  inventory: scaleInventory,
};

/** What bench/plan-child.ts reports: the planner's run over the organization-scale estate. */
interface ChildPlan {
  ms: number;
  accounts: number;
  tasks: number;
  sendCalls: number;
  organizationCalls: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  maxRssMb: number;
  samples: number;
}

/** Runs the planner in a fresh Node.js process (bench/plan-child.ts) and reads what it reports. */
function planInChild(): ChildPlan {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'plan-child.ts')], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (result.status !== 0) throw new Error(`the planner's child process failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildPlan;
}

/**
 * The poller at organization scale: 1,000 accounts x 17 regions (17,000 tasks), the accounts listed
 * from the organization's units. The planner runs in a child process on the real clock; the sweep
 * runs on the virtual clock with {@link SCALE_INVOCATIONS} invocations at once.
 */
export async function pollerScaleBench(
  emit: (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void,
) {
  const suffix = `_${SCALE_ACCOUNTS}x${SCALE_REGIONS.length}`;
  const plan = planInChild();

  const clock = new BucketClock();
  const env = estate(SCALE_SHAPE, [], clock.sleep);
  let tasks: PollTask[] = [];
  await clock.run(
    async () =>
      (tasks = planTasks((await planAccounts(env.settings, env.aws)).accounts, env.settings.regions)),
  );
  const callsBefore = env.aws.sent.length;
  const options = {
    invocations: SCALE_INVOCATIONS,
    perAccountRegion: CALLS_IN_FLIGHT_PER_ACCOUNT_REGION,
    sendConcurrency: WORKER_SEND_CONCURRENCY,
  };
  let failures = 0;
  const realStart = performance.now();
  const sweepMs = await clock.run(async () => (failures = (await sweep(tasks, env, options)).failures));
  const sweepRealMs = performance.now() - realStart;
  const sendCalls = env.sendCalls();
  const messages = env.messages();
  const listCalls = env.aws.sent.length - callsBefore;

  // Alone: every busy task, and one quiet task with and one without the global types. A quiet task
  // lists the same APIs with the fewest items, so its chain is no longer than theirs.
  const isQuiet = (t: PollTask) => scaleInventory(t.account, t.region) === QUIET;
  const quiet = [tasks.find((t) => isQuiet(t) && t.global), tasks.find((t) => isQuiet(t) && !t.global)];
  const measured = [...tasks.filter((t) => !isQuiet(t)), ...quiet.filter((t) => t !== undefined)];
  const aloneOptions = { invocations: 1, perAccountRegion: 64, sendConcurrency: WORKER_SEND_CONCURRENCY };
  const durations = await aloneDurations(measured, aloneOptions, new BucketClock());
  const criticalMs = Math.max(...durations);
  const longest = measured[durations.indexOf(criticalMs)]!;

  emit(`poll_plan_ms${suffix}`, Math.round(plan.ms), 'ms', {
    clock: "real, in a fresh Node.js process running the planner function's code",
    accounts: plan.accounts,
    tasks: plan.tasks,
    organizational_units: `${ORGANIZATION_ROOT} (${TOP_UNITS} units, ${TOP_UNITS * CHILD_UNITS} child units, ${TOP_UNITS * CHILD_UNITS * SUSPENDED_PER_UNIT} suspended accounts)`,
    organizations_calls: plan.organizationCalls,
    send_calls: plan.sendCalls,
    latency_ms: LATENCY_MS,
    lambda_timeout_s: 300,
  });
  emit(`poll_plan_peak_rss_mb${suffix}`, plan.rssPeakMb, 'MB', {
    measured:
      'the largest process.memoryUsage.rss() sampled every 5 ms while the planner ran, in the fresh process that ran it (bench/plan-child.ts: the planner, the simulated SDK stubs and tsx loaded)',
    rss_before_planning_mb: plan.rssBeforeMb,
    os_max_rss_mb: plan.maxRssMb,
    samples: plan.samples,
    lambda_memory_mb: 256,
  });
  emit(`poll_sweep_ms${suffix}`, Math.round(sweepMs), 'ms', {
    clock: 'virtual (stub latencies in simulated time, as if each invocation had its own container)',
    tasks: tasks.length,
    inventory: `typical in ${SCALE_BUSY_REGIONS} regions of each account, the least of each kind in the other ${SCALE_REGIONS.length - SCALE_BUSY_REGIONS}`,
    api_calls: listCalls,
    messages,
    invocations: Math.ceil(tasks.length / BATCH_SIZE),
    concurrent_invocations: SCALE_INVOCATIONS,
    calls_in_flight_per_account_region: options.perAccountRegion,
    latency_ms: LATENCY_MS,
    failed_tasks: failures,
    simulation_real_ms: Math.round(sweepRealMs),
  });
  emit(`poll_critical_path_ms${suffix}`, Math.round(criticalMs), 'ms', {
    task: `${longest.account}/${longest.region}`,
    measured_tasks: `${measured.length} (every busy task, one quiet task with and one without the global types)`,
    chain_calls: Math.round(criticalMs / LATENCY_MS),
    latency_ms: LATENCY_MS,
  });
  emit(`poll_sweep_vs_critical_path${suffix}`, Number((sweepMs / criticalMs).toFixed(2)), 'ratio', {
    target: 1.5,
    concurrent_invocations: SCALE_INVOCATIONS,
  });
  emit(`sqs_calls_per_1000_messages${suffix}`, Number(((sendCalls / messages) * 1000).toFixed(1)), 'calls', {
    send_calls: sendCalls,
    messages,
    target: 110,
    note: "the sweep's resource messages; the planner's poll tasks are in poll_plan_ms (send_calls)",
  });
}
