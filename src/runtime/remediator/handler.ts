import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '../aws/errors';
import type { RuntimeLogger } from '../logger';
import type { Remediator } from './remediator';
import { triggerOf } from '../contracts/message';
import { pendingFindingsOf, recheckAttemptOf } from './requeue';

/** The logger methods the handler uses (Powertools' Logger fits). */
export type HandlerLogger = Pick<RuntimeLogger, 'error'>;

/**
 * The remediator's SQS handler: every record is audited on its own, and the records that failed
 * (malformed body, unreachable account, failed audit or publish) are returned as `batchItemFailures`,
 * so SQS delivers only them again and, after the queue's maximum receives, moves them to the DLQ.
 * The others are deleted by Lambda as usual. If every record fails the batch fails as a whole.
 */
export function createRemediatorHandler(remediator: Remediator, logger: HandlerLogger) {
  const processor = new BatchProcessor(EventType.SQS);
  const processRecord = async (record: SQSRecord) => {
    try {
      return await remediator.handleBody(
        record.body,
        recheckAttemptOf(record.messageAttributes),
        pendingFindingsOf(record.messageAttributes),
        triggerOf(record.messageAttributes),
      );
    } catch (error) {
      logger.error('record failed; SQS will deliver it again, then move it to the dead-letter queue', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: describeError(error),
        body: record.body.length > 2048 ? `${record.body.slice(0, 2048)}...` : record.body,
      });
      throw error;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, processRecord, processor, context ? { context } : undefined);
}
