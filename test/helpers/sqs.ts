import type { SQSRecord } from 'aws-lambda';
import type {
  SendMessageBatchCommand,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
} from '@aws-sdk/client-sqs';
import sinon from 'sinon';
import type { ResourceMessage } from '../../src/runtime/contracts/message';

/**
 * A stub SQS client for SendMessageBatch. `respond` decides each call's result from its entries;
 * by default every entry succeeds, as SQS answers when all is well.
 */
export function stubSqs(
  respond: (entries: SendMessageBatchRequestEntry[], call: number) => SendMessageBatchResult = (entries) => ({
    Successful: entries.map((e) => ({ Id: e.Id!, MessageId: `m-${e.Id}`, MD5OfMessageBody: 'x' })),
    Failed: [],
  }),
) {
  let calls = 0;
  const send = sinon.fake(async (command: SendMessageBatchCommand): Promise<SendMessageBatchResult> => {
    calls += 1;
    return respond(command.input.Entries ?? [], calls);
  });
  const inputs = (): SendMessageBatchCommand['input'][] => send.getCalls().map((c) => c.args[0].input);
  return { send, inputs };
}

export function message(overrides: Partial<ResourceMessage> = {}): ResourceMessage {
  return { account: '111111111111', region: 'eu-west-1', type: 'sqs', id: 'q', delay: 0, ...overrides };
}

/** An SQS record as Lambda delivers it to the remediator. */
export function sqsRecord(body: string, messageId: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1795000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1795000000000',
    },
    messageAttributes: {},
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:remediation-resources',
    awsRegion: 'eu-west-1',
  };
}
