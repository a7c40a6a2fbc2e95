import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AwsSecurityFinding,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { findingId } from '../../src/runtime/findings/finding';
import { manifestOf } from '../../src/runtime/types';
import type { ResourceMessage } from '../../src/runtime/contracts/message';
import { runBuiltCli } from '../helpers/cli';
import { ACCOUNTS, HOME, REGIONS, awsEnv } from './aws';
import { e2e, summary } from './hooks';
import { type PolicyDocument, SETTINGS_BASE, type World, policy, seedWorld } from './world/index';
import { sqsSeeder } from './world/sqs';

/** Every finding of this package in Security Hub of one account and region, by Id. */
async function hubFindings(account: string, region: string): Promise<Map<string, AwsSecurityFinding>> {
  const client = e2e().accounts.client(SecurityHubClient, account, region);
  const found = new Map<string, AwsSecurityFinding>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new GetFindingsCommand({
        Filters: { GeneratorId: [{ Value: 'aws-remediation/', Comparison: 'PREFIX' }] },
        MaxResults: 100,
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    // moto ignores Filters (AWS applies them): the prefix is checked here as well.
    for (const f of page.Findings ?? [])
      if (f.GeneratorId?.startsWith('aws-remediation/')) found.set(f.Id!, f);
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

/** The Id of every check of every message: one finding each, failed or passed (no findings store). */
function expectedIds(messages: readonly ResourceMessage[], account: string, region: string): string[] {
  return messages
    .filter((m) => m.account === account && m.region === region)
    .flatMap((m) => manifestOf(m.type)!.checks.map((c) => findingId(c.id, m)))
    .sort();
}

describe('e2e: remediate with securityHub imports findings into Security Hub (moto)', function () {
  let world: World;
  let dir: string;
  let settingsFile: string;
  let messages: string;
  let env: NodeJS.ProcessEnv;

  const remediate = (input = messages) => {
    e2e().endpoint.clear();
    return runBuiltCli(['remediate', '--config', settingsFile], { env, input });
  };
  const all = async () => {
    const by = new Map<string, Map<string, AwsSecurityFinding>>();
    for (const account of ACCOUNTS)
      for (const region of REGIONS) by.set(`${account} ${region}`, await hubFindings(account, region));
    return by;
  };

  before(async function () {
    this.timeout(120_000);
    const { endpoint, accounts, reset } = e2e();
    await reset();
    // Queues of both accounts and both regions: public, mixed, compliant, excepted.
    world = await seedWorld(accounts, [sqsSeeder]);
    messages = world
      .messages()
      .map((m) => JSON.stringify(m))
      .join('\n');
    // As a member account would: Security Hub on in every account and region the package reports in.
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        await accounts.client(SecurityHubClient, account, region).send(new EnableSecurityHubCommand({}));
      }
    }
    dir = mkdtempSync(join(tmpdir(), 'e2e-securityhub-'));
    settingsFile = join(dir, 'settings.json');
    // A dry run: nothing is fixed; what reaches Security Hub is under test.
    writeFileSync(settingsFile, JSON.stringify({ ...SETTINGS_BASE, securityHub: true }));
    env = { PATH: process.env.PATH, ...awsEnv(endpoint.url) };
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports every check of every queue in its own account and region; a second run adds no duplicate', async () => {
    const msgs = world.messages() as ResourceMessage[];
    const first = await remediate();
    expect(first.code, first.stderr).to.equal(0);
    const imports = e2e().endpoint.calls.filter((c) => c.service === 'securityhub');
    const afterFirst = await all();
    const second = await remediate();
    expect(second.code, second.stderr).to.equal(0);
    const afterSecond = await all();

    let total = 0;
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const key = `${account} ${region}`;
        const ids = [...afterFirst.get(key)!.keys()].sort();
        expect(ids, key).to.deep.equal(expectedIds(msgs, account, region));
        expect(ids.length, key).to.be.greaterThan(0);
        expect([...afterSecond.get(key)!.keys()].sort(), `${key}: second run`).to.deep.equal(ids);
        total += ids.length;
        for (const f of afterSecond.get(key)!.values()) {
          expect(f.AwsAccountId, f.Id).to.equal(account);
          expect(f.ProductArn, f.Id).to.equal(
            `arn:aws:securityhub:${region}:${account}:product/${account}/default`,
          );
          expect(f.Resources?.[0]?.Region, f.Id).to.equal(region);
        }
      }
    }
    // Each failing check of the seeded world is FAILED; every other check PASSED.
    const failing = new Set(
      world.resources.flatMap((r) => r.findings.map((f) => findingId(f.check, r.message as ResourceMessage))),
    );
    for (const found of afterSecond.values()) {
      for (const f of found.values()) {
        expect(f.Compliance?.Status, f.Id).to.equal(failing.has(f.Id!) ? 'FAILED' : 'PASSED');
        expect(f.RecordState, f.Id).to.equal(failing.has(f.Id!) ? 'ACTIVE' : 'ARCHIVED');
      }
    }
    console.log(
      `      securityHub: ${total} findings in ${ACCOUNTS.length} accounts x ${REGIONS.length} regions, ${imports.length} BatchImportFindings calls`,
    );
    summary.push(
      `security hub: ${total} findings (${failing.size} failing) imported in ${ACCOUNTS.length * REGIONS.length} account-regions, ` +
        `${imports.length} BatchImportFindings calls in the first run; the second run left the same ${total} Ids`,
    );
  });

  it('a queue fixed out of band, audited again, turns its finding PASSED and ARCHIVED', async () => {
    const queue = world.find(
      (r) =>
        r.label.startsWith('sqs public') && r.message.account === ACCOUNTS[1] && r.message.region !== HOME,
    );
    const id = findingId('sqs.public', queue.message as ResourceMessage);
    const { account, region } = queue.message;
    expect((await hubFindings(account, region)).get(id)?.Compliance?.Status).to.equal('FAILED');
    const kept = (queue.initial as PolicyDocument).Statement.filter((s) => s.Sid !== 'Public');
    await e2e()
      .accounts.client(SQSClient, account, region)
      .send(
        new SetQueueAttributesCommand({
          QueueUrl: queue.message.id,
          Attributes: { Policy: JSON.stringify(policy(...kept)) },
        }),
      );

    const run = await remediate(JSON.stringify(queue.message));
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('');
    const after = (await hubFindings(account, region)).get(id);
    expect(after?.Compliance?.Status).to.equal('PASSED');
    expect(after?.RecordState).to.equal('ARCHIVED');
  });
});
