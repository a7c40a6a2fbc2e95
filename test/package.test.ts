import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  types: string;
  bin: Record<string, string>;
};

describe('package: built output', function () {
  before(function () {
    if (!existsSync(join(root, pkg.main))) this.skip(); // `npm test` builds first
  });

  it('loads with require() from a CommonJS program, as `pulumi new aws-typescript` makes', () => {
    const script = `
      const m = require(${JSON.stringify(root)});
      const s = m.validateSettings({ regions: ['us-east-1'], accounts: ['111111111111'] });
      process.stdout.write(JSON.stringify({ role: s.memberRoleName, patterns: m.buildEventPatterns().length, rules: m.EVENT_RULES.length, types: m.MANIFESTS.length }));`;
    const result = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(result.stderr).to.equal('');
    expect(JSON.parse(result.stdout)).to.deep.equal({
      role: 'member_remediator',
      // The translation table needs two EventBridge rules under the default pattern size quota.
      patterns: 2,
      rules: 79,
      types: 26,
    });
  });

  it('ships type declarations and names the CLI aws-remediation', () => {
    expect(existsSync(join(root, pkg.types))).to.equal(true);
    expect(pkg.bin).to.deep.equal({ 'aws-remediation': 'dist/cli/index.js' });
    expect(readFileSync(join(root, pkg.bin['aws-remediation']!), 'utf8')).to.match(
      /^#!\/usr\/bin\/env node\n/,
    );
  });
});
