import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollSettings, runPoll, verifyQueue } from '../../src/cli/poll';
import { queueRegion } from '../../src/runtime/queue/url';
import { parseResourceMessageJson } from '../../src/runtime/contracts/message';
import { UsageError } from '../../src/runtime/errors';
import { FakeAws, awsError } from '../helpers/aws';
import { captureIO } from '../helpers/cli';
import { pollWorld } from '../helpers/poll-world';
import { settingsWith } from '../helpers/resources';
import { stubSqs } from '../helpers/sqs';

async function run(
  aws: FakeAws,
  options: {
    queue?: boolean;
    onlyTestResources?: boolean;
    sqs?: ReturnType<typeof stubSqs>;
    verify?: () => Promise<void>;
  } = {},
) {
  const captured = captureIO('');
  const sqs = options.sqs ?? stubSqs();
  const code = await runPoll(captured.io, {
    settings: settingsWith({
      accounts: ['111111111111', '222222222222'],
      regions: ['us-east-1', 'eu-west-1'],
    }),
    clients: aws,
    ...(options.queue
      ? {
          queue: {
            sqs,
            url: 'https://sqs.eu-west-1.amazonaws.com/000000000000/resources',
            ...(options.verify ? { verify: options.verify } : {}),
          },
        }
      : {}),
    ...(options.onlyTestResources ? { onlyTestResources: true } : {}),
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), sqs };
}

describe('cli: poll', () => {
  it('prints one message per line and progress of account x region on stderr', async () => {
    const result = await run(new FakeAws(pollWorld(() => ({ sqs: 2, iam_role: 1 }))));
    expect(result.code).to.equal(0);
    const messages = result.stdout.trim().split('\n').map(parseResourceMessageJson);
    // 4 tasks x (2 queues + region) + 2 accounts x 1 role (first region only)
    expect(messages).to.have.length(14);
    expect(messages.filter((m) => m.type === 'iam_role').map((m) => m.region)).to.deep.equal([
      'us-east-1',
      'us-east-1',
    ]);
    const progress = result.stderr.trim().split('\n');
    expect(
      progress.filter((l) => /^poll: \d\/4 \d{12} [a-z]+-[a-z]+-\d: \d+ messages$/.test(l)),
    ).to.have.length(4);
    expect(progress.at(-1)).to.equal('poll: 2 accounts x 2 regions = 4 tasks, 14 messages');
  });

  it('sends to a queue instead when one is given', async () => {
    const result = await run(new FakeAws(pollWorld(() => ({ sqs: 2 }))), { queue: true });
    expect(result.stdout).to.equal('');
    expect(result.sqs.inputs().flatMap((i) => i.Entries!)).to.have.length(12);
    expect(result.stderr).to.match(/12 messages; 12 sent in 2 SendMessageBatch calls\n$/);
  });

  it('says how many messages were not sent, and exits 1, when the queue rejects them', async () => {
    const rejecting = stubSqs((entries) => ({
      Successful: [],
      Failed: entries.map((e) => ({
        Id: e.Id!,
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message: 'rejected',
      })),
    }));
    const result = await run(new FakeAws(pollWorld(() => ({ sqs: 2 }))), { queue: true, sqs: rejecting });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(
      /12 messages; 0 sent in 2 SendMessageBatch calls, 12 NOT sent, 2 problems\n$/,
    );
  });

  it('checks the queue before sweeping, and sweeps nothing when it cannot be used', async () => {
    const aws = new FakeAws(pollWorld(() => ({ sqs: 2 })));
    let caught: unknown;
    await run(aws, {
      queue: true,
      verify: async () => {
        throw new UsageError('--queue-url x: no such queue');
      },
    }).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(UsageError);
    expect(aws.sent).to.deep.equal([]);
  });

  it('stops at a failure of the whole run and says it once (exit 2)', async () => {
    const world = pollWorld(() => ({ sqs: 1 }));
    world['SQS.ListQueues'] = () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    };
    const result = await run(new FakeAws(world));
    expect(result.code).to.equal(2);
    const failures = result.stderr.split('\n').filter((l) => l.startsWith('aws-remediation: '));
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/^aws-remediation: cannot reach AWS \(ECONNREFUSED/);
  });

  it('with --only-test-resources, still sends each account and region its region message', async () => {
    const result = await run(new FakeAws(pollWorld(() => ({ sqs: 2 }))), { onlyTestResources: true });
    const messages = result.stdout.trim().split('\n').map(parseResourceMessageJson);
    expect(messages.map((m) => [m.type, m.account, m.region])).to.have.deep.members([
      ['region', '111111111111', 'us-east-1'],
      ['region', '111111111111', 'eu-west-1'],
      ['region', '222222222222', 'us-east-1'],
      ['region', '222222222222', 'eu-west-1'],
    ]);
  });

  it('reports listing errors with the task, exits 1, and still prints the rest', async () => {
    const world = pollWorld(() => ({ sqs: 1 }));
    world['SQS.ListQueues'] = (_input: unknown, call: { account: string }) => {
      if (call.account === '222222222222')
        throw awsError('AccessDenied', 'Access to the resource is denied.', 403);
      return { QueueUrls: ['https://sqs.us-east-1.amazonaws.com/111111111111/q'] };
    };
    const result = await run(new FakeAws(world));
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(
      /poll: \d\/4 222222222222 us-east-1: 1 messages, 1 listing errors\n {2}sqs: AccessDenied: Access to the resource is denied\.\n/,
    );
    expect(result.stdout.trim().split('\n')).to.have.length(2 + 4);
  });
});

describe('cli: poll settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poll-settings-'));

  it('takes accounts and regions from the flags, replacing those of the file', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({ regions: ['eu-west-1'], accounts: ['111111111111'], memberRoleName: 'auditor' }),
    );
    expect(pollSettings({ config: file, regions: ['us-east-1'] })).to.deep.include({
      regions: ['us-east-1'],
      accounts: ['111111111111'],
      memberRoleName: 'auditor',
    });
    expect(pollSettings({ accounts: ['222222222222'], regions: ['ap-south-1'] })).to.deep.include({
      accounts: ['222222222222'],
      regions: ['ap-south-1'],
    });
  });

  it('says what is missing without a file', () => {
    expect(() => pollSettings({ accounts: ['222222222222'] })).to.throw(
      /settings\.regions: must list at least one region/,
    );
    expect(() => pollSettings({ regions: ['us-east-1'] })).to.throw(/no accounts to watch/);
  });

  it('reads the region of a queue URL', () => {
    expect(queueRegion('https://sqs.ap-southeast-2.amazonaws.com/123456789012/q')).to.equal('ap-southeast-2');
    expect(queueRegion('http://localhost:4566/000000000000/q')).to.equal(undefined);
  });
});

describe('cli: poll --queue-url check', () => {
  const url = 'https://sqs.eu-west-1.amazonaws.com/000000000000/nope';
  it('names the queue that does not exist', async () => {
    const sqs = {
      send: async () => {
        throw awsError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      },
    };
    let caught: unknown;
    await verifyQueue(sqs as never, url).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(UsageError);
    expect((caught as Error).message).to.equal(
      `--queue-url ${url}: no such queue in that account and region; check the URL (aws sqs get-queue-url --queue-name NAME)`,
    );
  });

  it('passes a queue that answers', async () => {
    const sqs = {
      send: async () => ({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:000000000000:nope' } }),
    };
    await verifyQueue(sqs as never, url);
  });
});
