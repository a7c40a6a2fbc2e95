// `npm run bench`: performance figures as JSON lines, {"metric", "value", "unit", ...}.
// Run after `npm run build` (the script builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemberCredentials } from '../src/runtime/aws/credentials';
import { HANDLER_ENV } from '../src/runtime/handlers/env';
import { translateEvent } from '../src/runtime/events/translate';
import { parsePolicy } from '../src/runtime/policy/document';
import { judgePolicy } from '../src/runtime/policy/evaluate';
import { Remediator } from '../src/runtime/remediator/remediator';
import { fuzzBench } from './fuzz';
import { pollerBench, pollerScaleBench } from './poller';
import { FakeAws } from '../test/helpers/aws';
import { sampleEvent } from '../test/helpers/events';
import { NONCOMPLIANT } from '../test/helpers/fixtures';
import { settingsWith } from '../test/helpers/resources';
import { SAMPLES } from '../test/helpers/samples';
import { stubSts } from '../test/helpers/sts';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LAMBDA_FUNCTIONS } = require('../scripts/lambda-functions.json') as {
  LAMBDA_FUNCTIONS: Record<string, string>;
};

function emit(metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ metric, value, unit, ...extra })}\n`);
}

/** Events per second through translateEvent, over every sample call of the table (median of 5 runs). */
function translateThroughput(): void {
  const events = SAMPLES.map((s) => sampleEvent(s));
  const perRun = 200_000;
  const rates: number[] = [];
  for (let run = 0; run < 6; run += 1) {
    const start = performance.now();
    let messages = 0;
    for (let i = 0; i < perRun; i += 1) messages += translateEvent(events[i % events.length]).messages.length;
    const seconds = (performance.now() - start) / 1000;
    if (run > 0 && messages > 0) rates.push(perRun / seconds); // the first run warms up the JIT
  }
  rates.sort((a, b) => a - b);
  emit('translate_events_per_s', Math.round(rates[Math.floor(rates.length / 2)]!), 'events/s', {
    events: perRun,
    sample_events: events.length,
  });
}

/**
 * Whole-policy judgements per second over the policies of the judgement corpus (median of 5 runs), and
 * the slowest single policy, so a policy shape that makes the evaluator slow shows up.
 */
function policyJudgements(): void {
  const dir = join(__dirname, '..', 'test', 'runtime', 'policy', 'corpus');
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap(
      (f) =>
        (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: { type: string; policy: unknown }[] })
          .cases,
    )
    .map((c) => ({ type: c.type, policy: parsePolicy(JSON.stringify(c.policy)) }));
  const judge = (c: (typeof cases)[number]) =>
    judgePolicy(c.policy, { type: c.type, account: '111122223333', organizationIds: ['o-a1b2c3d4e5'] });
  const rates: number[] = [];
  let slowest = 0;
  for (let run = 0; run < 6; run += 1) {
    const start = performance.now();
    for (const c of cases) {
      const t = performance.now();
      judge(c);
      if (run > 0) slowest = Math.max(slowest, performance.now() - t);
    }
    if (run > 0) rates.push(cases.length / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  emit('policy_judgements_per_s', Math.round(rates[2]!), 'policies/s', {
    policies: cases.length,
    slowest_ms: Math.round(slowest * 100) / 100,
  });
}

function bundleBytes(): void {
  for (const name of Object.keys(LAMBDA_FUNCTIONS)) {
    const file = join(__dirname, '..', 'dist', 'lambda', name, 'index.js');
    emit('bundle_bytes', statSync(file).size, 'bytes', { function: name });
  }
}

/**
 * AssumeRole calls to audit 1,000 resources of one account (every audited type in turn), through the
 * remediator with the member-credential cache, as the Lambda runs it.
 */
async function stsCallsPer1000Resources(): Promise<void> {
  const scenarios = Object.values(NONCOMPLIANT);
  const sts = stubSts();
  const credentials = new MemberCredentials({ sts, roleName: 'member_remediator', sessionName: 'bench' });
  // One account holding every type; where two types read the same API (EC2 instances), the
  // instance's own answer wins.
  const world = Object.assign({}, ...scenarios.map((s) => s!.world()), NONCOMPLIANT.ec2!.world());
  const aws = new FakeAws(world, {
    beforeSend: async (account, region) => void (await credentials.get(account, region)),
  });
  const remediator = new Remediator({ settings: settingsWith({ requiredTags: ['owner'] }), clients: aws });
  const start = performance.now();
  let findings = 0;
  for (let i = 0; i < 1000; i += 10) {
    const batch = Array.from({ length: 10 }, (_, j) => scenarios[(i + j) % scenarios.length]!.resource);
    const reports = await Promise.all(batch.map((r) => remediator.audit(r)));
    findings += reports.reduce((n, r) => n + r.findings.length, 0);
  }
  emit('sts_calls_per_1000_resources', sts.send.callCount, 'calls', {
    resources: 1000,
    api_calls: aws.sent.length,
    findings,
    ms: Math.round(performance.now() - start),
  });
}

/**
 * Median time to load the remediator bundle in a fresh Node.js process (settings file and environment,
 * no AWS call).
 */
function remediatorInit(): void {
  const bundle = join(__dirname, '..', 'dist', 'lambda', 'remediator', 'index.js');
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ regions: ['us-east-1'], accounts: ['111111111111'] }),
  );
  const script = `const t = performance.now(); require(${JSON.stringify(bundle)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const result = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        REMEDIATION_SETTINGS_FILE: join(dir, 'settings.json'),
        // The handler requires its topic and queue (it calls neither while loading).
        [HANDLER_ENV.notificationTopicArn]: 'arn:aws:sns:us-east-1:000000000000:findings',
        [HANDLER_ENV.resourceQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/000000000000/resources',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    if (result.status !== 0) throw new Error(`loading the remediator bundle failed: ${result.stderr}`);
    times.push(Number(result.stdout));
  }
  times.sort((a, b) => a - b);
  emit('remediator_init_ms', Math.round(times[2]!), 'ms', { runs: 5, node: process.version });
}

async function main(): Promise<void> {
  translateThroughput();
  policyJudgements();
  bundleBytes();
  await stsCallsPer1000Resources();
  remediatorInit();
  await pollerBench(emit);
  await pollerScaleBench(emit);
  fuzzBench(emit);
}

void main();
