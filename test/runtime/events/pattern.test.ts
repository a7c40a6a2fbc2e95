import { expect } from 'chai';
import { EVENT_PATTERN_MAX_LENGTH, buildEventPatterns } from '../../../src/runtime/events/pattern';
import { EVENT_RULES } from '../../../src/runtime/events/table';
import { apiCall, sampleEvent } from '../../helpers/events';
import { matches } from '../../helpers/pattern-match';
import { SAMPLES } from '../../helpers/samples';

const namesIn = (patterns: ReturnType<typeof buildEventPatterns>) =>
  patterns.flatMap((p) => p.detail.$or.flatMap((o) => o.eventName.map((n) => `${o.eventSource[0]} ${n}`)));

describe('translator: event pattern', () => {
  const patterns = buildEventPatterns();
  const routed = (event: unknown) => patterns.some((p) => matches(p, event));

  it('contains every eventSource and eventName of the table, and nothing else', () => {
    expect(namesIn(patterns).sort()).to.deep.equal(
      EVENT_RULES.map((r) => `${r.eventSource} ${r.eventName}`).sort(),
    );
  });

  it(`fits EventBridge's default pattern size quota (${EVENT_PATTERN_MAX_LENGTH} characters) in each rule, in as few rules as it takes`, () => {
    for (const p of patterns) expect(JSON.stringify(p).length).to.be.at.most(EVENT_PATTERN_MAX_LENGTH);
    // No rule could have taken the next one's sources too.
    for (let i = 1; i < patterns.length; i += 1) {
      const joined = {
        ...patterns[i - 1]!,
        detail: {
          ...patterns[i - 1]!.detail,
          $or: [...patterns[i - 1]!.detail.$or, ...patterns[i]!.detail.$or],
        },
      };
      expect(JSON.stringify(joined).length).to.be.greaterThan(EVENT_PATTERN_MAX_LENGTH);
    }
  });

  it('routes every sample call of the table', () => {
    const unrouted = SAMPLES.filter((s) => !routed(sampleEvent(s))).map((s) => `${s.source} ${s.name}`);
    expect(unrouted).to.deep.equal([]);
  });

  it('does not route failed calls, calls outside the table, or other event types', () => {
    const sample = SAMPLES[0]!;
    expect(routed(sampleEvent(sample, { errorCode: 'AccessDenied' }))).to.equal(false);
    expect(routed(apiCall({ source: 'ecs.amazonaws.com', name: 'CreateCluster' }))).to.equal(false);
    expect(routed(apiCall({ source: 'sqs.amazonaws.com', name: 'CreateKey' }))).to.equal(false);
    expect(routed({ ...sampleEvent(sample), 'detail-type': 'AWS Console Sign In via CloudTrail' })).to.equal(
      false,
    );
    // A look-alike put with PutEvents cannot carry an aws. source.
    expect(routed({ ...sampleEvent(sample), source: 'acme.forged' })).to.equal(false);
  });

  it('splits into several patterns under a smaller limit, losing no event and keeping each source whole', () => {
    const small = buildEventPatterns(EVENT_RULES, 700);
    expect(small.length).to.be.greaterThan(1);
    for (const p of small) expect(JSON.stringify(p).length).to.be.at.most(700);
    expect(namesIn(small).sort()).to.deep.equal(namesIn(patterns).sort());
    const sources = small.flatMap((p) => p.detail.$or.map((o) => o.eventSource[0]));
    expect(new Set(sources).size).to.equal(sources.length);
  });

  it('says which quota to raise when one service alone does not fit', () => {
    expect(() => buildEventPatterns(EVENT_RULES, 200)).to.throw(
      RangeError,
      /raise the EventBridge event pattern size quota/,
    );
  });
});
