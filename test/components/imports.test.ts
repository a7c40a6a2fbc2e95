import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { REPOSITORY } from '../helpers/examples';

/** The modules loading `files` pulls in, in a fresh process (paths relative to the repository). */
function modulesLoadedBy(files: readonly string[]): string[] {
  const script = `
    const before = new Set(Object.keys(require.cache));
    for (const file of ${JSON.stringify(files)}) require(require('node:path').resolve(file));
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((m) => !before.has(m))));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPOSITORY,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).to.equal(0);
  return (JSON.parse(result.stdout) as string[]).map((m) => m.replace(`${REPOSITORY}/`, ''));
}

describe('components: what the new checks and warnings load', function () {
  this.timeout(60_000);

  it('the warnings, the region list and the argument checks load no AWS SDK client and not the auditors', () => {
    const loaded = modulesLoadedBy([
      'src/components/warnings.ts',
      'src/components/validation.ts',
      'src/components/assume.ts',
      'src/runtime/contracts/settings.ts',
    ]);
    expect(loaded).to.include('src/runtime/auditors/decision.ts');
    expect(loaded).to.include('src/runtime/contracts/regions.ts');
    expect(loaded.filter((m) => /node_modules\/@(aws-sdk|smithy)\//.test(m))).to.deep.equal([]);
    expect(
      loaded.filter((m) => m.startsWith('src/runtime/auditors/') && !m.endsWith('/decision.ts')),
    ).to.deep.equal([]);
  });
});
