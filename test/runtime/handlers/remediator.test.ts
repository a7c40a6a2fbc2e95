import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { assumeRoleReply, startFakeAws } from '../../helpers/fake-aws-server';
import { ACCOUNT, policy, publicStatement, resource } from '../../helpers/resources';
import { QUEUE_ARN, QUEUE_URL } from '../types/sqs/fixtures';
import { sqsRecord } from '../../helpers/sqs';

const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:remediation-findings';

describe('handler: remediator bundle (dist/lambda/remediator)', function () {
  const bundle = resolve(__dirname, '..', '..', '..', 'dist', 'lambda', 'remediator', 'index.js');
  const saved = { ...process.env };

  before(function () {
    if (!existsSync(bundle)) this.skip(); // `npm test` builds first; `npm run test:unit` alone may not
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('loads settings.json, audits with the member role and publishes findings, failing only bad records', async () => {
    // Prepare: what the RemediationMaster component provides, and STS, SQS and SNS on loopback.
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': () => ({
        json: { Attributes: { Policy: JSON.stringify(policy(publicStatement('Open', 'sqs:*', QUEUE_ARN))) } },
      }),
      'sqs.ListQueueTags': () => ({ json: { Tags: {} } }),
      'sns.Publish': () => ({
        xml: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>',
      }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'remediator-'));
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        regions: ['eu-west-1'],
        accounts: [ACCOUNT],
        memberRoleName: 'fixer',
        externalId: 'xid',
      }),
    );
    Object.assign(process.env, {
      REMEDIATION_SETTINGS_FILE: join(dir, 'settings.json'),
      NOTIFICATION_TOPIC_ARN: TOPIC,
      RESOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-resources',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: server.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    try {
      // Act
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(bundle) as { handler: (event: SQSEvent) => Promise<SQSBatchResponse> };
      const result = await handler({
        Records: [
          sqsRecord(JSON.stringify(resource('sqs', QUEUE_URL)), 'good'),
          sqsRecord('{"type":"sqs"}', 'bad'),
        ],
      });

      // Assess
      expect(result).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
      const calls = server.received.map((r) => `${r.service}.${r.operation}:${r.accessKeyId}`);
      expect(calls).to.have.members([
        'sts.AssumeRole:AKIDFUNCTION',
        'sqs.GetQueueAttributes:ASIAMEMBER',
        'sqs.ListQueueTags:ASIAMEMBER',
        'sns.Publish:AKIDFUNCTION',
      ]);
      const assume = server.received.find((r) => r.operation === 'AssumeRole')!;
      expect(assume.body).to.include({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/fixer`, ExternalId: 'xid' });
      const publish = server.received.find((r) => r.operation === 'Publish')!;
      expect(publish.body).to.include({ TopicArn: TOPIC });
      expect(String(publish.body.Subject)).to.match(/^\[HIGH\] sqs\.public dry_run: /);
    } finally {
      await server.close();
    }
  });
});
