import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SendMessageBatchResult,
} from '@aws-sdk/client-sqs';
import { type ResourceMessage, serializeResourceMessage } from '../contracts/message';
import { Limiter } from '../concurrency';
import { DeliveryError } from '../errors';
import { backoffMs } from '../text';

/** The part of an SQS client this module uses, so tests can pass a stub. */
export interface SqsSender {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchResult>;
}

export interface SendOptions {
  /** Attempts per entry, the first included, for entries SQS failed on its side. Default 4. */
  readonly maxAttempts?: number;
  /** Backoff before the first retry; doubled each time, with jitter. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Replaceable in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** SendMessageBatch calls in flight at once. Default 10. */
  readonly concurrency?: number;
}

export interface SendReport {
  /** Messages SQS accepted. */
  readonly sent: number;
  /** SendMessageBatch calls made, retries included. */
  readonly calls: number;
}

/** SQS accepts at most 10 entries per SendMessageBatch call. */
export const SQS_BATCH_SIZE = 10;
/** Total payload per SendMessageBatch call that this module keeps below (the oldest SQS limit). */
export const SQS_BATCH_BYTES = 256 * 1024;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Splits entries into batches of at most 10 entries and {@link SQS_BATCH_BYTES} bytes. */
export function toBatches(
  entries: readonly SendMessageBatchRequestEntry[],
): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let batch: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody ?? '');
    if (batch.length === SQS_BATCH_SIZE || (batch.length > 0 && bytes + size > SQS_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** One message to send: its body and, optionally, a delivery delay and string attributes. */
export interface OutgoingMessage {
  readonly body: string;
  readonly delaySeconds?: number;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Message attributes as SQS takes them (String values). */
export function stringAttributes(attributes: Readonly<Record<string, string>>) {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );
}

/** What {@link sendBodies} did, without throwing. */
export interface BatchSendResult extends SendReport {
  /** Indexes (into the input) of the messages that were not delivered. */
  readonly undelivered: readonly number[];
  /** Why, at most a few lines. */
  readonly failures: readonly string[];
  readonly lastError?: unknown;
}

/**
 * Sends messages to a queue with SendMessageBatch, 10 per call (fewer when the bytes would exceed the
 * limit). Entries that SQS failed on its side are retried with backoff; entries it rejected as the
 * sender's fault are not. Every batch is tried even when an earlier one failed. Never throws: the
 * result lists what was not delivered, so the caller can fail exactly the work it came from.
 */
export async function sendBodies(
  sqs: SqsSender,
  queueUrl: string,
  messages: readonly OutgoingMessage[],
  options: SendOptions = {},
): Promise<BatchSendResult> {
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;

  const entries: SendMessageBatchRequestEntry[] = messages.map((message, index) => ({
    Id: String(index),
    MessageBody: message.body,
    ...(message.delaySeconds ? { DelaySeconds: message.delaySeconds } : {}),
    ...(message.attributes ? { MessageAttributes: stringAttributes(message.attributes) } : {}),
  }));

  let sent = 0;
  let calls = 0;
  const undelivered: number[] = [];
  const failures: string[] = [];
  let lastError: unknown;

  const sendBatch = async (batch: SendMessageBatchRequestEntry[]) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      calls += 1;
      let result: SendMessageBatchResult;
      try {
        result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      } catch (error) {
        // The SDK has already retried the call itself; give up on this batch and try the others.
        lastError = error;
        failures.push(
          `${pending.length} x ${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`,
        );
        undelivered.push(...pending.map((e) => Number(e.Id)));
        return;
      }
      sent += result.Successful?.length ?? 0;
      const failed = result.Failed ?? [];
      const retriable = failed.filter((f) => !f.SenderFault);
      for (const f of failed.filter((f) => f.SenderFault)) {
        failures.push(`1 x ${f.Code}: ${f.Message ?? ''}`.trim());
        undelivered.push(Number(f.Id));
      }
      if (retriable.length === 0) return;
      if (attempt >= maxAttempts) {
        for (const f of retriable) {
          failures.push(`1 x ${f.Code} after ${attempt} attempts`);
          undelivered.push(Number(f.Id));
        }
        return;
      }
      const retryIds = new Set(retriable.map((f) => f.Id));
      pending = pending.filter((e) => retryIds.has(e.Id));
      await sleep(backoffMs(baseDelayMs, attempt));
    }
  };
  const limiter = new Limiter(options.concurrency ?? 10);
  await Promise.all(toBatches(entries).map((batch) => limiter.run(() => sendBatch(batch))));
  return {
    sent,
    calls,
    undelivered: undelivered.sort((a, b) => a - b),
    failures: failures.slice(0, 5),
    lastError,
  };
}

/**
 * Sends resource messages to a queue ({@link sendBodies}), each with its delay, and throws a
 * {@link DeliveryError} saying how many were not delivered and why, so the caller fails and is retried.
 */
export async function sendMessages(
  sqs: SqsSender,
  queueUrl: string,
  messages: readonly ResourceMessage[],
  options: SendOptions = {},
  attributes?: Readonly<Record<string, string>>,
): Promise<SendReport> {
  const result = await sendBodies(
    sqs,
    queueUrl,
    messages.map((m) => ({
      body: serializeResourceMessage(m),
      delaySeconds: m.delay,
      ...(attributes ? { attributes } : {}),
    })),
    options,
  );
  if (result.undelivered.length > 0) {
    throw new DeliveryError(
      `${result.undelivered.length} of ${messages.length} messages were not delivered to ${queueUrl}: ${result.failures.join('; ')}`,
      result.undelivered.length,
      { cause: result.lastError },
    );
  }
  return { sent: result.sent, calls: result.calls };
}

/**
 * Sends messages as they come: every 10 go out at once (a few calls in flight), the rest on
 * {@link flush}. Each message carries a tag (the work it came from), so the caller learns which work
 * had messages that were not delivered.
 */
export class BatchStream<T> {
  private readonly pending: { message: OutgoingMessage; tag: T }[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly limiter: Limiter;
  private readonly undeliveredTags: T[] = [];
  private readonly failures: string[] = [];
  private calls = 0;
  private sent = 0;

  constructor(
    private readonly sqs: SqsSender,
    private readonly queueUrl: string,
    private readonly options: SendOptions = {},
  ) {
    this.limiter = new Limiter(options.concurrency ?? 10);
  }

  add(message: OutgoingMessage, tag: T): void {
    this.pending.push({ message, tag });
    if (this.pending.length >= SQS_BATCH_SIZE) this.dispatch(this.pending.splice(0, SQS_BATCH_SIZE));
  }

  /** Sends what is left and waits for every call. */
  async flush(): Promise<{ sent: number; calls: number; undelivered: T[]; failures: string[] }> {
    while (this.pending.length > 0) this.dispatch(this.pending.splice(0, SQS_BATCH_SIZE));
    while (this.inflight.size > 0) await Promise.all(this.inflight);
    return {
      sent: this.sent,
      calls: this.calls,
      undelivered: [...this.undeliveredTags],
      failures: this.failures.slice(0, 5),
    };
  }

  private dispatch(items: { message: OutgoingMessage; tag: T }[]): void {
    const call = this.limiter
      .run(() =>
        sendBodies(
          this.sqs,
          this.queueUrl,
          items.map((i) => i.message),
          { ...this.options, concurrency: 1 },
        ),
      )
      .then(
        (result) => {
          this.calls += result.calls;
          this.sent += result.sent;
          for (const index of result.undelivered) this.undeliveredTags.push(items[index]!.tag);
          this.failures.push(...result.failures);
        },
        (error: unknown) => {
          // Never an unhandled rejection: the batch counts as not delivered.
          for (const item of items) this.undeliveredTags.push(item.tag);
          this.failures.push(String((error as Error)?.message ?? error));
        },
      );
    this.inflight.add(call);
    void call.finally(() => this.inflight.delete(call));
  }
}
