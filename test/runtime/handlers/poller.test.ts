import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parsePollTask, serializePollTask } from '../../../src/runtime/poller/task';
import { acceptBatchReply, assumeRoleReply, startFakeAws } from '../../helpers/fake-aws-server';
import { sqsRecord } from '../../helpers/sqs';

const ACCOUNT = '111111111111';
const dist = resolve(__dirname, '..', '..', '..', 'dist', 'lambda');

describe('handlers: poller bundles (dist/lambda/poll-planner, dist/lambda/poll-worker)', function () {
  const saved = { ...process.env };
  before(function () {
    if (!existsSync(join(dist, 'poll-worker', 'index.js'))) this.skip(); // `npm test` builds first
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  function environment(url: string, extra: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'poller-'));
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ regions: ['eu-west-1', 'us-east-1'], accounts: [ACCOUNT] }),
    );
    Object.assign(process.env, {
      REMEDIATION_SETTINGS_FILE: join(dir, 'settings.json'),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...extra,
    });
  }

  it('planner: sends one task per account and region to the poll queue', async () => {
    const server = await startFakeAws({ 'sqs.SendMessageBatch': acceptBatchReply });
    environment(server.url, { POLL_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/poll' });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(join(dist, 'poll-planner', 'index.js')) as {
        handler: () => Promise<unknown>;
      };
      expect(await handler()).to.deep.equal({ accounts: 1, tasks: 2, calls: 1 });
      const [batch] = server.received;
      const tasks = (batch!.body.Entries as { MessageBody: string }[]).map((e) =>
        parsePollTask(e.MessageBody),
      );
      expect(tasks).to.deep.equal([
        { account: ACCOUNT, region: 'eu-west-1', global: true, onlyTestResources: false },
        { account: ACCOUNT, region: 'us-east-1', global: false, onlyTestResources: false },
      ]);
    } finally {
      await server.close();
    }
  });

  it('worker: lists with the member role, sends what it found, and completes despite failing listings', async () => {
    // Only SQS answers ListQueues; every other listing gets an error from this endpoint.
    const queues = [
      `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/orders`,
      `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/billing`,
    ];
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.ListQueues': () => ({ json: { QueueUrls: queues } }),
      'sqs.SendMessageBatch': acceptBatchReply,
    });
    environment(server.url, {
      RESOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/resources',
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(join(dist, 'poll-worker', 'index.js')) as {
        handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
      };
      const task = serializePollTask({
        account: ACCOUNT,
        region: 'us-east-1',
        global: false,
        onlyTestResources: false,
      });
      const result = await handler({ Records: [sqsRecord(task, 't-1')] });

      expect(result).to.deep.equal({ batchItemFailures: [] });
      const listings = server.received.filter((r) => r.operation === 'ListQueues');
      expect(listings.map((r) => r.accessKeyId)).to.deep.equal(['ASIAMEMBER']);
      const sent = server.received
        .filter((r) => r.operation === 'SendMessageBatch')
        .flatMap((r) => (r.body.Entries as { MessageBody: string }[]).map((e) => JSON.parse(e.MessageBody)));
      expect(sent.map((m) => [m.type, m.id])).to.have.deep.members([
        ['sqs', queues[0]],
        ['sqs', queues[1]],
        ['region', ''],
      ]);
      expect(server.received.filter((r) => r.service === 'iam' || r.service === 's3')).to.deep.equal([]);
    } finally {
      await server.close();
    }
  });
});
