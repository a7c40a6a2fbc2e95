import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** An SQS-triggered function, as its bundle exports it. */
export type SqsHandler = (event: SQSEvent, context?: never) => Promise<SQSBatchResponse | void>;

/** One record as the function received it, and whether it reported it failed. */
export interface Delivery {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly failed: boolean;
}

/** The record Lambda builds from a received message. */
function toRecord(m: Message, queueArn: string, region: string): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? '',
      SenderId: a.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        {
          dataType: v.DataType ?? 'String',
          ...(v.StringValue === undefined ? {} : { stringValue: v.StringValue }),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What Lambda's SQS event source mapping does with `ReportBatchItemFailures`: receive up to 10
 * messages, invoke the function with them, and delete those it did not report in
 * `batchItemFailures` (none when it threw); the others become visible again after the queue's
 * visibility timeout, and the queue's redrive policy moves them to the dead-letter queue after its
 * maximum receives. Runs until the queue holds no message, visible or in flight.
 */
export async function drainToFunction(
  sqs: SQSClient,
  queue: { url: string; arn: string; region: string },
  handler: SqsHandler,
  options: { timeoutMs?: number } = {},
): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // When the function last reported a record failed: that record is back on the queue at the latest a
  // visibility timeout later.
  let lastFailure = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`queue ${queue.url} not drained in time`);
    const asked = Date.now();
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'VisibilityTimeout',
          ],
        }),
      );
      const left =
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      // moto counts the visible messages, then the invisible ones, each at its own instant: a failed
      // record whose visibility timeout ends in between is in neither count, and the queue looks empty
      // while it is not. A receive asked for more than a visibility timeout after the last failure
      // found every failed record visible: one it did not return is gone (to the dead-letter queue).
      const settled = asked - lastFailure > Number(Attributes.VisibilityTimeout ?? 0) * 1000 + 100;
      if (left === 0 && settled) return deliveries;
      await sleep(200); // failed records come back after the visibility timeout
      continue;
    }
    const records = Messages.map((m) => toRecord(m, queue.arn, queue.region));
    let failed: Set<string>;
    try {
      const result = await handler({ Records: records });
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(records.map((r) => r.messageId));
    }
    if (failed.size > 0) lastFailure = Date.now();
    for (const r of records) {
      deliveries.push({
        messageId: r.messageId,
        body: r.body,
        receiveCount: Number(r.attributes.ApproximateReceiveCount),
        failed: failed.has(r.messageId),
      });
    }
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length > 0) {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
      if ((result.Failed ?? []).length > 0)
        throw new Error(`delete failed: ${JSON.stringify(result.Failed)}`);
    }
  }
}

/** Every message of a queue (received, then deleted): for dead-letter queues and captures. */
export async function takeAll(sqs: SQSClient, url: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}
