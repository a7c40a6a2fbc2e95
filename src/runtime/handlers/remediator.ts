import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '../aws/client-config';
import { MemberClients } from '../aws/clients';
import { memberCredentialsFor } from '../aws/credentials';
import { HANDLER_ENV } from './env';
import { loadHandlerSettings } from '../config';
import { createRemediatorHandler } from '../remediator/handler';
import { SnsNotifier } from '../remediator/notify';
import { sqsRequeue } from '../remediator/requeue';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Remediator } from '../remediator/remediator';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-remediator' });
const credentials = memberCredentialsFor(
  settings,
  new STSClient(clientConfig('STS')),
  'aws-remediation-remediator',
);
const topicArn = process.env[HANDLER_ENV.notificationTopicArn];
const queueUrl = process.env[HANDLER_ENV.resourceQueueUrl];
const remediator = new Remediator({
  settings,
  clients: new MemberClients(credentials),
  ...(topicArn ? { notifier: new SnsNotifier(new SNSClient(clientConfig('SNS')), topicArn) } : {}),
  ...(queueUrl ? { requeue: sqsRequeue(new SQSClient(clientConfig('SQS')), queueUrl) } : {}),
  logger,
});

export const handler = createRemediatorHandler(remediator, logger);
