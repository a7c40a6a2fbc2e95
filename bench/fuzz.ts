// fuzz_uncaught_errors: generated and mutated inputs through the translator and the parsing of the
// remediator's and poll worker's SQS records. The translator must never throw; the parsers may only
// throw their validation errors (a failed batch item), nothing else.
import fc from 'fast-check';
import { parseResourceMessageJson } from '../src/runtime/contracts/message';
import { ValidationError } from '../src/runtime/errors';
import { translateEvent } from '../src/runtime/events/translate';
import { parsePollTask } from '../src/runtime/poller/task';
import { sampleEvent } from '../test/helpers/events';
import { SAMPLES } from '../test/helpers/samples';

type Json = unknown;

/** A copy of `value` with one node replaced, removed or retyped, chosen by `pick`. */
function mutate(value: Json, pick: () => number, replacement: Json): Json {
  if (Array.isArray(value)) {
    if (value.length === 0 || pick() < 0.2) return replacement;
    const copy = [...value];
    const i = Math.floor(pick() * copy.length);
    copy[i] = mutate(copy[i], pick, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || pick() < 0.15) return replacement;
    const copy: Record<string, Json> = { ...(value as Record<string, Json>) };
    const key = keys[Math.floor(pick() * keys.length)]!;
    if (pick() < 0.3) delete copy[key];
    else copy[key] = mutate(copy[key], pick, replacement);
    return copy;
  }
  return replacement;
}

export function fuzzBench(
  emit: (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void,
) {
  const events = SAMPLES.map((s) => sampleEvent(s));
  const messages = [
    {
      account: '111111111111',
      region: 'eu-west-1',
      type: 'sqs',
      id: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      delay: 0,
    },
    { account: '111111111111', region: 'us-east-1', type: 'region', id: '' },
  ];
  const tasks = [{ account: '111111111111', region: 'eu-west-1', global: true, onlyTestResources: false }];
  const seed = 20261122;
  const replacements = fc.sample(fc.jsonValue(), { numRuns: 2000, seed });
  const randomValues = fc.sample(fc.anything(), { numRuns: 5000, seed: seed + 1 });
  const randomStrings = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), {
    numRuns: 5000,
    seed: seed + 2,
  });
  let state = seed;
  const pick = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };

  let inputs = 0;
  const uncaught: string[] = [];
  const guard = (what: string, run: () => void, expected?: (e: unknown) => boolean) => {
    inputs += 1;
    try {
      run();
    } catch (error) {
      if (!expected?.(error))
        uncaught.push(`${what}: ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
  };
  const validation = (e: unknown) => e instanceof ValidationError;

  for (let i = 0; i < 50_000; i += 1) {
    const replacement = replacements[i % replacements.length];
    const event =
      i % 5 === 4
        ? randomValues[i % randomValues.length]
        : mutate(events[i % events.length], pick, replacement);
    guard('translateEvent', () => void translateEvent(event));
  }
  for (let i = 0; i < 50_000; i += 1) {
    const replacement = replacements[i % replacements.length];
    const body =
      i % 4 === 0
        ? randomStrings[i % randomStrings.length]!
        : (JSON.stringify(mutate(i % 2 ? messages[i % messages.length] : tasks[0], pick, replacement)) ??
          'undefined');
    guard('parseResourceMessageJson', () => void parseResourceMessageJson(body), validation);
    guard('parsePollTask', () => void parsePollTask(body), validation);
  }
  emit('fuzz_uncaught_errors', uncaught.length, 'errors', {
    inputs,
    events: 50_000,
    sqs_bodies: 50_000,
    seed,
    target: 0,
    ...(uncaught.length > 0 ? { first: uncaught.slice(0, 3) } : {}),
  });
}
