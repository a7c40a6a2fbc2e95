import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '../aws/client-config';
import { MemberClients } from '../aws/clients';
import { memberCredentialsFor } from '../aws/credentials';
import { HANDLER_ENV } from './env';
import { loadHandlerSettings, requireEnv } from '../config';
import { createPollPlanner } from '../poller/planner';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-poll-planner' });
const credentials = memberCredentialsFor(
  settings,
  new STSClient(clientConfig('STS')),
  'aws-remediation-poll-planner',
);

export const handler = createPollPlanner({
  settings,
  clients: new MemberClients(credentials),
  sqs: new SQSClient(clientConfig('SQS')),
  queueUrl: requireEnv(HANDLER_ENV.pollQueueUrl),
  logger,
  onlyTestResources: process.env[HANDLER_ENV.onlyTestResources] === 'true',
});
