import { Logger } from '@aws-lambda-powertools/logger';
import { clientConfig } from '../aws/client-config';
import { MemberClients } from '../aws/clients';
import { memberCredentialsFor } from '../aws/credentials';
import { loadHandlerSettings, requireEnv } from '../config';
import { once } from '../lazy';
import { createRemediatorHandler, findingsStoreOptions } from '../remediator/handler';
import { SnsNotifier } from '../remediator/notify';
import { Remediator } from '../remediator/remediator';
import { sqsRepublish, sqsRequeue } from '../remediator/requeue';
import { HANDLER_ENV } from './env';

// Start-up loads only the settings and the wiring; SDK clients load with their first call.
const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-remediator' });
const sts = once(async () => new (await import('@aws-sdk/client-sts')).STSClient(clientConfig('STS')));
const sns = once(async () => new (await import('@aws-sdk/client-sns')).SNSClient(clientConfig('SNS')));
const sqs = once(async () => new (await import('@aws-sdk/client-sqs')).SQSClient(clientConfig('SQS')));
const credentials = memberCredentialsFor(settings, sts, 'aws-remediation-remediator');
const topicArn = requireEnv(HANDLER_ENV.notificationTopicArn);
const queueUrl = requireEnv(HANDLER_ENV.resourceQueueUrl);
const remediator = new Remediator({
  settings,
  clients: new MemberClients(credentials),
  notifier: new SnsNotifier(sns, topicArn),
  requeue: sqsRequeue(sqs, queueUrl),
  republish: sqsRepublish(sqs, queueUrl),
  // With the findings table: each finding's state across audits, and only changes published.
  ...findingsStoreOptions(),
  logger,
});

export const handler = createRemediatorHandler(remediator, logger);
