import { expect } from 'chai';
import fc from 'fast-check';
import { parseResourceMessage } from '../../../src/runtime/contracts/message';
import { translateEvent } from '../../../src/runtime/events/translate';
import { sampleEvent } from '../../helpers/events';
import { SAMPLES } from '../../helpers/samples';

type Json = unknown;

/** Paths to every node of a JSON value. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the node at `path` replaced (or removed when `replacement` is undefined). */
function mutate(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = mutate(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = mutate(copy[head as string], rest, replacement);
  return copy;
}

/** Every message the translator yields is a valid resource message. */
function assertTotal(event: Json): void {
  const translation = translateEvent(event);
  for (const message of translation.messages) parseResourceMessage(message);
  if (translation.outcome === 'translated') expect(translation.messages.length).to.be.greaterThan(0);
  else expect(translation.messages).to.deep.equal([]);
}

const sampleEvents = SAMPLES.map((s) => sampleEvent(s));

describe('translator: property tests', () => {
  it('never throws on arbitrary values and yields only valid messages', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBigInt: true }), assertTotal), {
      numRuns: 2000,
    });
  });

  it('never throws on mutated real events (fields removed or replaced by anything)', () => {
    const mutation = fc
      .constantFrom(...sampleEvents)
      .chain((event) =>
        fc.tuple(
          fc.constant(event),
          fc.array(fc.tuple(fc.constantFrom(...paths(event)), fc.option(fc.anything(), { nil: undefined })), {
            minLength: 1,
            maxLength: 4,
          }),
        ),
      )
      .map(([event, changes]) =>
        changes.reduce<Json>((acc, [path, replacement]) => mutate(acc, path, replacement), event),
      );
    fc.assert(fc.property(mutation, assertTotal), { numRuns: 5000 });
  });

  it('never throws when the request and response elements are arbitrary JSON', () => {
    const arbitrary = fc
      .tuple(fc.constantFrom(...sampleEvents), fc.jsonValue(), fc.jsonValue())
      .map(([event, request, response]) => ({
        ...event,
        detail: { ...(event.detail as object), requestParameters: request, responseElements: response },
      }));
    fc.assert(fc.property(arbitrary, assertTotal), { numRuns: 3000 });
  });
});
