import { existsSync } from 'node:fs';
import type { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { TABLE_ACTIONS, findingsFilter, runFindings, verifyTable } from '../../src/cli/findings';
import { runRemediate } from '../../src/cli/remediate';
import { UsageError } from '../../src/runtime/errors';
import { notificationFor } from '../../src/runtime/findings/finding';
import { MemoryFindingStore, recordAudit } from '../../src/runtime/findings/store';
import { SnsNotifier } from '../../src/runtime/remediator/notify';
import { FakeAws, awsError, watched } from '../helpers/aws';
import { BUILT_CLI, captureIO, runBuiltCli } from '../helpers/cli';
import { startFakeAws } from '../helpers/fake-aws-server';
import { finding, queueMessage, recordingSns } from '../helpers/findings';
import { ACCOUNT, policy, publicStatement, resource, settingsWith } from '../helpers/resources';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from '../runtime/types/sqs/fixtures';

const TABLE = 'remediation-findings';
const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:remediation-findings';
const ACTIVE = {
  TableName: TABLE,
  TableStatus: 'ACTIVE',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
} as const;

const describer = (answer: () => unknown) => ({
  inputs: [] as unknown[],
  async send(command: DescribeTableCommand) {
    this.inputs.push(command.input);
    return { Table: answer() as never };
  },
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('cli: findings', () => {
  describe('the filter', () => {
    it('takes a status, an account id and a check id', () => {
      expect(findingsFilter({ status: 'open', account: ACCOUNT, check: 'sqs.public' })).to.deep.equal({
        status: 'open',
        account: ACCOUNT,
        check: 'sqs.public',
      });
      expect(findingsFilter({})).to.deep.equal({});
    });

    it('refuses an unknown check in one line, naming the checks of its type when the type exists', () => {
      expect(() => findingsFilter({ check: 'sqs.publik' })).to.throw(
        UsageError,
        /^--check sqs\.publik: not a check id; the checks of sqs are sqs\.public, sqs\.shared_unknown_account$/,
      );
      expect(() => findingsFilter({ check: 's3_bucket' })).to.throw(
        UsageError,
        /^--check s3_bucket: not a check id; the checks of s3_bucket are s3_bucket\.public, s3_bucket\.shared_unknown_account, s3_bucket\.no_tls_enforcement, s3_bucket\.no_encryption_enforcement, s3_bucket\.missing_tags$/,
      );
      expect(() => findingsFilter({ check: 'bucket.public' })).to.throw(
        UsageError,
        "--check bucket.public: not a check id; a check id is <type>.<name>, like sqs.public or s3_bucket.public (the README's checks table lists them)",
      );
      expect(() => findingsFilter({ account: '1111' })).to.throw(
        UsageError,
        '--account 1111: not an AWS account id (12 digits, like 123456789012)',
      );
    });
  });

  describe('the table check', () => {
    it('passes an active table of partition key id (a string), asking DescribeTable once', async () => {
      const dynamodb = describer(() => ACTIVE);
      await verifyTable(dynamodb, TABLE, 'eu-west-1', 'remediate');
      expect(dynamodb.inputs).to.deep.equal([{ TableName: TABLE }]);
      await verifyTable(
        describer(() => ({ ...ACTIVE, TableStatus: 'UPDATING' })),
        TABLE,
        'eu-west-1',
        'findings',
      );
    });

    it('says in one line what to change when the table is missing, refused, of another key or not ready', async () => {
      const failing = (error: Error) => ({
        send: async () => {
          throw error;
        },
      });
      const cases: [Parameters<typeof verifyTable>[0], keyof typeof TABLE_ACTIONS, string][] = [
        [
          failing(
            awsError('ResourceNotFoundException', 'Requested resource not found: Table: nope not found'),
          ),
          'remediate',
          `--table ${TABLE}: no such DynamoDB table in eu-west-1 in your credentials' account; give the name of the RemediationMaster's findings table (or create one with partition key id, a string), and set AWS_REGION to its region`,
        ],
        [
          failing(awsError('AccessDeniedException', 'not authorized to perform: dynamodb:DescribeTable')),
          'findings',
          `--table ${TABLE}: your credentials may not use it (AccessDeniedException: not authorized to perform: dynamodb:DescribeTable); findings --table needs dynamodb:DescribeTable and dynamodb:Scan on the table`,
        ],
        [
          failing(awsError('AccessDeniedException', 'no')),
          'remediate',
          `--table ${TABLE}: your credentials may not use it (AccessDeniedException: no); remediate --table needs dynamodb:DescribeTable, dynamodb:BatchGetItem and dynamodb:PutItem on the table`,
        ],
        [
          describer(() => ({
            ...ACTIVE,
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
          })),
          'remediate',
          `--table ${TABLE}: not a findings table (it has partition key pk, sort key sk); the findings store needs partition key id, a string, and no sort key`,
        ],
        [
          describer(() => ({
            ...ACTIVE,
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
          })),
          'remediate',
          `--table ${TABLE}: not a findings table (it has partition key id of type N); the findings store needs partition key id, a string, and no sort key`,
        ],
        [
          failing(
            Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
              code: 'ECONNREFUSED',
              hostname: '127.0.0.1',
            }),
          ),
          'remediate',
          'cannot reach AWS 127.0.0.1 (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566): check your network or proxy, and AWS_ENDPOINT_URL if you set it; AWS_REMEDIATION_CONNECTION_TIMEOUT_MS and AWS_REMEDIATION_REQUEST_TIMEOUT_MS set the timeouts',
        ],
        [
          describer(() => ({ ...ACTIVE, TableStatus: 'CREATING' })),
          'remediate',
          `--table ${TABLE}: the table is CREATING; wait until it is ACTIVE`,
        ],
      ];
      for (const [dynamodb, command, message] of cases) {
        const error = await refusal(verifyTable(dynamodb, TABLE, 'eu-west-1', command));
        expect(error).to.be.instanceOf(UsageError);
        expect(error.message).to.equal(message);
      }
    });
  });

  it('prints each stored finding that matches as one JSON line, and a count on stderr', async () => {
    const store = new MemoryFindingStore();
    const options = { now: new Date('2026-11-22T12:00:00Z'), retentionDays: 90 };
    const other = queueMessage(`${QUEUE_URL}-2`);
    await recordAudit(store, { resource: queueMessage(), findings: [finding()], passedChecks: [] }, options);
    await recordAudit(
      store,
      { resource: other, findings: [finding({ resource: other })], passedChecks: [] },
      options,
    );
    await recordAudit(store, { resource: other, findings: [], passedChecks: ['sqs.public'] }, options);
    const captured = captureIO('');
    const code = await runFindings(captured.io, { store, table: TABLE, filter: { status: 'open' } });
    expect(code).to.equal(0);
    expect(captured.stdout()).to.equal(`${JSON.stringify(store.items.get(finding().id))}\n`);
    expect(captured.stderr()).to.equal(`findings: 1 finding in table ${TABLE} (status open)\n`);
  });
});

describe('cli: remediate --table', () => {
  const openQueue = () => sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) });

  it('prints every finding each run, publishes only changes, and sums the changes up on stderr', async () => {
    const settings = settingsWith();
    const store = new MemoryFindingStore();
    const sns = recordingSns();
    const input = `${JSON.stringify(resource('sqs', QUEUE_URL))}\n${JSON.stringify(resource('sqs', `${QUEUE_URL}-2`))}\n`;
    let world = openQueue();
    const run = async () => {
      const aws = new FakeAws(world);
      watched.push({ aws, settings });
      const captured = captureIO(input);
      sns.published.length = 0;
      const code = await runRemediate(captured.io, {
        settings,
        clients: aws,
        notifier: new SnsNotifier(sns, TOPIC),
        store: { store, table: TABLE, retentionDays: 30 },
      });
      const printed = captured
        .stdout()
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
      return { code, printed, stderr: captured.stderr(), published: [...sns.published] };
    };

    const first = await run();
    const second = await run();
    world = sqsWorld({ policy: policy() });
    const third = await run();

    expect([first.code, second.code, third.code]).to.deep.equal([0, 0, 0]);
    expect(first.printed.map((f) => f.resource.id)).to.have.members([QUEUE_URL, `${QUEUE_URL}-2`]);
    expect(first.published).to.have.deep.members(
      first.printed.map((f) => notificationFor({ ...f, change: 'new' }, TOPIC)),
    );
    expect(first.stderr).to.equal(
      `remediate: 2 messages, 2 audited, 2 findings\n  sqs.public: 2 dry_run\nremediate: 2 changes in table ${TABLE}: 2 new\n`,
    );
    // The same findings again: all printed (stdout is what undo and other tools read), none published.
    expect(second.printed.map((f) => f.resource.id)).to.have.members([QUEUE_URL, `${QUEUE_URL}-2`]);
    expect(second.published).to.deep.equal([]);
    expect(second.stderr).to.equal(
      `remediate: 2 messages, 2 audited, 2 findings\n  sqs.public: 2 dry_run\nremediate: 0 changes in table ${TABLE}\n`,
    );
    expect(third.printed).to.deep.equal([]);
    expect(third.published.map((p) => p.MessageAttributes?.change?.StringValue)).to.deep.equal([
      'resolved',
      'resolved',
    ]);
    expect(third.stderr).to.equal(
      `remediate: 2 messages, 2 audited, 0 findings\nremediate: 2 changes in table ${TABLE}: 2 resolved\n`,
    );
    const stored = [...store.items.values()];
    expect(stored.map((s) => s.status)).to.deep.equal(['resolved', 'resolved']);
    const resolvedAt = Date.parse(stored[0]!.resolvedAt!) / 1000;
    expect(stored[0]!.expiresAt).to.equal(Math.floor(resolvedAt) + 30 * 86_400);
  });
});

describe('cli: findings and remediate --table, built CLI against a loopback DynamoDB endpoint', function () {
  before(function () {
    if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
  });

  const env = (url: string) => ({
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  it('remediate --table of a table that does not exist stops with one line, exit 2, before any audit', async () => {
    const server = await startFakeAws({
      'dynamodb.DescribeTable': (body) => ({
        json: {
          __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
          message: `Requested resource not found: Table: ${String(body.TableName)} not found`,
        },
        status: 400,
      }),
    });
    try {
      const result = await runBuiltCli(['remediate', '--no-assume-role', '--table', 'nope'], {
        input: `${JSON.stringify(resource('sqs', QUEUE_URL))}\n`,
        env: env(server.url),
      });
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal(
        "aws-remediation: --table nope: no such DynamoDB table in eu-west-1 in your credentials' account; give the name of the RemediationMaster's findings table (or create one with partition key id, a string), and set AWS_REGION to its region\n",
      );
      expect(server.received.map((r) => `${r.service}.${r.operation}`)).to.deep.equal([
        'dynamodb.DescribeTable',
      ]);
    } finally {
      await server.close();
    }
  });

  it('findings --table prints the stored findings the scan returns, filtered in the scan', async () => {
    const store = new MemoryFindingStore();
    await recordAudit(
      store,
      { resource: queueMessage(), findings: [finding()], passedChecks: [] },
      { now: new Date('2026-11-22T12:00:00Z'), retentionDays: 90 },
    );
    const item = store.items.get(finding().id)!;
    const server = await startFakeAws({
      'dynamodb.DescribeTable': () => ({ json: { Table: ACTIVE } }),
      'dynamodb.Scan': () => ({
        json: { Items: [marshall(item, { removeUndefinedValues: true })], Count: 1 },
      }),
    });
    try {
      const result = await runBuiltCli(
        ['findings', '--table', TABLE, '--status', 'open', '--check', 'sqs.public'],
        { env: env(server.url) },
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(`${JSON.stringify(item)}\n`);
      expect(result.stderr).to.equal(
        `findings: 1 finding in table ${TABLE} (status open, check sqs.public)\n`,
      );
      const scan = server.received.find((r) => r.operation === 'Scan')!;
      expect(scan.body).to.deep.equal({
        TableName: TABLE,
        FilterExpression: '#status = :status AND #check = :check',
        ExpressionAttributeNames: { '#status': 'status', '#check': 'check' },
        ExpressionAttributeValues: { ':status': { S: 'open' }, ':check': { S: 'sqs.public' } },
      });
    } finally {
      await server.close();
    }
  });

  it('findings refuses an unknown check or status with exit 2, before any call', async () => {
    const server = await startFakeAws({});
    try {
      const check = await runBuiltCli(['findings', '--table', TABLE, '--check', 'sqs.publik'], {
        env: env(server.url),
      });
      expect(check.code).to.equal(2);
      expect(check.stderr).to.equal(
        'aws-remediation: --check sqs.publik: not a check id; the checks of sqs are sqs.public, sqs.shared_unknown_account\n',
      );
      const status = await runBuiltCli(['findings', '--table', TABLE, '--status', 'closed'], {
        env: env(server.url),
      });
      expect(status.code).to.equal(2);
      expect(status.stderr.split('\n')[0]).to.equal(
        "error: option '--status <status>' argument 'closed' is invalid. Allowed choices are open, resolved, excepted.",
      );
      expect(server.received).to.deep.equal([]);
    } finally {
      await server.close();
    }
  });
});
