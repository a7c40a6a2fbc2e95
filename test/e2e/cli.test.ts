import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runBuiltCli } from '../helpers/cli';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ACCOUNTS, HOME, MASTER, REGIONS, awsEnv } from './aws';
import { takeAll } from './event-source';
import { e2e, summary } from './hooks';
import {
  type PrintedFinding,
  REMEDIATE,
  SETTINGS_BASE,
  type World,
  expectedFindings,
  findingLine,
  messageKey,
  seedWorld,
  sortMessages,
} from './world/index';

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Asserts that every resource without an applied fix still holds what it was seeded with. */
async function expectUntouched(world: World, except: ReadonlySet<string> = new Set()) {
  for (const r of world.resources) {
    if (except.has(messageKey(r.message))) continue;
    expect(await r.read(), `${r.label}: unchanged`).to.deep.equal(r.initial);
  }
}

describe('e2e: aws-remediation poll | remediate against moto (2 accounts x 2 regions)', function () {
  let world: World;
  let dir: string;
  let settingsFile: string;
  let messages: string;
  let dryRunFindings = 0;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[], input?: string) => {
    e2e().endpoint.clear();
    return runBuiltCli(args, { env, ...(input === undefined ? {} : { input }) });
  };

  before(async function () {
    this.timeout(120_000);
    const { endpoint, accounts, reset } = e2e();
    await reset();
    world = await seedWorld(accounts);
    dir = mkdtempSync(join(tmpdir(), 'e2e-cli-'));
    settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...SETTINGS_BASE, remediate: REMEDIATE }));
    env = { PATH: process.env.PATH, ...awsEnv(endpoint.url) };
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('poll lists every resource of both accounts and regions, global ones once, and sends no write', async () => {
    const run = await cli(['poll', '--config', settingsFile]);
    expect(run.code, run.stderr).to.equal(0);
    const printed = lines(run.stdout).map((l) => JSON.parse(l) as { account: string });
    expect(sortMessages(printed as never)).to.deep.equal(world.messages());
    expect(run.stderr).to.contain(
      `poll: ${ACCOUNTS.length} accounts x ${REGIONS.length} regions = 4 tasks, ${world.resources.length} messages`,
    );
    expect(e2e().endpoint.writes()).to.deep.equal([]);
    messages = run.stdout;
  });

  it('poll --queue-url sends the same messages to a queue, 10 per SendMessageBatch call', async () => {
    const sqs = e2e().accounts.client(SQSClient, MASTER, HOME);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'e2e-cli-resources' }));
    const run = await cli(['poll', '--config', settingsFile, '--queue-url', QueueUrl!]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('');
    const calls = Math.ceil(world.resources.length / 10);
    expect(run.stderr).to.contain(
      `${world.resources.length} messages; ${world.resources.length} sent in ${calls} SendMessageBatch calls\n`,
    );
    expect(e2e().endpoint.writes()).to.deep.equal(new Array(calls).fill('sqs.SendMessageBatch'));
    const bodies = (await takeAll(sqs, QueueUrl!)).map((m) => JSON.parse(m.Body!) as never);
    expect(sortMessages(bodies)).to.deep.equal(world.messages());
  });

  it('remediate (dry run) reports exactly the expected findings and changes nothing', async () => {
    const run = await cli(['remediate', '--config', settingsFile], messages);
    expect(run.code, run.stderr).to.equal(0);
    const findings = lines(run.stdout).map((l) => JSON.parse(l) as PrintedFinding);
    expect(findings.map(findingLine).sort()).to.deep.equal(expectedFindings(world, 'dry_run'));
    expect(run.stderr).to.contain(
      `remediate: ${world.resources.length} messages, ${world.resources.length} audited, ${findings.length} findings`,
    );
    expect(e2e().endpoint.writes(), 'write calls in a dry run').to.deep.equal([]);
    await expectUntouched(world);
    dryRunFindings = findings.length;
  });

  it('remediate --remediate applies every fix; each is read back, and the rest is untouched', async () => {
    const run = await cli(['remediate', '--config', settingsFile, '--remediate'], messages);
    expect(run.code, run.stderr).to.equal(0);
    const findings = lines(run.stdout).map((l) => JSON.parse(l) as PrintedFinding);
    expect(findings.map(findingLine).sort()).to.deep.equal(expectedFindings(world, 'applied'));
    for (const f of findings.filter((x) => x.remediation.status === 'applied')) {
      expect(f.before, `${findingLine(f)}: before`).to.not.equal(undefined);
    }

    // Each fix, read back from the server.
    const fixed = world.fixable;
    for (const r of fixed) r.verifyFixed!(await r.read(), r.initial);
    // Legitimate statements, grants, compliant and excepted resources: as seeded.
    await expectUntouched(world, new Set(fixed.map((r) => messageKey(r.message))));

    const applied = findings.filter((f) => f.remediation.status === 'applied').length;
    const untouched = world.resources.filter((r) => r.message.type !== 'region').length - fixed.length;
    summary.push(
      `CLI: ${world.seeded.length} resources seeded in ${ACCOUNTS.length} accounts x ${REGIONS.length} regions ` +
        `(${world.resources.length} messages with the server's own); dry run: ${dryRunFindings} findings, ` +
        `no write; --remediate: ${applied} fixes on ${fixed.length} resources read back and verified, ` +
        `${untouched} other resources read back unchanged`,
    );
  });

  it('the next audit finds only what has no automatic fix and the excepted resources', async () => {
    const run = await cli(['remediate', '--config', settingsFile], messages);
    expect(run.code, run.stderr).to.equal(0);
    const findings = lines(run.stdout).map((l) => JSON.parse(l) as PrintedFinding);
    expect(findings.map(findingLine).sort()).to.deep.equal(expectedFindings(world, 'after_fixes'));
    expect(e2e().endpoint.writes()).to.deep.equal([]);
  });
});
