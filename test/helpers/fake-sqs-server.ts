import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedBatch {
  readonly target: string;
  readonly body: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds?: number }[] };
}

/**
 * An SQS endpoint on 127.0.0.1 speaking the AWS JSON protocol for SendMessageBatch, so the built
 * bundle runs with the real SDK (serialization, signing, MD5 checks) and no AWS account.
 */
export async function startFakeSqs(): Promise<{
  url: string;
  received: ReceivedBatch[];
  close(): Promise<void>;
}> {
  const received: ReceivedBatch[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedBatch['body'];
      received.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(
        JSON.stringify({
          Successful: body.Entries.map((e) => ({
            Id: e.Id,
            MessageId: `msg-${e.Id}`,
            MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
          })),
          Failed: [],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
