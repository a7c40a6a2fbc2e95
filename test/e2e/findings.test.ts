import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, type Message, SQSClient, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import type { StoredFinding } from '../../src/runtime/findings/lifecycle';
import { runBuiltCli } from '../helpers/cli';
import { ACCOUNTS, HOME, MASTER, awsEnv } from './aws';
import { takeAll } from './event-source';
import { e2e, summary } from './hooks';
import {
  type PolicyDocument,
  type PrintedFinding,
  SETTINGS_BASE,
  type World,
  expectedFindings,
  findingLine,
  messageKey,
  policy,
  seedWorld,
} from './world/index';
import { s3Seeder } from './world/s3';
import { sqsSeeder } from './world/sqs';

const TABLE = 'e2e-findings';
const RETENTION_DAYS = 7;

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** A printed finding, with the id the store keys it by. */
type Printed = PrintedFinding & { readonly id: string };

/** A notification as the capture queue receives it (raw delivery): the change, and the finding in its body. */
function notified(m: Message): { change: string | undefined; finding: Printed } {
  const body = m.Body ?? '';
  return {
    change: m.MessageAttributes?.change?.StringValue,
    finding: JSON.parse(body.slice(body.indexOf('\n{\n') + 1)) as Printed,
  };
}

describe('e2e: remediate --table and findings against moto (the findings store in DynamoDB)', function () {
  let world: World;
  let dir: string;
  let settingsFile: string;
  let messages: string;
  let topicArn: string;
  let captureUrl: string;
  let sqs: SQSClient;
  let documents: DynamoDBDocumentClient;
  let env: NodeJS.ProcessEnv;
  /** The findings printed by the latest run. */
  let printed: Printed[] = [];

  const cli = (args: string[], input?: string) => {
    e2e().endpoint.clear();
    return runBuiltCli(args, { env, ...(input === undefined ? {} : { input }) });
  };
  const remediate = (...extra: string[]) =>
    cli(
      ['remediate', '--config', settingsFile, '--table', TABLE, '--topic-arn', topicArn, ...extra],
      messages,
    );
  const notifications = async () => (await takeAll(sqs, captureUrl)).map(notified);

  before(async function () {
    this.timeout(120_000);
    const { endpoint, accounts, reset } = e2e();
    await reset();
    // Buckets and queues of both accounts (and both regions for queues): public, mixed, compliant, excepted.
    world = await seedWorld(accounts, [s3Seeder, sqsSeeder]);
    messages = world
      .messages()
      .map((m) => JSON.stringify(m))
      .join('\n');

    // The security account's side: the findings table (as RemediationMaster makes it: partition key
    // id, TTL on expiresAt), and the findings topic with a queue subscribed that the test reads.
    const dynamodb = accounts.client(DynamoDBClient, MASTER, HOME);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    documents = DynamoDBDocumentClient.from(dynamodb);
    sqs = accounts.client(SQSClient, MASTER, HOME);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'e2e-findings-table-capture' }));
    captureUrl = QueueUrl!;
    const sns = accounts.client(SNSClient, MASTER, HOME);
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'e2e-findings-table' }))).TopicArn!;
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:${HOME}:${MASTER}:e2e-findings-table-capture`,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );

    dir = mkdtempSync(join(tmpdir(), 'e2e-findings-'));
    settingsFile = join(dir, 'settings.json');
    // A dry run: nothing is fixed; the findings table and the notifications are what is under test.
    writeFileSync(settingsFile, JSON.stringify(SETTINGS_BASE));
    env = { PATH: process.env.PATH, ...awsEnv(endpoint.url) };
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a table that does not exist with one line and exit 2, before any audit', async () => {
    const run = await cli(['remediate', '--config', settingsFile, '--table', 'no-such-table'], messages);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `aws-remediation: --table no-such-table: no such DynamoDB table in ${HOME} in your credentials' account; give the name of the RemediationMaster's findings table (or create one with partition key id, a string), and set AWS_REGION to its region\n`,
    );
    expect(e2e().endpoint.calls.map((c) => `${c.service}.${c.operation}`)).to.deep.equal([
      'dynamodb.DescribeTable',
    ]);
  });

  it('the first run publishes every finding as new; a second identical run publishes nothing', async () => {
    // Act: the same messages, twice.
    const first = await remediate();
    const firstNotifications = await notifications();
    const second = await remediate();
    const secondNotifications = await notifications();

    // Assess: both runs print every finding of the audit.
    const expected = expectedFindings(world, 'dry_run');
    for (const run of [first, second]) {
      expect(run.code, run.stderr).to.equal(0);
      const findings = lines(run.stdout).map((l) => JSON.parse(l) as Printed);
      expect(findings.map(findingLine).sort()).to.deep.equal(expected);
    }
    printed = lines(second.stdout).map((l) => JSON.parse(l) as Printed);
    const n = expected.length;
    expect(n).to.be.greaterThan(0);
    expect(firstNotifications.map((x) => `${x.change} ${findingLine(x.finding)}`).sort()).to.deep.equal(
      expected.map((f) => `new ${f}`).sort(),
    );
    expect(first.stderr).to.contain(`remediate: ${n} changes in table ${TABLE}: ${n} new\n`);
    expect(first.stderr).to.contain(
      `remediate: findings table ${TABLE} (${HOME}), resolved findings kept 90 days; only changes are published (notify: changes)\n`,
    );
    expect(secondNotifications).to.deep.equal([]);
    expect(second.stderr).to.contain(`remediate: 0 changes in table ${TABLE}\n`);
    // The second run wrote each finding once (its last sighting), and published nothing.
    const writes = e2e().endpoint.writes().sort();
    expect(writes).to.deep.equal(new Array(n).fill('dynamodb.PutItem'));

    const excepted = world.resources.filter((r) => r.excepted).flatMap((r) => r.findings).length;
    console.log(
      `      remediate --table, ${n} findings: first run ${firstNotifications.length} notifications, second identical run ${secondNotifications.length} notifications`,
    );
    summary.push(
      `findings table: ${n} findings (${excepted} excepted) stored by the first remediate --table run, ` +
        `${firstNotifications.length} notifications; second identical run: ${secondNotifications.length} notifications`,
    );
  });

  it('a resource fixed out of band is resolved once: one notification, stored resolved with expiresAt', async () => {
    // Prepare: the public statement of one queue goes, by hand; its legitimate statements stay.
    const queue = world.find(
      (r) =>
        r.label.startsWith('sqs public') && r.message.account === ACCOUNTS[0] && r.message.region === HOME,
    );
    const kept = (queue.initial as PolicyDocument).Statement.filter((s) => s.Sid !== 'Public');
    expect(kept).to.have.length(2);
    const owner = e2e().accounts.client(SQSClient, queue.message.account, queue.message.region);
    await owner.send(
      new SetQueueAttributesCommand({
        QueueUrl: queue.message.id,
        Attributes: { Policy: JSON.stringify(policy(...kept)) },
      }),
    );
    const was = printed.find((f) => f.check === 'sqs.public' && f.resource.id === queue.message.id)!;
    expect(was, 'the queue had a finding').to.not.equal(undefined);

    // Act
    const startedAt = Math.floor(Date.now() / 1000);
    const run = await remediate('--retention-days', String(RETENTION_DAYS));
    const endedAt = Math.ceil(Date.now() / 1000);
    const sent = await notifications();

    // Assess: every other finding is still printed; exactly one notification, the resolution.
    expect(run.code, run.stderr).to.equal(0);
    const findings = lines(run.stdout).map((l) => JSON.parse(l) as Printed);
    expect(findings.map(findingLine).sort()).to.deep.equal(
      expectedFindings(world, 'dry_run').filter((l) => l !== findingLine(was)),
    );
    expect(sent.map((x) => [x.change, x.finding.id, findingLine(x.finding)])).to.deep.equal([
      ['resolved', was.id, findingLine(was)],
    ]);
    expect(run.stderr).to.contain(`remediate: 1 change in table ${TABLE}: 1 resolved\n`);
    const { Item } = await documents.send(
      new GetCommand({ TableName: TABLE, Key: { id: was.id }, ConsistentRead: true }),
    );
    const item = Item as StoredFinding;
    expect(item.status).to.equal('resolved');
    expect(item.resourceId).to.equal(queue.message.id);
    expect(item.version).to.equal(3);
    expect(item.expiresAt).to.be.a('number');
    expect(item.expiresAt).to.be.within(
      startedAt + RETENTION_DAYS * 86_400,
      endedAt + RETENTION_DAYS * 86_400,
    );
    expect(Date.parse(item.resolvedAt!) / 1000).to.be.within(startedAt, endedAt);
    printed = findings;
  });

  it('findings --table --status open lists the open findings as JSON lines', async () => {
    const open = await cli(['findings', '--table', TABLE, '--status', 'open']);
    expect(open.code, open.stderr).to.equal(0);
    const items = lines(open.stdout).map((l) => JSON.parse(l) as StoredFinding);
    const key = (f: { account: string; region: string; type: string; resourceId: string; check: string }) =>
      `${messageKey({ ...f, id: f.resourceId })} ${f.check}`;
    const excepted = new Set(world.resources.filter((r) => r.excepted).map((r) => messageKey(r.message)));
    const expectedOpen = printed
      .filter((f) => !excepted.has(messageKey(f.resource)))
      .map((f) => `${messageKey(f.resource)} ${f.check}`)
      .sort();
    expect(expectedOpen.length).to.be.greaterThan(0);
    expect(items.map(key).sort()).to.deep.equal(expectedOpen);
    expect(new Set(items.map((i) => i.status))).to.deep.equal(new Set(['open']));
    expect(items.every((i) => i.expiresAt === undefined)).to.equal(true);
    expect(open.stderr).to.equal(`findings: ${items.length} findings in table ${TABLE} (status open)\n`);

    const resolved = await cli([
      'findings',
      '--table',
      TABLE,
      '--status',
      'resolved',
      '--check',
      'sqs.public',
    ]);
    expect(resolved.code, resolved.stderr).to.equal(0);
    expect(lines(resolved.stdout).map((l) => (JSON.parse(l) as StoredFinding).status)).to.deep.equal([
      'resolved',
    ]);
    const exceptedRun = await cli(['findings', '--table', TABLE, '--status', 'excepted']);
    expect(
      lines(exceptedRun.stdout)
        .map((l) => key(JSON.parse(l) as StoredFinding))
        .sort(),
    ).to.deep.equal(
      printed
        .filter((f) => excepted.has(messageKey(f.resource)))
        .map((f) => `${messageKey(f.resource)} ${f.check}`)
        .sort(),
    );
    // Listing reads only.
    expect(e2e().endpoint.writes()).to.deep.equal([]);
  });
});
