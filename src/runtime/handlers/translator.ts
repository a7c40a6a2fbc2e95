import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../aws/client-config';
import { loadHandlerSettings, requireEnv } from '../config';
import { createTranslatorHandler } from '../events/forward';

/** Environment variable holding the resource queue URL (set by the RemediationMaster component). */
export const RESOURCE_QUEUE_URL_ENV = 'RESOURCE_QUEUE_URL';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-translator' });
const sqs = new SQSClient(clientConfig('SQS'));

export const handler = createTranslatorHandler({
  sqs,
  queueUrl: requireEnv(RESOURCE_QUEUE_URL_ENV),
  memberRoleName: settings.memberRoleName,
  logger,
});
