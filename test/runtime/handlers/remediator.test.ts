import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { assumeRoleReply, startFakeAws } from '../../helpers/fake-aws-server';
import { ACCOUNT, policy, publicStatement, resource } from '../../helpers/resources';
import { QUEUE_ARN, QUEUE_URL } from '../types/sqs/fixtures';
import { sqsRecord } from '../../helpers/sqs';
import { findingId } from '../../../src/runtime/findings/finding';

const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:remediation-findings';
const TABLE = 'remediation-findings-table-1a2b3c';
const PUBLISHED = {
  xml: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>',
};
type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

describe('handler: remediator bundle (dist/lambda/remediator)', function () {
  const bundle = resolve(__dirname, '..', '..', '..', 'dist', 'lambda', 'remediator', 'index.js');
  const saved = { ...process.env };

  before(function () {
    if (!existsSync(bundle)) this.skip(); // `npm test` builds first; `npm run test:unit` alone may not
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  /** The bundle loaded afresh, as by a new container: it reads its environment as it loads. */
  const loadBundle = (): { handler: Handler } => {
    delete require.cache[bundle];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(bundle) as { handler: Handler };
  };

  /** The environment the RemediationMaster component gives the function (and `extra`), AWS at `endpoint`. */
  const deployed = (endpoint: string, extra: Record<string, string> = {}) => {
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
      AWS_ENDPOINT_URL: endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...extra,
    });
  };

  it('loads settings.json, audits with the member role and publishes findings, failing only bad records', async () => {
    // Prepare: what the RemediationMaster component provides, and STS, SQS and SNS on loopback.
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': () => ({
        json: { Attributes: { Policy: JSON.stringify(policy(publicStatement('Open', 'sqs:*', QUEUE_ARN))) } },
      }),
      'sqs.ListQueueTags': () => ({ json: { Tags: {} } }),
      'sns.Publish': () => PUBLISHED,
    });
    deployed(server.url);
    try {
      // Act
      const { handler } = loadBundle();
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

  it('with FINDINGS_TABLE, reads and writes the findings table with its own credentials, and publishes the new finding', async () => {
    // Prepare: the function as the component deploys it with the table, and an empty table.
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': () => ({
        json: { Attributes: { Policy: JSON.stringify(policy(publicStatement('Open', 'sqs:*', QUEUE_ARN))) } },
      }),
      'sqs.ListQueueTags': () => ({ json: { Tags: {} } }),
      'dynamodb.BatchGetItem': () => ({ json: { Responses: { [TABLE]: [] }, UnprocessedKeys: {} } }),
      'dynamodb.PutItem': () => ({ json: {} }),
      'sns.Publish': () => PUBLISHED,
    });
    deployed(server.url, { FINDINGS_TABLE: TABLE, FINDINGS_RETENTION_DAYS: '30' });
    try {
      // Act
      const { handler } = loadBundle();
      const result = await handler({
        Records: [sqsRecord(JSON.stringify(resource('sqs', QUEUE_URL)), 'good')],
      });

      // Assess: read, then written only if still absent; the function's own credentials, not the member's.
      expect(result).to.deep.equal({ batchItemFailures: [] });
      const calls = server.received.map((r) => `${r.service}.${r.operation}:${r.accessKeyId}`);
      expect(calls.filter((c) => c.startsWith('dynamodb.'))).to.deep.equal([
        'dynamodb.BatchGetItem:AKIDFUNCTION',
        'dynamodb.PutItem:AKIDFUNCTION',
      ]);
      const [get, put] = server.received.filter((r) => r.service === 'dynamodb');
      const id = findingId('sqs.public', resource('sqs', QUEUE_URL));
      expect(get!.body).to.deep.equal({
        // Every check of the type: the stored findings the audit may resolve.
        RequestItems: {
          [TABLE]: {
            Keys: [
              { id: { S: id } },
              { id: { S: findingId('sqs.shared_unknown_account', resource('sqs', QUEUE_URL)) } },
            ],
            ConsistentRead: true,
          },
        },
      });
      expect(put!.body).to.deep.include({
        TableName: TABLE,
        ConditionExpression: 'attribute_not_exists(id)',
      });
      const item = put!.body.Item as Record<string, Record<string, unknown>>;
      expect(item.id).to.deep.equal({ S: id });
      expect(item.status).to.deep.equal({ S: 'open' });
      expect(item.version).to.deep.equal({ N: '1' });
      // An open finding does not expire.
      expect(item).to.not.have.property('expiresAt');
      const publish = server.received.find((r) => r.operation === 'Publish')!;
      expect(String(publish.body.Subject)).to.match(/^\[HIGH\] new sqs\.public dry_run: /);
    } finally {
      await server.close();
    }
  });

  it('fails to start on a malformed FINDINGS_RETENTION_DAYS, naming it', async () => {
    const server = await startFakeAws({});
    deployed(server.url, { FINDINGS_TABLE: TABLE, FINDINGS_RETENTION_DAYS: '90 days' });
    try {
      expect(loadBundle).to.throw(
        'environment variable FINDINGS_RETENTION_DAYS: "90 days" is not a number of days above 0 and at most 3650',
      );
      expect(server.received).to.deep.equal([]);
    } finally {
      await server.close();
    }
  });
});
