import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTranslate } from '../../src/cli/translate';
import { captureIO } from '../helpers/cli';
import { OWNER, REGION, apiCall } from '../helpers/events';

const sqsCall = (queue: string, roleName?: string) =>
  apiCall({
    source: 'sqs.amazonaws.com',
    name: 'SetQueueAttributes',
    request: { queueUrl: `https://sqs.${REGION}.amazonaws.com/${OWNER}/${queue}` },
    roleName,
  });
const line = (queue: string) =>
  JSON.stringify({
    account: OWNER,
    region: REGION,
    type: 'sqs',
    id: `https://sqs.${REGION}.amazonaws.com/${OWNER}/${queue}`,
    delay: 0,
  });

async function run(input: string, options = {}) {
  const captured = captureIO(input);
  const code = await runTranslate(captured.io, options);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('cli: translate', () => {
  it('reads JSON lines and prints one message per line', async () => {
    const result = await run(`${JSON.stringify(sqsCall('a'))}\n\n${JSON.stringify(sqsCall('b'))}\n`);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${line('a')}\n${line('b')}\n`);
    expect(result.stderr).to.equal('translate: 2 events -> 2 messages (translated 2)\n');
  });

  it('reads a JSON array spread over many lines', async () => {
    const result = await run(JSON.stringify([sqsCall('a'), sqsCall('b')], null, 2));
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${line('a')}\n${line('b')}\n`);
  });

  it('reads one pretty-printed event', async () => {
    const result = await run(JSON.stringify(sqsCall('a'), null, 2));
    expect(result.stdout).to.equal(`${line('a')}\n`);
  });

  it('reports a bad line with its number, still prints the good lines around it, and exits 1', async () => {
    const input = [
      JSON.stringify(sqsCall('a')),
      '{"detail-type": oops',
      JSON.stringify({ hello: 1 }),
      JSON.stringify(sqsCall('b')),
    ].join('\n');
    const result = await run(input);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal(`${line('a')}\n${line('b')}\n`);
    expect(result.stderr).to.match(/^line 2: invalid JSON \(/m);
    expect(result.stderr).to.match(/^line 3: not an EventBridge CloudTrail event/m);
    expect(result.stderr).to.contain('translate: 2 events -> 2 messages (translated 2); 2 bad input lines');
  });

  it('still prints the good lines when the first line is bad', async () => {
    const result = await run(['{"detail-type": oops', JSON.stringify(sqsCall('a'))].join('\n'));
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal(`${line('a')}\n`);
    expect(result.stderr).to.match(/^line 1: invalid JSON \(/m);
  });

  it('reports a JSON array that does not parse, with the line of each bad part', async () => {
    const result = await run(`[\n${JSON.stringify(sqsCall('a'))},\n{oops}\n]`);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^line 1: invalid JSON/m);
    expect(result.stderr).to.match(/^line 3: invalid JSON/m);
  });

  it('counts ignored events without calling them bad', async () => {
    const input = [
      JSON.stringify(apiCall({ source: 'sqs.amazonaws.com', name: 'ListQueues' })),
      JSON.stringify(sqsCall('a', 'member_remediator')),
    ].join('\n');
    const result = await run(input);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('translate: 2 events -> 0 messages (unsupported 1, own_change 1)\n');
  });

  it('applies a custom member role name', async () => {
    const result = await run(JSON.stringify(sqsCall('a', 'fixer')), { memberRoleName: 'fixer' });
    expect(result.stdout).to.equal('');
  });

  describe('aws-remediation binary', () => {
    const cli = resolve(__dirname, '..', '..', 'dist', 'cli', 'index.js');
    before(function () {
      if (!existsSync(cli)) this.skip(); // `npm test` builds first
    });

    it('translates stdin to stdout and exits 1 on a bad line', () => {
      const result = spawnSync(process.execPath, [cli, 'translate'], {
        input: `${JSON.stringify(sqsCall('a'))}\nnot json\n`,
        encoding: 'utf8',
      });
      expect(result.status).to.equal(1);
      expect(result.stdout).to.equal(`${line('a')}\n`);
      expect(result.stderr).to.contain('line 2: invalid JSON');
    });

    it('takes the member role name from --config, and fails clearly on bad settings', () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-'));
      const good = join(dir, 'settings.json');
      writeFileSync(good, JSON.stringify({ regions: [REGION], accounts: [OWNER], memberRoleName: 'fixer' }));
      const own = spawnSync(process.execPath, [cli, 'translate', '--config', good], {
        input: JSON.stringify(sqsCall('a', 'fixer')),
        encoding: 'utf8',
      });
      expect(own.status).to.equal(0);
      expect(own.stdout).to.equal('');

      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ regions: ['nowhere'], accounts: [OWNER] }));
      const failed = spawnSync(process.execPath, [cli, 'translate', '--config', bad], {
        input: '',
        encoding: 'utf8',
      });
      expect(failed.status).to.equal(2);
      expect(failed.stderr).to.contain('settings.regions[0]: "nowhere" is not an AWS region code');
    });
  });
});
