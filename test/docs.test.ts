import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { README, renderReadme } from '../scripts/readme';

describe('docs: README.md', () => {
  it('has its generated sections in step with the code (run `npx tsx scripts/readme.ts`)', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).to.equal(renderReadme(text));
  });

  it('gives `npm ci` then `npm test` as the test command that .ci/run runs', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).to.contain('npm ci && npm test');
    const ci = readFileSync(`${__dirname}/../.ci/run`, 'utf8');
    expect(ci).to.match(/^npm ci$/m);
    expect(ci).to.match(/^npm test$/m);
  });
});
