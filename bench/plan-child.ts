// Run by bench/poller.ts in a fresh Node.js process: the planner function's code over the simulated
// organization of 1,000 accounts x 17 regions (its units walked, every task sent to a simulated SQS
// answering after 25 ms), on the real clock. Prints one JSON line: time, counts and memory.
import { performance } from 'node:perf_hooks';
import { createPollPlanner } from '../src/runtime/poller/planner';
import { ORGANIZATION_ROOT, SCALE_SHAPE, estate } from './poller';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const env = estate(SCALE_SHAPE, [ORGANIZATION_ROOT]);
  const planner = createPollPlanner({
    settings: env.settings,
    clients: env.aws,
    sqs: env.sqs,
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/remediation-poll',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  let samples = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    samples += 1;
  }, 5);
  const start = performance.now();
  const result = await planner();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(
    `${JSON.stringify({
      ms,
      accounts: result.accounts,
      tasks: result.tasks,
      sendCalls: env.sendCalls(),
      organizationCalls: env.aws.calls().filter((c) => c.service === 'Organizations').length,
      rssBeforeMb: Math.round(rssBefore / MB),
      rssPeakMb: Math.round(peak / MB),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      samples,
    })}\n`,
  );
}

void main();
