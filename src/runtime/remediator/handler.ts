import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '../aws/errors';
import { ConfigurationError } from '../errors';
import { DEFAULT_RETENTION_DAYS, retentionDaysProblem } from '../findings/lifecycle';
import { type DocumentSender, DynamoFindingStore, dynamoDocumentClient } from '../findings/store';
import { HANDLER_ENV } from '../handlers/env';
import type { Lazy } from '../lazy';
import type { RuntimeLogger } from '../logger';
import type { Remediator, RemediatorOptions } from './remediator';
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

/**
 * The findings store the RemediationMaster component gives the function, as Remediator options: the
 * table `FINDINGS_TABLE`, and `FINDINGS_RETENTION_DAYS` (default 90), how long a resolved finding is
 * kept. None without a table: findings are then only logged and published, every one every time. A
 * retention that is not a number of days fails the start, naming the variable.
 */
export function findingsStoreOptions(
  env: NodeJS.ProcessEnv = process.env,
  client: Lazy<DocumentSender> = dynamoDocumentClient(env),
): Pick<RemediatorOptions, 'store' | 'retentionDays'> {
  const table = env[HANDLER_ENV.findingsTable];
  if (!table) return {};
  const text = env[HANDLER_ENV.findingsRetentionDays];
  if (text === undefined || text === '') {
    return { store: new DynamoFindingStore(client, table), retentionDays: DEFAULT_RETENTION_DAYS };
  }
  const days = Number(text);
  const problem = retentionDaysProblem(text.trim() !== '' && Number.isFinite(days) ? days : text);
  if (problem !== undefined) {
    throw new ConfigurationError(
      `environment variable ${HANDLER_ENV.findingsRetentionDays}: ${problem} (the RemediationMaster component sets it from findingsTable.retentionDays)`,
    );
  }
  return { store: new DynamoFindingStore(client, table), retentionDays: days };
}
