import { acceptBatchReply, startFakeAws } from './fake-aws-server';

export interface ReceivedBatch {
  readonly target: string;
  readonly body: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds?: number }[] };
}

/**
 * An SQS endpoint on 127.0.0.1 answering SendMessageBatch, so the built bundle runs with the real
 * SDK (serialization, signing, MD5 checks) and no AWS account.
 */
export async function startFakeSqs() {
  const server = await startFakeAws({ 'sqs.SendMessageBatch': acceptBatchReply });
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
