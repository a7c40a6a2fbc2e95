import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { translateEvent } from '../../../src/runtime/events/translate';

/**
 * Real CloudTrail events with the original translator's output, kept outside the repository in
 * ../shared/conformance (or $CONFORMANCE_DIR). Skipped when absent.
 */
const dir =
  process.env.CONFORMANCE_DIR ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance');
const file = resolve(dir, 'peer-cloudtrail-cases.json');

interface Case {
  readonly name: string;
  readonly event: unknown;
  readonly expected: readonly { account: string; region: string; type: string; id: string }[];
}

const key = (m: { account: string; region: string; type: string; id: string }) =>
  JSON.stringify([m.account, m.region, m.type, m.id]);

describe('translator: conformance with the original framework', function () {
  if (!existsSync(file)) {
    it('skipped: no conformance cases beside the repository', function () {
      this.skip();
    });
    return;
  }
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] };

  it('has the 18 recorded cases', () => {
    expect(cases).to.have.length(18);
  });

  for (const c of cases) {
    it(`${c.name}: same account, region, type and id`, () => {
      const actual = translateEvent(c.event).messages.map(key).sort();
      expect(actual).to.deep.equal(c.expected.map(key).sort());
    });
  }
});
