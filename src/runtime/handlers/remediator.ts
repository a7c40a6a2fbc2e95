import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '../aws/client-config';
import { MemberClients } from '../aws/clients';
import { MemberCredentials } from '../aws/credentials';
import { loadHandlerSettings } from '../config';
import { createRemediatorHandler } from '../remediator/handler';
import { SnsNotifier } from '../remediator/notify';
import { Remediator } from '../remediator/remediator';

/** Environment variable holding the notifications topic ARN (set by the RemediationMaster component). */
export const NOTIFICATION_TOPIC_ARN_ENV = 'NOTIFICATION_TOPIC_ARN';

const settings = loadHandlerSettings(__dirname);
const logger = new Logger({ serviceName: 'aws-remediation-remediator' });
const credentials = new MemberCredentials({
  sts: new STSClient(clientConfig('STS')),
  roleName: settings.memberRoleName,
  ...(settings.externalId ? { externalId: settings.externalId } : {}),
  sessionName: 'aws-remediation-remediator',
});
const topicArn = process.env[NOTIFICATION_TOPIC_ARN_ENV];
const remediator = new Remediator({
  settings,
  clients: new MemberClients(credentials),
  ...(topicArn ? { notifier: new SnsNotifier(new SNSClient(clientConfig('SNS')), topicArn) } : {}),
  logger,
});

export const handler = createRemediatorHandler(remediator, logger);
