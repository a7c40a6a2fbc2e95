import type { SQSRecord } from 'aws-lambda';
import { expect } from 'chai';
import { MemberClients } from '../../../src/runtime/aws/clients';
import { clientConfig } from '../../../src/runtime/aws/client-config';
import { memberCredentialsFor } from '../../../src/runtime/aws/credentials';
import { serializeResourceMessage } from '../../../src/runtime/contracts/message';
import { createRemediatorHandler } from '../../../src/runtime/remediator/handler';
import { Remediator } from '../../../src/runtime/remediator/remediator';
import { FakeAws, watched } from '../../helpers/aws';
import { assumeRoleReply, startFakeAws } from '../../helpers/fake-aws-server';
import { MemoryLogger } from '../../helpers/logger';
import { ACCOUNT, resource, settingsWith } from '../../helpers/resources';
import { QUEUE_URL, sqsWorld } from '../types/sqs/fixtures';
import { sqsRecord } from '../../helpers/sqs';

/**
 * A queue as SQS runs it for Lambda: batches of up to 10, records reported as failed come back with
 * a higher receive count, and after `maxReceiveCount` receives a record moves to the dead-letter queue.
 */
async function drain(
  handler: (event: { Records: SQSRecord[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
  bodies: string[],
  maxReceiveCount = 5,
) {
  let queue = bodies.map((body, i) => ({ id: `m-${i}`, body, receives: 0 }));
  const deadLetters: string[] = [];
  const deliveries = new Map<string, number>();
  while (queue.length > 0) {
    const batch = queue.slice(0, 10);
    queue = queue.slice(10);
    for (const m of batch) {
      m.receives += 1;
      deliveries.set(m.id, m.receives);
    }
    let failed: Set<string>;
    try {
      const result = await handler({ Records: batch.map((m) => sqsRecord(m.body, m.id, m.receives)) });
      failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.id)); // the whole batch failed
    }
    for (const m of batch.filter((x) => failed.has(x.id))) {
      if (m.receives >= maxReceiveCount) deadLetters.push(m.id);
      else queue.push(m);
    }
  }
  return { deadLetters, deliveries };
}

describe('faults: the remediator under throttling, poison messages', function () {
  this.timeout(60_000);

  it('audits every resource when 30% of AWS calls are throttled (the real SDK retries them)', async () => {
    // Prepare: STS and SQS on loopback; 3 of every 10 requests answer ThrottlingException.
    let requests = 0;
    const throttle = () => {
      requests += 1;
      return requests % 10 < 3;
    };
    const throttled = {
      json: { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' },
      status: 400,
    };
    const audited = new Set<string>();
    const server = await startFakeAws({
      'sts.AssumeRole': (body) =>
        throttle()
          ? {
              xml: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
              status: 400,
            }
          : assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': (body) => {
        if (throttle()) return throttled;
        audited.add(String(body.QueueUrl));
        return { json: { Attributes: {} } };
      },
      'sqs.ListQueueTags': () => (throttle() ? throttled : { json: { Tags: {} } }),
    });
    const env = {
      AWS_ENDPOINT_URL: server.url,
      AWS_ACCESS_KEY_ID: 'AKIDFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'eu-west-1',
      // Standard retries (the functions use adaptive ones, which also slow the calls down).
      AWS_RETRY_MODE: 'standard',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const settings = settingsWith();
      const { STSClient } = await import('@aws-sdk/client-sts');
      const credentials = memberCredentialsFor(
        settings,
        new STSClient({ ...clientConfig('STS', env), region: 'eu-west-1' }),
        'test',
      );
      const remediator = new Remediator({ settings, clients: new MemberClients(credentials, env) });
      const handler = createRemediatorHandler(remediator, new MemoryLogger());
      const queues = Array.from({ length: 30 }, (_, i) => `${QUEUE_URL}-${i}`);

      // Act
      const { deadLetters, deliveries } = await drain(
        handler,
        queues.map((q) => serializeResourceMessage(resource('sqs', q))),
      );

      // Assess: nothing lost, and almost everything audited at the first delivery.
      expect(deadLetters).to.deep.equal([]);
      expect([...audited].sort()).to.deep.equal([...queues].sort());
      expect([...deliveries.values()].filter((n) => n > 1).length).to.be.at.most(3);
      expect(requests).to.be.greaterThan(60);
    } finally {
      process.env = saved;
      await server.close();
    }
  });

  it('moves a poison message to the dead-letter queue after five receives, and processes the rest once', async () => {
    const settings = settingsWith();
    const aws = new FakeAws(sqsWorld());
    watched.push({ aws, settings });
    const handler = createRemediatorHandler(new Remediator({ settings, clients: aws }), new MemoryLogger());
    const good = Array.from({ length: 12 }, (_, i) =>
      serializeResourceMessage(resource('sqs', `${QUEUE_URL}-${i}`, { account: ACCOUNT })),
    );
    const { deadLetters, deliveries } = await drain(handler, [
      ...good.slice(0, 5),
      '{"account": 42}',
      ...good.slice(5),
    ]);
    expect(deadLetters).to.deep.equal(['m-5']);
    expect(deliveries.get('m-5')).to.equal(5);
    expect([...deliveries.entries()].filter(([id]) => id !== 'm-5').every(([, n]) => n === 1)).to.equal(true);
    expect(aws.calls('SQS.GetQueueAttributes')).to.have.length(12);
  });
});
