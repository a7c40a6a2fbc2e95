import type { PublishCommand } from '@aws-sdk/client-sns';
import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { expect } from 'chai';
import { MemberCredentials } from '../../../src/runtime/aws/credentials';
import { serializeResourceMessage } from '../../../src/runtime/contracts/message';
import type { RemediationSettings } from '../../../src/runtime/contracts/settings';
import { ConfigurationError } from '../../../src/runtime/errors';
import { findingId } from '../../../src/runtime/findings/finding';
import {
  type DocumentSender,
  DynamoFindingStore,
  dynamoDocumentClient,
} from '../../../src/runtime/findings/store';
import { createRemediatorHandler, findingsStoreOptions } from '../../../src/runtime/remediator/handler';
import { SnsNotifier } from '../../../src/runtime/remediator/notify';
import { PENDING_FINDINGS_ATTRIBUTE, sqsRepublish } from '../../../src/runtime/remediator/requeue';
import { Remediator } from '../../../src/runtime/remediator/remediator';
import { type AuditorLookup, auditorsOf } from '../../../src/runtime/auditors/lazy';
import { auditor as ebsSnapshotAuditor } from '../../../src/runtime/types/ebs_snapshot/auditor';
import { auditor as sqsAuditor } from '../../../src/runtime/types/sqs/auditor';
import { FakeAws, awsError, watched, type World } from '../../helpers/aws';
import { fakeFindingsTable } from '../../helpers/dynamo';
import { MemoryLogger } from '../../helpers/logger';
import { ACCOUNT, policy, publicStatement, resource, settingsWith } from '../../helpers/resources';
import { SNAPSHOT_ID, ebsSnapshotWorld } from '../types/ebs_snapshot/fixtures';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from '../types/sqs/fixtures';
import { sqsRecord } from '../../helpers/sqs';
import { stubSts } from '../../helpers/sts';

const DENIED = '555555555555';
const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:remediation-findings';
const RESOURCE_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-resources';
const publicQueue = () => sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) });
const body = (account: string, id = QUEUE_URL) => serializeResourceMessage(resource('sqs', id, { account }));

const TABLE = 'remediation-findings-table-1a2b3c';

/** A document client that fails the test if the store ever uses it. */
const noTable: DocumentSender = {
  send: async () => expect.fail('the findings table was used'),
};

/**
 * The remediator as the Lambda wires it, with the SDK at the edges replaced: STS (AssumeRole for
 * every account but DENIED), member-account clients answering from `world` once credentials are
 * obtained, an SNS client recording Publish calls, and the findings store of `env` (none unless it
 * sets FINDINGS_TABLE) over the document client `dynamo`.
 */
function setup(
  options: {
    world?: World;
    settings?: Partial<RemediationSettings>;
    publish?: () => Promise<unknown>;
    registry?: AuditorLookup;
    republish?: boolean;
    env?: NodeJS.ProcessEnv;
    dynamo?: DocumentSender;
  } = {},
) {
  const settings = settingsWith({ accounts: [ACCOUNT, DENIED], ...options.settings });
  const sts = stubSts({ now: Date.now() }, (arn) =>
    arn.includes(DENIED)
      ? awsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403)
      : undefined,
  );
  const credentials = new MemberCredentials({
    sts,
    roleName: 'member_remediator',
    sessionName: 'aws-remediation-remediator',
  });
  // Like the SDK: a client resolves its credentials before each request, and fails with them.
  const aws = new FakeAws(options.world ?? publicQueue(), {
    beforeSend: async (account, region) => void (await credentials.get(account, region)),
  });
  watched.push({ aws, settings });
  const published: PublishCommand['input'][] = [];
  const sns = {
    send: async (command: PublishCommand) => {
      await options.publish?.();
      published.push(command.input);
      return {};
    },
  };
  const logger = new MemoryLogger();
  // The resource queue, for findings sent back to be published later.
  const queued: SendMessageCommand['input'][] = [];
  const sqs = {
    send: async (command: SendMessageCommand) => {
      queued.push(command.input);
      return { $metadata: {} };
    },
  };
  const remediator = new Remediator({
    settings,
    clients: aws,
    notifier: new SnsNotifier(sns, TOPIC),
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.republish ? { republish: sqsRepublish(sqs, RESOURCE_QUEUE) } : {}),
    ...findingsStoreOptions(options.env ?? {}, options.dynamo ?? noTable),
  });
  const handler = createRemediatorHandler(remediator, logger);
  return { handler, aws, sts, credentials, published, logger, queued };
}

const failedIds = (result: { batchItemFailures: { itemIdentifier: string }[] }) =>
  result.batchItemFailures.map((f) => f.itemIdentifier);

describe('remediator: SQS handler', () => {
  it('reports only the records that failed, and audits and publishes the others', async () => {
    const { handler, published, logger } = setup();
    const records: SQSRecord[] = [
      sqsRecord(body(ACCOUNT), 'good-1'),
      sqsRecord('{"account": "1111", "region": "eu-west-1"', 'not-json'),
      sqsRecord('{"account":"111111111111","region":"moon-1","type":"sqs","id":"q"}', 'bad-region'),
      sqsRecord(body(DENIED), 'denied-account'),
      sqsRecord(body(ACCOUNT, `${QUEUE_URL}-2`), 'good-2'),
    ];
    const result = await handler({ Records: records });

    expect(failedIds(result)).to.deep.equal(['not-json', 'bad-region', 'denied-account']);
    expect(published.map((p) => p.MessageAttributes?.check?.StringValue)).to.deep.equal([
      'sqs.public',
      'sqs.public',
    ]);
    expect(published[0]).to.deep.include({ TopicArn: TOPIC });
    expect(published[0]!.MessageAttributes).to.deep.include({
      account: { DataType: 'String', StringValue: ACCOUNT },
      type: { DataType: 'String', StringValue: 'sqs' },
      severity: { DataType: 'String', StringValue: 'high' },
    });
    // Each finding is one JSON log line; each failure is logged with its message id and reason.
    expect(logger.of('info').filter((e) => e.message === 'finding')).to.have.length(2);
    const errors = logger.of('error').map((e) => [e.extra.messageId, String(e.extra.error)]);
    expect(errors.map(([id]) => id)).to.deep.equal(['not-json', 'bad-region', 'denied-account']);
    expect(errors[0]![1]).to.match(/^MessageError: [\s\S]*not valid JSON/);
    expect(errors[1]![1]).to.match(/message\.region: "moon-1"/);
    expect(errors[2]![1]).to.match(
      /^AssumeRoleError: cannot assume arn:aws:iam::555555555555:role\/member_remediator in account 555555555555 \(AccessDenied/,
    );
  });

  it('assumes the member role once per account for a thousand resources', async () => {
    const { handler, sts, aws } = setup();
    for (let batch = 0; batch < 100; batch += 1) {
      const records = Array.from({ length: 10 }, (_, i) =>
        sqsRecord(body(ACCOUNT, `${QUEUE_URL}-${batch}-${i}`), `m-${batch}-${i}`),
      );
      expect(failedIds(await handler({ Records: records }))).to.deep.equal([]);
    }
    expect(aws.calls('SQS.GetQueueAttributes')).to.have.length(1000);
    expect(sts.send.callCount).to.equal(1);
  });

  it('fails a record whose findings cannot be published, so nothing is lost', async () => {
    let calls = 0;
    const { handler } = setup({
      publish: async () => {
        calls += 1;
        if (calls === 1) throw awsError('ThrottlingException', 'Rate exceeded', 400);
      },
    });
    const result = await handler({
      Records: [sqsRecord(body(ACCOUNT), 'first'), sqsRecord(body(ACCOUNT, `${QUEUE_URL}-b`), 'second')],
    });
    expect(result.batchItemFailures).to.have.length(1);
  });

  it('keeps an applied fix whose finding cannot be published: sent back to be published, not fixed again', async () => {
    const { handler, aws, queued, logger } = setup({
      settings: { remediate: true },
      republish: true,
      publish: async () => {
        throw awsError('AuthorizationError', 'not authorized to publish', 403);
      },
    });
    const result = await handler({ Records: [sqsRecord(body(ACCOUNT), 'fixed')] });
    // The record succeeds: the fix is made once, and its finding goes back to the queue.
    expect(failedIds(result)).to.deep.equal([]);
    expect(aws.calls('SQS.SetQueueAttributes')).to.have.length(1);
    expect(queued).to.have.length(1);
    expect(queued[0]).to.deep.include({
      QueueUrl: RESOURCE_QUEUE,
      MessageBody: body(ACCOUNT),
      DelaySeconds: 60,
    });
    const { stored, findings: pending } = JSON.parse(
      queued[0]!.MessageAttributes![PENDING_FINDINGS_ATTRIBUTE]!.StringValue!,
    );
    // Without a findings store there is nothing to store later: only publishing is left.
    expect(stored).to.equal(true);
    expect(
      pending.map((f: { check: string; remediation: { status: string } }) => [f.check, f.remediation.status]),
    ).to.deep.equal([['sqs.public', 'applied']]);
    expect(pending[0].before).to.have.property('Policy');
    // The finding, with its before, was in the log before the publish was tried.
    expect(logger.of('info').filter((e) => e.message === 'finding')).to.have.length(1);
  });

  it('publishes the findings a record carries without auditing the resource again', async () => {
    const { handler, aws, published } = setup({ settings: { remediate: true } });
    const finding = {
      check: 'sqs.public',
      severity: 'high',
      resource: resource('sqs', QUEUE_URL),
      message: 'Queue policy statement "Open" is public.',
      remediation: { action: 'remove 1 public policy statement', status: 'applied' },
      before: { Policy: '{}' },
    };
    const record = {
      ...sqsRecord(body(ACCOUNT), 'pending'),
      messageAttributes: {
        [PENDING_FINDINGS_ATTRIBUTE]: {
          stringValue: JSON.stringify({ stored: true, findings: [finding] }),
          dataType: 'String',
          stringListValues: [],
          binaryListValues: [],
        },
      },
    };
    const result = await handler({ Records: [record] });
    expect(failedIds(result)).to.deep.equal([]);
    expect(aws.sent).to.deep.equal([]);
    expect(published.map((p) => p.MessageAttributes?.status?.StringValue)).to.deep.equal(['applied']);
  });

  it('says in each finding what made the audit happen: the trigger attribute, or poll', async () => {
    const { handler, published } = setup();
    const fromEvent = {
      ...sqsRecord(body(ACCOUNT), 'event'),
      messageAttributes: {
        trigger: { stringValue: 'event', dataType: 'String', stringListValues: [], binaryListValues: [] },
      },
    };
    await handler({ Records: [fromEvent, sqsRecord(body(ACCOUNT, `${QUEUE_URL}-2`), 'plain')] });
    const findings = published.map((p) => JSON.parse(p.Message!.slice(p.Message!.indexOf('\n{'))));
    expect(findings.map((f) => [f.resource.id, f.trigger])).to.have.deep.members([
      [QUEUE_URL, 'event'],
      [`${QUEUE_URL}-2`, 'poll'],
    ]);
    expect(findings.every((f) => !Number.isNaN(Date.parse(f.observedAt)))).to.equal(true);
  });

  it('fails the whole invocation when every record fails', async () => {
    const { handler } = setup();
    let caught: unknown;
    await handler({ Records: [sqsRecord('nope', 'a'), sqsRecord(body(DENIED), 'b')] }).catch(
      (e: unknown) => (caught = e),
    );
    expect(caught).to.have.property('name', 'FullBatchFailureError');
  });

  it('acknowledges a type without an auditor and says so in the log', async () => {
    const { handler, logger, aws } = setup({ registry: auditorsOf(sqsAuditor) });
    const result = await handler({
      Records: [
        sqsRecord(
          serializeResourceMessage(resource('ecs_task', 'arn:aws:ecs:eu-west-1:111111111111:task/c/t')),
          't',
        ),
      ],
    });
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(logger.of('warn').map((e) => e.message)).to.deep.equal([
      'no auditor for this resource type; message acknowledged',
    ]);
    expect(aws.sent).to.deep.equal([]);
  });

  it('audits two records of one resource one after the other, never at once', async () => {
    let running = 0;
    let most = 0;
    const world = publicQueue();
    world['SQS.GetQueueAttributes'] = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return { Attributes: {} };
    };
    const { handler, aws } = setup({ world });
    await handler({
      Records: [sqsRecord(body(ACCOUNT), 'a'), sqsRecord(body(ACCOUNT), 'b'), sqsRecord(body(ACCOUNT), 'c')],
    });
    expect(aws.calls('SQS.GetQueueAttributes')).to.have.length(3);
    expect(most).to.equal(1);
  });
});

describe('remediator: known accounts', () => {
  it('fails the record rather than guess when Organizations cannot be listed', async () => {
    // A snapshot shared with an account the settings do not name: only the organization can say
    // whether it is a member.
    const world: World = {
      ...ebsSnapshotWorld({ permissions: [{ UserId: '777777777777' }] }),
      'Organizations.ListAccounts': () => {
        throw awsError('AccessDeniedException', 'You are not authorized to perform ListAccounts', 400);
      },
    };
    const { handler } = setup({
      world,
      settings: { organizationAccounts: ['333333333333'] },
      registry: auditorsOf(ebsSnapshotAuditor),
    });
    const result = await handler({
      Records: [
        sqsRecord(serializeResourceMessage(resource('ebs_snapshot', SNAPSHOT_ID)), 'needs-org'),
        sqsRecord(serializeResourceMessage(resource('ecs_task', 't')), 'other'),
      ],
    });
    expect(failedIds(result)).to.deep.equal(['needs-org']);
  });
});

describe('remediator: the findings store, as the Lambda wires it from its environment', () => {
  const env = { FINDINGS_TABLE: TABLE, FINDINGS_RETENTION_DAYS: '30' };
  /** What changed, as the notification's JSON says. */
  const changeOf = (p: PublishCommand['input']) =>
    JSON.parse(p.Message!.slice(p.Message!.indexOf('\n{'))).change as string;

  it('with FINDINGS_TABLE, reads and writes the table, and publishes only what changed', async () => {
    // Prepare: the table the component creates, first empty; a public queue.
    const table = fakeFindingsTable(TABLE);
    const id = findingId('sqs.public', resource('sqs', QUEUE_URL));
    const first = setup({ env, dynamo: table });

    // Act: the first audit opens the finding, the second sees it again.
    expect(failedIds(await first.handler({ Records: [sqsRecord(body(ACCOUNT), 'a')] }))).to.deep.equal([]);
    expect(failedIds(await first.handler({ Records: [sqsRecord(body(ACCOUNT), 'b')] }))).to.deep.equal([]);

    // Assess: read consistently, then written on the version read; one notification, the new finding.
    expect(table.sent.map((c) => c.operation)).to.deep.equal([
      'BatchGetItem',
      'PutItem',
      'BatchGetItem',
      'PutItem',
    ]);
    expect(table.sent[0]!.input).to.deep.equal({
      // Every check of the type: the stored findings the audit may resolve.
      RequestItems: {
        [TABLE]: {
          Keys: [{ id }, { id: findingId('sqs.shared_unknown_account', resource('sqs', QUEUE_URL)) }],
          ConsistentRead: true,
        },
      },
    });
    expect(table.sent[1]!.input).to.deep.include({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(id)',
    });
    expect(table.sent[3]!.input).to.deep.include({
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': 1 },
    });
    expect(table.items.get(id)).to.deep.include({ status: 'open', version: 2, check: 'sqs.public' });
    expect(table.items.get(id)).to.not.have.property('expiresAt');
    expect(first.published.map(changeOf)).to.deep.equal(['new']);

    // Act: the queue is private now; the finding is resolved, to expire after FINDINGS_RETENTION_DAYS.
    const second = setup({ env, dynamo: table, world: sqsWorld() });
    const before = Math.floor(Date.now() / 1000);
    await second.handler({ Records: [sqsRecord(body(ACCOUNT), 'c')] });
    const after = Math.ceil(Date.now() / 1000);

    // Assess
    const resolved = table.items.get(id)!;
    expect(resolved).to.deep.include({ status: 'resolved', version: 3 });
    expect(resolved.expiresAt).to.be.within(before + 30 * 86_400, after + 30 * 86_400);
    expect(second.published.map(changeOf)).to.deep.equal(['resolved']);
  });

  it('builds the store on the table named, with the retention given or 90 days', () => {
    const table = fakeFindingsTable(TABLE);
    const options = findingsStoreOptions(env, table);
    expect(options.store).to.be.instanceOf(DynamoFindingStore);
    expect((options.store as DynamoFindingStore).tableName).to.equal(TABLE);
    expect(options.retentionDays).to.equal(30);
    expect(findingsStoreOptions({ FINDINGS_TABLE: TABLE }, table).retentionDays).to.equal(90);
    expect(
      findingsStoreOptions({ FINDINGS_TABLE: TABLE, FINDINGS_RETENTION_DAYS: '0.5' }, table).retentionDays,
    ).to.equal(0.5);
  });

  it('without FINDINGS_TABLE, has no store: every finding is published, every time', async () => {
    expect(findingsStoreOptions({ FINDINGS_RETENTION_DAYS: '30' }, noTable)).to.deep.equal({});
    const { handler, published } = setup({ env: { FINDINGS_RETENTION_DAYS: '30' } });
    await handler({ Records: [sqsRecord(body(ACCOUNT), 'a')] });
    await handler({ Records: [sqsRecord(body(ACCOUNT), 'b')] });
    expect(published).to.have.length(2);
  });

  it('fails at start on a FINDINGS_RETENTION_DAYS that is not a number of days, naming it', () => {
    const start = (days: string) => () =>
      findingsStoreOptions({ FINDINGS_TABLE: TABLE, FINDINGS_RETENTION_DAYS: days }, noTable);
    expect(start('ninety')).to.throw(
      ConfigurationError,
      'environment variable FINDINGS_RETENTION_DAYS: "ninety" is not a number of days above 0 and at most 3650: write how many days a resolved finding is kept, e.g. 90 (the RemediationMaster component sets it from findingsTable.retentionDays)',
    );
    expect(start('0')).to.throw(
      ConfigurationError,
      'FINDINGS_RETENTION_DAYS: 0 is not a number of days above 0',
    );
    expect(start('-7')).to.throw(ConfigurationError, 'FINDINGS_RETENTION_DAYS: -7 is not a number of days');
    expect(start('3651')).to.throw(
      ConfigurationError,
      'FINDINGS_RETENTION_DAYS: 3651 is not a number of days',
    );
    expect(start(' ')).to.throw(ConfigurationError, 'FINDINGS_RETENTION_DAYS: " " is not a number of days');
    expect(start('Infinity')).to.throw(ConfigurationError, 'FINDINGS_RETENTION_DAYS: "Infinity" is not');
  });

  it("makes its document client on first use, with the package's client configuration, leaving undefined fields out", async () => {
    const make = dynamoDocumentClient({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_REGION: 'eu-west-1',
    });
    const client = (await make()) as unknown as {
      config: {
        translateConfig?: { marshallOptions?: { removeUndefinedValues?: boolean } };
        endpoint?: () => Promise<{ hostname: string; port?: number }>;
        retryMode?: unknown;
      };
    };
    expect(await make()).to.equal(client); // made once
    expect(client.config.translateConfig?.marshallOptions?.removeUndefinedValues).to.equal(true);
    const endpoint = await client.config.endpoint!();
    expect([endpoint.hostname, endpoint.port]).to.deep.equal(['127.0.0.1', 8000]);
  });
});
