import type { SendMessageCommand, SendMessageCommandOutput } from '@aws-sdk/client-sqs';
import type { PendingFindings } from './remediator';
import { isRecord } from '../json';
import { type Lazy, resolveLazy } from '../lazy';
import {
  type ResourceMessage,
  TRIGGER_ATTRIBUTE,
  type Trigger,
  serializeResourceMessage,
} from '../contracts/message';
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
  return async (resource: ResourceMessage, attempt: number, trigger: Trigger = 'poll'): Promise<void> => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await (
      await resolveLazy(sqs)
    ).send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: serializeResourceMessage(resource),
        DelaySeconds: MAX_DELAY_SECONDS,
        MessageAttributes: {
          [RECHECK_ATTRIBUTE]: { DataType: 'Number', StringValue: String(attempt) },
          [TRIGGER_ATTRIBUTE]: { DataType: 'String', StringValue: trigger },
        },
      }),
    );
  };
}

/**
 * The message attribute that carries findings still to be published (JSON): a record with it is
 * published, not audited. The body stays the resource message, so other consumers just audit it.
 */
export const PENDING_FINDINGS_ATTRIBUTE = 'pending-findings';

/** How long findings wait before their publish is tried again. */
export const REPUBLISH_DELAY_SECONDS = 60;

/** Sends a resource's findings not fully reported back to the resource queue, to be reported later. */
export function sqsRepublish(sqs: Lazy<SqsMessageSender>, queueUrl: string) {
  return async (resource: ResourceMessage, pending: PendingFindings): Promise<void> => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await (
      await resolveLazy(sqs)
    ).send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: serializeResourceMessage(resource),
        DelaySeconds: REPUBLISH_DELAY_SECONDS,
        MessageAttributes: {
          [PENDING_FINDINGS_ATTRIBUTE]: { DataType: 'String', StringValue: JSON.stringify(pending) },
        },
      }),
    );
  };
}

/**
 * The findings a record carries to be reported, or undefined when it carries none (a normal audit).
 * Throws when the attribute is there but is not findings to report: the record fails, to the DLQ.
 */
export function pendingFindingsOf(
  attributes: Record<string, { stringValue?: string }> | undefined,
): PendingFindings | undefined {
  const text = attributes?.[PENDING_FINDINGS_ATTRIBUTE]?.stringValue;
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  const findings = isRecord(value) ? value.findings : undefined;
  const securityHub = isRecord(value) ? value.securityHub : undefined;
  const valid =
    isRecord(value) &&
    typeof value.stored === 'boolean' &&
    (securityHub === undefined ||
      (Array.isArray(securityHub) && securityHub.every((f) => isRecord(f) && typeof f.Id === 'string'))) &&
    Array.isArray(findings) &&
    findings.every(
      (f) => isRecord(f) && typeof f.check === 'string' && isRecord(f.resource) && isRecord(f.remediation),
    );
  if (!valid) throw new Error(`the ${PENDING_FINDINGS_ATTRIBUTE} attribute is not findings to report`);
  return value as unknown as PendingFindings;
}

/** The recheck attempt of an SQS record (0 for a first audit). */
export function recheckAttemptOf(attributes: Record<string, { stringValue?: string }> | undefined): number {
  const value = Number(attributes?.[RECHECK_ATTRIBUTE]?.stringValue ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}
