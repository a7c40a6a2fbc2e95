import { createHash } from 'node:crypto';
import { startFakeAws } from './fake-aws-server';

export interface ReceivedBatch {
  readonly target: string;
  readonly body: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds?: number }[] };
}

/**
 * An SQS endpoint on 127.0.0.1 answering SendMessageBatch, so the built bundle runs with the real
 * SDK (serialization, signing, MD5 checks) and no AWS account.
 */
export async function startFakeSqs() {
  const server = await startFakeAws({
    'sqs.SendMessageBatch': (body) => {
      const entries = (body as ReceivedBatch['body']).Entries;
      return {
        json: {
          Successful: entries.map((e) => ({
            Id: e.Id,
            MessageId: `msg-${e.Id}`,
            MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
          })),
          Failed: [],
        },
      };
    },
  });
  const received = (): ReceivedBatch[] =>
    server.received
      .filter((r) => r.operation === 'SendMessageBatch')
      .map((r) => ({ target: `AmazonSQS.${r.operation}`, body: r.body as ReceivedBatch['body'] }));
  return {
    url: server.url,
    get received() {
      return received();
    },
    close: server.close,
  };
}
