import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../aws/client-config';
import { loadHandlerSettings, requireEnv } from '../config';
import { createTranslatorHandler } from '../events/forward';
import { HANDLER_ENV } from './env';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-translator' });
const sqs = new SQSClient(clientConfig('SQS'));

export const handler = createTranslatorHandler({
  sqs,
  queueUrl: requireEnv(HANDLER_ENV.resourceQueueUrl),
  memberRoleName: settings.memberRoleName,
  logger,
});
