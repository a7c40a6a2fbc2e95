import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '../aws/client-config';
import { MemberClients } from '../aws/clients';
import { memberCredentialsFor } from '../aws/credentials';
import { loadHandlerSettings, requireEnv } from '../config';
import { createPollWorkerHandler } from '../poller/worker';
import { HANDLER_ENV } from './env';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-poll-worker' });
const credentials = memberCredentialsFor(
  settings,
  new STSClient(clientConfig('STS')),
  'aws-remediation-poll-worker',
);

export const handler = createPollWorkerHandler({
  clients: new MemberClients(credentials),
  sqs: new SQSClient(clientConfig('SQS')),
  queueUrl: requireEnv(HANDLER_ENV.resourceQueueUrl),
  logger,
});
