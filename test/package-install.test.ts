import { expect } from 'chai';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lockedVersion, npmEnv, run, writeProgramLock } from './helpers/offline-install';

// The package as a user gets it: `npm pack`, installed into a fresh Pulumi TypeScript program (offline,
// from npm's cache, which `npm ci` of this repository fills), type-checked there with the strictest
// settings a program may have, and previewed with the installed CLI.

const root = resolve(__dirname, '..');
const MINUTE = 60_000;
const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const noStack = (stderr: string) => expect(stderr).to.not.match(/\n\s+at |unexpected error/);

/** A fresh program as `pulumi new aws-typescript` makes it, using the package's components. */
function writeProgram(dir: string, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, unknown> = {
    'package.json': {
      name: 'fresh-program',
      main: 'index.ts',
      devDependencies: {
        '@types/node': `^${lockedVersion(root, '@types/node')}`,
        typescript: `^${lockedVersion(root, 'typescript')}`,
      },
      dependencies: {
        '@pulumi/aws': `^${lockedVersion(root, '@pulumi/aws')}`,
        '@pulumi/pulumi': `^${lockedVersion(root, '@pulumi/pulumi')}`,
        'pulumi-aws-remediation': `file:${tarball}`,
      },
    },
    // Pulumi's template, with skipLibCheck spelt out: every declaration file is checked.
    'tsconfig.json': {
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        outDir: 'bin',
        target: 'es2020',
        module: 'commonjs',
        moduleResolution: 'node',
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
      },
      files: ['index.ts'],
    },
  };
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), `${JSON.stringify(content, null, 2)}\n`);
  }
  writeFileSync(
    join(dir, 'Pulumi.yaml'),
    'name: fresh-program\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n',
  );
  writeFileSync(
    join(dir, 'Pulumi.dev.yaml'),
    [
      'config:',
      '  aws:region: eu-west-1',
      '  fresh-program:securityEmail: security@example.com',
      '  fresh-program:settings:',
      '    regions: [eu-west-1]',
      "    accounts: ['111111111111']",
      '    externalId: a-shared-secret',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'index.ts'),
    `import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  MemberAccount,
  RemediationMaster,
  type MemberAccountArgs,
  type RemediationMasterArgs,
  type ComponentResolvedSettings,
  type RemediationSettings,
} from 'pulumi-aws-remediation';

const config = new pulumi.Config();
const settings = config.requireObject<RemediationSettings>('settings');

const masterArgs: RemediationMasterArgs = {
  settings: { ...settings, remediate: { 'sqs.public': true }, exceptions: { tag: { key: 'remediation' } } },
  notificationSubscriptions: [{ protocol: 'email', endpoint: config.require('securityEmail') }],
};
const master = new RemediationMaster('remediation', masterArgs);
// The settings as validated, with the ExternalId as an output (it may be a secret).
const resolved: ComponentResolvedSettings = master.settings;

const member = new aws.Provider('member', { region: 'eu-west-1' });
const memberArgs: MemberAccountArgs = {
  settings,
  masterRoleArns: master.memberTrustRoleArns,
  eventBusArns: master.eventBusArns,
  remediation: false,
};
const account = new MemberAccount('remediation', memberArgs, { provider: member });

// The declarations are real types, not any: a misspelt setting or a wrong value does not compile.
// @ts-expect-error regionz is not a setting
const misspelt: RemediationSettings = { regionz: ['eu-west-1'] };
// @ts-expect-error remediate takes true, false or a map of booleans
const wrong: RemediationSettings = { regions: ['eu-west-1'], remediate: 'yes' };

export const resourceQueueUrl: pulumi.Output<string> = master.resourceQueue.url;
export const memberRoleArn: pulumi.Output<string> = account.memberRole.arn;
export const memberRoleName: string = resolved.memberRoleName;
export const examples = [misspelt, wrong].length;
`,
  );
}

/** The lines of the plan's tree under a top-level resource line. */
function subtree(text: string, header: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(header);
  expect(start, `${header} in\n${text}`).to.be.at.least(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith('  '));
  return end < 0 ? rest : rest.slice(0, end);
}

/** What npm said, with what to do when it could not find something in its cache. */
function npmFailure(what: string, result: { code: number | null; stderr: string }): string {
  const missing = /(request to \S+) failed: cache mode is 'only-if-cached'/.exec(result.stderr)?.[1];
  if (missing) {
    return `${what}: npm's cache lacks something the program needs (${missing}): run \`npm ci\` in the repository (it fills the cache), then the tests again`;
  }
  return `${what} failed (exit code ${result.code}):\n${result.stderr}`;
}

describe('package: installed from its tarball into a fresh Pulumi program', function () {
  this.timeout(10 * MINUTE);
  let tmp: string;
  let program: string;
  let installed = false;
  const timings: Record<string, number> = {};
  const cli = () => join(program, 'node_modules', '.bin', 'aws-remediation');
  const needsInstall = () => {
    if (!installed) throw new Error('the program could not be installed (see the install test)');
  };

  before(async function () {
    if (!existsSync(join(root, 'dist', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
    }
    tmp = mkdtempSync(join(tmpdir(), 'aws-remediation-package-'));
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: root,
      env: npmEnv(),
      timeoutMs: 5 * MINUTE,
    });
    if (packed.code !== 0) throw new Error(npmFailure('npm pack', packed));
    timings.pack = packed.ms;
    const [info] = JSON.parse(packed.stdout) as { filename: string; integrity: string }[];
    program = join(tmp, 'fresh-program');
    writeProgram(program, `../${info!.filename}`);
    writeProgramLock(root, program, { path: `../${info!.filename}`, integrity: info!.integrity });
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    const seconds = Object.entries(timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(0)} s`);
    console.log(`      (package install: ${seconds.join(', ')})`);
  });

  it('installs from the tarball and npm’s cache, offline', async () => {
    const result = await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'],
      { cwd: program, env: npmEnv(), timeoutMs: 8 * MINUTE },
    );
    timings.install = result.ms;
    if (result.code !== 0) throw new Error(npmFailure('npm install --offline', result));
    expect(existsSync(cli()), 'node_modules/.bin/aws-remediation').to.equal(true);
    installed = true;
  });

  it('type-checks with strict and skipLibCheck false (the declarations name no zod type)', async () => {
    needsInstall();
    const tsc = join(program, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '--noEmit', '--listFiles'], {
      cwd: program,
      timeoutMs: 5 * MINUTE,
    });
    timings.tsc = result.ms;
    const errors = result.stdout.split('\n').filter((line) => !line.startsWith('/'));
    expect(result.code, `tsc --noEmit:\n${errors.join('\n')}${result.stderr}`).to.equal(0);
    expect(result.stdout).to.contain('/node_modules/pulumi-aws-remediation/dist/index.d.ts');
    expect(result.stdout).to.not.contain('/node_modules/zod/');
  });

  it('previews the program with the installed CLI: the master’s queues and the member role', async () => {
    needsInstall();
    const result = await run(cli(), ['preview', '.'], {
      cwd: program,
      env: { ...process.env, ...quiet },
      timeoutMs: 3 * MINUTE,
    });
    timings.preview = result.ms;
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('');
    const text = result.stdout;
    expect(text).to.match(/^== \. \(project fresh-program\): \d+ resources\n/);
    const master = subtree(text, 'aws-remediation:index:RemediationMaster  remediation');
    for (const queue of ['resources', 'resources-dlq', 'polls', 'polls-dlq']) {
      expect(master).to.include(`  aws:sqs/queue:Queue  remediation-${queue}`);
    }
    expect(master).to.include('  aws:lambda/function:Function  remediation-remediator');
    const member = subtree(text, 'aws-remediation:index:MemberAccount  remediation');
    expect(member).to.include('  aws:iam/role:Role  remediation-member');
    expect(member).to.include('  aws-remediation:index:EventForwarder  remediation-eu-west-1');
    // The member role trusts the master's functions, with the ExternalId of the stack's settings.
    expect(text).to.contain('-- remediation-member (aws:iam/role:Role, assumeRolePolicy)');
    expect(text).to.contain('"sts:ExternalId": "a-shared-secret"');
  });

  it('says in one line which setting is wrong, and exits 2', async () => {
    needsInstall();
    const bad = join(tmp, 'bad-settings');
    cpSync(program, bad, { recursive: true, filter: (src) => !src.includes('node_modules') });
    // The same installed packages, without a second install.
    symlinkSync(join(program, 'node_modules'), join(bad, 'node_modules'), 'dir');
    writeFileSync(
      join(bad, 'Pulumi.dev.yaml'),
      "config:\n  fresh-program:securityEmail: security@example.com\n  fresh-program:settings:\n    regions: [eu-west-1, mars-north-1]\n    accounts: ['111111111111']\n",
    );
    const result = await run(cli(), ['preview', 'bad-settings'], {
      cwd: tmp,
      env: { ...process.env, ...quiet },
      timeoutMs: 3 * MINUTE,
    });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'aws-remediation: preview bad-settings: aws-remediation:index:RemediationMaster "remediation": Invalid remediation settings (1 problem): settings.regions[1]: "mars-north-1" is not an AWS region code, like "us-east-1" or "eu-west-2"\n',
    );
  });

  it('says in one line to run `npm install` in a program folder without node_modules, and exits 2', async () => {
    needsInstall();
    const copy = join(tmp, 'copied-example');
    cpSync(join(root, 'examples', 'master'), copy, { recursive: true });
    const result = await run(cli(), ['preview', 'copied-example'], {
      cwd: tmp,
      env: { ...process.env, ...quiet },
      timeoutMs: 3 * MINUTE,
    });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(
      new RegExp(
        `^aws-remediation: preview copied-example: @pulumi/pulumi, @pulumi/aws, pulumi-aws-remediation are not installed for ${copy}: run \`npm install\` there first`,
      ),
    );
    noStack(result.stderr);
  });
});
