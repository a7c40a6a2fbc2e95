import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../aws/client-config';
import { loadHandlerSettings, requireEnv } from '../config';
import { createTranslatorHandler } from '../events/forward';
import { HANDLER_ENV } from './env';
import { queueRegion } from '../queue/url';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-translator' });
const queueUrl = requireEnv(HANDLER_ENV.resourceQueueUrl);
// The translators of other regions send to the queue of the home region: sign for its region.
const sqs = new SQSClient({
  ...clientConfig('SQS'),
  ...(queueRegion(queueUrl) ? { region: queueRegion(queueUrl) } : {}),
});

export const handler = createTranslatorHandler({
  sqs,
  queueUrl,
  memberRoleName: settings.memberRoleName,
  logger,
});
