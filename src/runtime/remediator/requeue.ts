import type { SendMessageCommand, SendMessageCommandOutput } from '@aws-sdk/client-sqs';
import { type Lazy, resolveLazy } from '../lazy';
import { type ResourceMessage, serializeResourceMessage } from '../contracts/message';
import { MAX_DELAY_SECONDS } from '../contracts/message';

/** The message attribute that counts the rechecks of a resource (outside the body: the wire format stays). */
export const RECHECK_ATTRIBUTE = 'recheck-attempt';

/** The part of an SQS client this module uses. */
export interface SqsMessageSender {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
}

/**
 * Sends a resource message back to the resource queue, delayed by the longest delay SQS allows, with
 * the attempt count as a message attribute.
 */
export function sqsRequeue(sqs: Lazy<SqsMessageSender>, queueUrl: string) {
  return async (resource: ResourceMessage, attempt: number): Promise<void> => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await (
      await resolveLazy(sqs)
    ).send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: serializeResourceMessage(resource),
        DelaySeconds: MAX_DELAY_SECONDS,
        MessageAttributes: { [RECHECK_ATTRIBUTE]: { DataType: 'Number', StringValue: String(attempt) } },
      }),
    );
  };
}

/** The recheck attempt of an SQS record (0 for a first audit). */
export function recheckAttemptOf(attributes: Record<string, { stringValue?: string }> | undefined): number {
  const value = Number(attributes?.[RECHECK_ATTRIBUTE]?.stringValue ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}
