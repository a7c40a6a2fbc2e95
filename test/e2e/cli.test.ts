import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
  type Resource,
  SETTINGS_BASE,
  type World,
  expectMentions,
  expectUnchanged,
  expectedFindings,
  findingLine,
  messageKey,
  seedWorld,
  sortMessages,
} from './world/index';

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Asserts that every resource without an applied fix still holds what it was seeded with. */
async function expectUntouched(world: World, except: ReadonlySet<string> = new Set()) {
  await Promise.all(world.resources.filter((r) => !except.has(messageKey(r.message))).map(expectUnchanged));
}

/** Runs `tasks` with at most `limit` of them at once; the results in the order of the tasks. */
async function inTurn<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
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
    expectMentions(world, findings);
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
    await Promise.all(fixed.map(async (r) => r.verifyFixed!(await r.read(), r.initial)));
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

  it('check-policy judges policies read back from the server: public before their fix, not public after', async function () {
    this.timeout(60_000);
    // Each run is a process of its own: one account, and one region per type (the second; global
    // types only have the home region). The other account's and region's policies differ in ids only.
    const account = ACCOUNTS[1];
    const regionOf = (type: string) =>
      world.resources.some((r) => r.message.type === type && r.message.region === REGIONS[1])
        ? REGIONS[1]
        : HOME;
    const cases = world.resources.filter(
      (r) => r.policy && r.message.account === account && r.message.region === regionOf(r.message.type),
    );
    expect(cases.map((r) => r.message.type).sort()).to.deep.equal([
      'iam_role',
      'iam_role',
      'kms_key',
      'kms_key',
      's3_bucket',
      's3_bucket',
      'sqs',
      'sqs',
    ]);
    // A public one as read back right after seeding, and every one as read back after the fixes
    // (a policy that is not public is then also as seeded): the Sids check-policy must call public.
    const runs: { r: Resource; when: string; state: unknown; expected: readonly string[] }[] = [];
    for (const r of cases) {
      const { publicStatements } = r.policy!;
      if (publicStatements.length > 0)
        runs.push({ r, when: 'as seeded', state: r.initial, expected: publicStatements });
      runs.push({ r, when: 'after the fixes', state: await r.read(), expected: [] });
    }
    e2e().endpoint.clear();
    const judged = await inTurn(
      runs.map(({ r, when, state, expected }) => async () => {
        const document = r.policy!.of(state);
        expect(document, `${r.label} ${when}: policy`).to.not.equal(null);
        const run = await runBuiltCli(
          ['check-policy', '--type', r.message.type, '--account', r.message.account],
          { env, input: JSON.stringify(document) },
        );
        const what = `check-policy: ${r.label} ${when}`;
        expect(run.code, `${what}: exit code\n${run.stderr}`).to.equal(expected.length > 0 ? 3 : 0);
        const verdict = JSON.parse(run.stdout) as {
          public: boolean;
          statements: { sid?: string; public: boolean }[];
        };
        expect(verdict.public, what).to.equal(expected.length > 0);
        expect(
          verdict.statements.filter((s) => s.public).map((s) => s.sid),
          what,
        ).to.deep.equal(expected);
        return expected.length > 0;
      }),
      availableParallelism(),
    );
    // The judgement is offline: no call reached the server.
    expect(e2e().endpoint.calls, 'calls of check-policy').to.deep.equal([]);

    const withPolicy = world.resources.filter((r) => r.policy);
    const mixed = withPolicy.filter((r) => r.policy!.publicStatements.length > 0).length;
    summary.push(
      `policies: ${mixed} mixing legitimate and public principals in one statement, fixed and read back ` +
        `exactly as expected; ${withPolicy.length - mixed} that look open but are not public: no finding, ` +
        `read back as written; check-policy on ${cases.length} of them as read back (${judged.length} runs): ` +
        `${judged.filter(Boolean).length} public as seeded, all ${cases.length} not public after the fixes`,
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
