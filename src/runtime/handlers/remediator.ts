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
import { Remediator } from '../remediator/remediator';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-remediator' });
const credentials = memberCredentialsFor(
  settings,
  new STSClient(clientConfig('STS')),
  'aws-remediation-remediator',
);
const topicArn = process.env[HANDLER_ENV.notificationTopicArn];
const remediator = new Remediator({
  settings,
  clients: new MemberClients(credentials),
  ...(topicArn ? { notifier: new SnsNotifier(new SNSClient(clientConfig('SNS')), topicArn) } : {}),
  logger,
});

export const handler = createRemediatorHandler(remediator, logger);
