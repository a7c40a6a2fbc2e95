// `npm run bench`: performance figures as JSON lines, {"metric", "value", "unit", ...}.
// Run after `npm run build` (the script builds first).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { translateEvent } from '../src/runtime/events/translate';
import { sampleEvent } from '../test/helpers/events';
import { SAMPLES } from '../test/helpers/samples';
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

function bundleBytes(): void {
  for (const name of Object.keys(LAMBDA_FUNCTIONS)) {
    const file = join(__dirname, '..', 'dist', 'lambda', name, 'index.js');
    emit('bundle_bytes', statSync(file).size, 'bytes', { function: name });
  }
}

translateThroughput();
bundleBytes();
