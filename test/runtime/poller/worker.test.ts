import { expect } from 'chai';
import { parseResourceMessageJson } from '../../../src/runtime/contracts/message';
import { createPollWorkerHandler } from '../../../src/runtime/poller/worker';
import { serializePollTask } from '../../../src/runtime/poller/task';
import { FakeAws, awsError } from '../../helpers/aws';
import { MemoryLogger } from '../../helpers/logger';
import { pollWorld } from '../../helpers/poll-world';
import { sqsRecord, stubSqs } from '../../helpers/sqs';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-resources';
const taskRecord = (account: string, region: string, id: string, global = false) =>
  sqsRecord(serializePollTask({ account, region, global, onlyTestResources: false }), id);

describe('poller: worker function', () => {
  it('sweeps every task of the batch and sends their messages together, 10 per call', async () => {
    // 3 tasks x (4 queues + 1 region message) = 15 messages: 2 calls, not 3.
    const aws = new FakeAws(pollWorld(() => ({ sqs: 4 })));
    const sqs = stubSqs();
    const logger = new MemoryLogger();
    const handler = createPollWorkerHandler({ clients: aws, sqs, queueUrl: QUEUE, logger });
    const result = await handler({
      Records: [
        taskRecord('111111111111', 'eu-west-1', 'a'),
        taskRecord('111111111111', 'us-east-1', 'b'),
        taskRecord('222222222222', 'eu-west-1', 'c'),
      ],
    });
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(sqs.inputs().map((i) => i.Entries!.length)).to.deep.equal([10, 5]);
    const messages = sqs
      .inputs()
      .flatMap((i) => i.Entries!.map((e) => parseResourceMessageJson(e.MessageBody!)));
    expect(
      messages.filter((m) => m.type === 'region').map((m) => `${m.account} ${m.region}`),
    ).to.have.members(['111111111111 eu-west-1', '111111111111 us-east-1', '222222222222 eu-west-1']);
    expect(logger.of('info').map((e) => e.extra.counts)).to.deep.equal([
      { sqs: 4, region: 1 },
      { sqs: 4, region: 1 },
      { sqs: 4, region: 1 },
    ]);
  });

  it('stops listing before the function times out and fails only the tasks it could not finish', async () => {
    const world = pollWorld(() => ({ sqs: 2 }));
    const logger = new MemoryLogger();
    const sqs = stubSqs();
    const handler = createPollWorkerHandler({
      clients: new FakeAws(world),
      sqs,
      queueUrl: QUEUE,
      logger,
      deadlineMarginMs: 0,
    });
    // No time left at all: nothing can be listed.
    const result = await handler(
      { Records: [taskRecord('111111111111', 'eu-west-1', 'late')] },
      { getRemainingTimeInMillis: () => 0 },
    );
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: 'late' }]);
    expect(logger.of('warn').map((e) => e.message)).to.include(
      'poll task ran out of time; SQS will deliver it again',
    );
    // With time, the same task completes.
    const ok = await handler(
      { Records: [taskRecord('111111111111', 'eu-west-1', 'ok')] },
      { getRemainingTimeInMillis: () => 600_000 },
    );
    expect(ok.batchItemFailures).to.deep.equal([]);
  });

  it('fails a malformed task and completes the others', async () => {
    const handler = createPollWorkerHandler({
      clients: new FakeAws(pollWorld(() => ({}))),
      sqs: stubSqs(),
      queueUrl: QUEUE,
      logger: new MemoryLogger(),
    });
    const result = await handler({
      Records: [taskRecord('111111111111', 'eu-west-1', 'good'), sqsRecord('{"account":"1"}', 'bad')],
    });
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: 'bad' }]);
  });

  it('completes a task with a listing error, and logs it as a warning', async () => {
    const world = pollWorld(() => ({ sqs: 1 }));
    world['EC2.DescribeSecurityGroups'] = () => {
      throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    };
    const logger = new MemoryLogger();
    const handler = createPollWorkerHandler({
      clients: new FakeAws(world),
      sqs: stubSqs(),
      queueUrl: QUEUE,
      logger,
    });
    const result = await handler({ Records: [taskRecord('111111111111', 'eu-west-1', 'a')] });
    expect(result.batchItemFailures).to.deep.equal([]);
    const [warning] = logger.of('warn');
    expect(warning!.extra.errors).to.deep.equal([
      {
        types: ['security_group'],
        code: 'UnauthorizedOperation',
        message: 'UnauthorizedOperation: You are not authorized to perform this operation.',
      },
    ]);
  });

  it('fails exactly the tasks whose messages SQS did not take, so they are polled again', async () => {
    // SQS keeps failing, on its side, every message of account 222222222222 (task "b").
    const sqs = stubSqs((entries) => {
      const bad = (e: { MessageBody?: string }) => e.MessageBody!.includes('222222222222');
      return {
        Successful: entries
          .filter((e) => !bad(e))
          .map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: entries.filter(bad).map((e) => ({ Id: e.Id!, SenderFault: false, Code: 'InternalError' })),
      };
    });
    const aws = new FakeAws(pollWorld((account) => ({ sqs: account === '111111111111' ? 9 : 4 })));
    const handler = createPollWorkerHandler({
      clients: aws,
      sqs,
      queueUrl: QUEUE,
      logger: new MemoryLogger(),
      send: { maxAttempts: 2, sleep: async () => undefined },
    });
    const result = await handler({
      Records: [taskRecord('111111111111', 'eu-west-1', 'a'), taskRecord('222222222222', 'eu-west-1', 'b')],
    });
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: 'b' }]);
  });
});
