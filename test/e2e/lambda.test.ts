import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, type Message, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { ACCOUNTS, HOME, MASTER, MEMBER_ROLE, REGIONS, awsEnv, eventBridge } from './aws';
import { type Delivery, type SqsHandler, drainToFunction, takeAll } from './event-source';
import { e2e, summary } from './hooks';
import {
  type PrintedFinding,
  REMEDIATE,
  SETTINGS_BASE,
  type World,
  expectMentions,
  expectUnchanged,
  expectedFindings,
  findingLine,
  messageKey,
  readRules,
  seedWorld,
  sortMessages,
} from './world/index';

const BUNDLES = resolve(__dirname, '..', '..', 'dist', 'lambda');

/** A queue of the security account, as the RemediationMaster component makes it (short timeouts for the test). */
interface Queue {
  readonly url: string;
  readonly arn: string;
  readonly region: string;
}

/** The redrive of the component's queues: 5 receives, then the dead-letter queue. */
const MAX_RECEIVES = 5;

async function createQueue(sqs: SQSClient, region: string, name: string, dlq?: Queue): Promise<Queue> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        // The component sets six times the consumer's timeout; a second keeps retries quick here.
        VisibilityTimeout: '1',
        ...(dlq
          ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: MAX_RECEIVES }) }
          : {}),
      },
    }),
  );
  return { url: QueueUrl!, arn: `arn:aws:sqs:${region}:${MASTER}:${name}`, region };
}

/** A CloudTrail "AWS API Call via CloudTrail" event's detail, as a member account's trail records it. */
function apiCallDetail(options: {
  account: string;
  region: string;
  source: string;
  name: string;
  request: unknown;
  role: string;
  errorCode?: string;
}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAE2EEXAMPLE:session`,
      arn: `arn:aws:sts::${options.account}:assumed-role/${options.role}/session`,
      accountId: options.account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAE2EEXAMPLE',
          arn: `arn:aws:iam::${options.account}:role/${options.role}`,
          accountId: options.account,
          userName: options.role,
        },
      },
    },
    eventTime: new Date().toISOString(),
    eventSource: options.source,
    eventName: options.name,
    awsRegion: options.region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.0',
    requestParameters: options.request,
    responseElements: options.errorCode ? null : { _return: true },
    eventType: 'AwsApiCall',
    recipientAccountId: options.account,
    ...(options.errorCode ? { errorCode: options.errorCode, errorMessage: 'not allowed' } : {}),
  };
}

/** The finding a notification carries: the JSON after the readable part of the message. */
function findingOf(notification: Message): PrintedFinding {
  const body = notification.Body ?? '';
  return JSON.parse(body.slice(body.indexOf('\n{\n') + 1)) as PrintedFinding;
}

describe('e2e: the Lambda bundles against moto (planner, worker, remediator, translator)', function () {
  let world: World;
  let dir: string;
  const saved = { ...process.env };
  let sqs: SQSClient;
  let pollQueue: Queue;
  let pollDlq: Queue;
  let resourceQueue: Queue;
  let resourceDlq: Queue;
  let findingsCapture: Queue;
  let eventsQueue: Queue;
  let busName: string;
  let planner: () => Promise<{ accounts: number; tasks: number; calls: number }>;
  let worker: SqsHandler;
  let remediator: SqsHandler;
  let translator: (event: unknown) => Promise<{ outcome: string; sent: number }>;

  before(async function () {
    this.timeout(120_000);
    const { endpoint, accounts, reset } = e2e();
    await reset();
    world = await seedWorld(accounts);

    // The security account's side, as RemediationMaster deploys it in the home region.
    sqs = accounts.client(SQSClient, MASTER, HOME);
    pollDlq = await createQueue(sqs, HOME, 'e2e-poll-dlq');
    pollQueue = await createQueue(sqs, HOME, 'e2e-poll', pollDlq);
    resourceDlq = await createQueue(sqs, HOME, 'e2e-resources-dlq');
    // (The component also delays resource messages by 15 s to damp loops; not here.)
    resourceQueue = await createQueue(sqs, HOME, 'e2e-resources', resourceDlq);
    findingsCapture = await createQueue(sqs, HOME, 'e2e-findings-capture');
    const sns = accounts.client(SNSClient, MASTER, HOME);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'e2e-findings' }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: findingsCapture.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    // The event bus of the second region, with the rule of the generated pattern. The rule's target
    // is a queue the test reads, standing in for that region's translator function.
    const region = REGIONS[1];
    const events = (action: string, input: unknown) =>
      eventBridge(endpoint.url, accounts, MASTER, region, action, input);
    busName = 'e2e-remediation';
    await events('CreateEventBus', { Name: busName });
    eventsQueue = await createQueue(
      accounts.client(SQSClient, MASTER, region),
      region,
      'e2e-translator-input',
    );
    // One rule per pattern of the table, as the component makes them.
    const patterns = buildEventPatterns();
    for (const [i, pattern] of patterns.entries()) {
      const Name = i === 0 ? 'translator' : `translator-${i}`;
      await events('PutRule', { Name, EventBusName: busName, EventPattern: JSON.stringify(pattern) });
      await events('PutTargets', {
        Rule: Name,
        EventBusName: busName,
        Targets: [{ Id: 'translator', Arn: eventsQueue.arn }],
      });
    }

    // What the component gives each function: settings.json and its environment variables.
    dir = mkdtempSync(join(tmpdir(), 'e2e-lambda-'));
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...SETTINGS_BASE, remediate: REMEDIATE }));
    Object.assign(process.env, awsEnv(endpoint.url), {
      REMEDIATION_SETTINGS_FILE: settingsFile,
      POLL_QUEUE_URL: pollQueue.url,
      RESOURCE_QUEUE_URL: resourceQueue.url,
      NOTIFICATION_TOPIC_ARN: TopicArn,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    /* eslint-disable @typescript-eslint/no-require-imports */
    planner = (require(join(BUNDLES, 'poll-planner', 'index.js')) as { handler: typeof planner }).handler;
    worker = (require(join(BUNDLES, 'poll-worker', 'index.js')) as { handler: SqsHandler }).handler;
    remediator = (require(join(BUNDLES, 'remediator', 'index.js')) as { handler: SqsHandler }).handler;
    translator = (require(join(BUNDLES, 'translator', 'index.js')) as { handler: typeof translator }).handler;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });

  after(() => {
    process.env = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the poll planner sends one task per account and region to the poll queue', async () => {
    const result = await planner();
    expect(result).to.deep.equal({ accounts: ACCOUNTS.length, tasks: 4, calls: 1 });
  });

  it('the poll worker sweeps every task; a body that is not a task alone stays on the queue, then goes to the DLQ', async function () {
    this.timeout(60_000);
    const poison = 'not a poll task';
    await sqs.send(new SendMessageCommand({ QueueUrl: pollQueue.url, MessageBody: poison }));

    const deliveries = await drainToFunction(sqs, pollQueue, worker);

    const tasks = deliveries.filter((d) => d.body !== poison);
    expect(tasks.map((d) => JSON.parse(d.body) as unknown)).to.have.deep.members(
      ACCOUNTS.flatMap((account) =>
        REGIONS.map((region) => ({ account, region, global: region === HOME, onlyTestResources: false })),
      ),
    );
    // Each task once, none failed: the worker deleted them all.
    expect(tasks.map((d) => [d.receiveCount, d.failed])).to.deep.equal(tasks.map(() => [1, false]));
    const bad = deliveries.filter((d) => d.body === poison);
    expect(bad.map((d) => [d.receiveCount, d.failed])).to.deep.equal([1, 2, 3, 4, 5].map((n) => [n, true]));
    expect((await takeAll(sqs, pollDlq.url)).map((m) => m.Body)).to.deep.equal([poison]);
  });

  let deliveries: Delivery[];

  it('the remediator audits every resource message; only the poison record stays on the queue, then goes to the DLQ', async function () {
    this.timeout(90_000);
    const poison = '{"account": 42}';
    await sqs.send(new SendMessageCommand({ QueueUrl: resourceQueue.url, MessageBody: poison }));

    deliveries = await drainToFunction(sqs, resourceQueue, remediator);

    const good = deliveries.filter((d) => d.body !== poison);
    // The worker's messages: every resource of the sweep, once each, none failed.
    expect(sortMessages(good.map((d) => JSON.parse(d.body) as never))).to.deep.equal(world.messages());
    expect(good.every((d) => d.receiveCount === 1 && !d.failed)).to.equal(true);
    const bad = deliveries.filter((d) => d.body === poison);
    expect(bad.map((d) => [d.receiveCount, d.failed])).to.deep.equal([1, 2, 3, 4, 5].map((n) => [n, true]));
    expect((await takeAll(sqs, resourceDlq.url)).map((m) => m.Body)).to.deep.equal([poison]);
  });

  it('publishes each finding to the topic, and every fix reads back from the server', async () => {
    const notifications = await takeAll(sqs, findingsCapture.url);
    const findings = notifications.map(findingOf);
    expect(findings.map(findingLine).sort()).to.deep.equal(expectedFindings(world, 'applied'));
    expectMentions(world, findings);
    // The message attributes subscriptions filter on.
    for (const [i, n] of notifications.entries()) {
      expect(n.MessageAttributes?.status?.StringValue).to.equal(findings[i]!.remediation.status);
      expect(n.MessageAttributes?.check?.StringValue).to.equal(findings[i]!.check);
    }
    const fixed = world.fixable;
    await Promise.all(fixed.map(async (r) => r.verifyFixed!(await r.read(), r.initial)));
    const skip = new Set(fixed.map((r) => messageKey(r.message)));
    await Promise.all(world.resources.filter((x) => !skip.has(messageKey(x.message))).map(expectUnchanged));
    const good = deliveries.filter((d) => !d.failed).length;
    summary.push(
      `Lambda bundles: ${world.seeded.length} resources seeded; 4 poll tasks swept; ${good} resource messages ` +
        `audited by the remediator (the poison record failed ${deliveries.length - good} times, then went to the DLQ); ` +
        `${findings.length} findings published; ${findings.filter((f) => f.remediation.status === 'applied').length} ` +
        `fixes on ${fixed.length} resources read back and verified`,
    );
  });

  it('an EventBridge event of a change goes through the translator to a fix; a failed call and the remediator’s own change do not', async function () {
    this.timeout(60_000);
    const { accounts } = e2e();
    const account = ACCOUNTS[1];
    const region = REGIONS[1];
    const group = world.find(
      (r) =>
        r.message.type === 'security_group' &&
        r.message.account === account &&
        r.message.region === region &&
        !!r.verifyFixed,
    );
    const GroupId = group.message.id;
    // Someone opens RDP to the world again.
    const ec2 = accounts.client(EC2Client, account, region);
    const rules = await readRules(ec2, GroupId);
    const rdp = [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: rdp }));
    expect(await readRules(ec2, GroupId)).to.deep.equal([...rules, 'tcp 3389-3389 0.0.0.0/0'].sort());

    // Its CloudTrail event, and two that must not lead to an audit, reach the bus of the region.
    const request = {
      groupId: GroupId,
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389 }] },
    };
    const entry = (detail: Record<string, unknown>) => ({
      EventBusName: busName,
      // AWS refuses PutEvents with an "aws." source (only AWS services send those); moto accepts it,
      // which lets the test play the part of CloudTrail and of the member account's forwarding rule.
      Source: 'aws.ec2',
      DetailType: 'AWS API Call via CloudTrail',
      Detail: JSON.stringify(detail),
    });
    const call = {
      account,
      region,
      source: 'ec2.amazonaws.com',
      name: 'AuthorizeSecurityGroupIngress',
      request,
    };
    const put = await eventBridge(e2e().endpoint.url, accounts, MASTER, region, 'PutEvents', {
      Entries: [
        entry(apiCallDetail({ ...call, role: 'developer' })),
        entry(apiCallDetail({ ...call, role: 'developer', errorCode: 'Client.UnauthorizedOperation' })),
        entry(apiCallDetail({ ...call, role: MEMBER_ROLE })),
      ],
    });
    expect(put.FailedEntryCount ?? 0).to.equal(0);

    // The rule of the generated pattern lets through the calls that succeeded, not the failed one.
    const eventsSqs = accounts.client(SQSClient, MASTER, region);
    const delivered = (await takeAll(eventsSqs, eventsQueue.url)).map(
      (m) => JSON.parse(m.Body!) as { detail: { userIdentity: { arn: string } } },
    );
    expect(delivered.map((e) => e.detail.userIdentity.arn).sort()).to.deep.equal([
      `arn:aws:sts::${account}:assumed-role/developer/session`,
      `arn:aws:sts::${account}:assumed-role/${MEMBER_ROLE}/session`,
    ]);
    const results = [];
    for (const event of delivered) results.push(await translator(event));
    expect(results.map((r) => [r.outcome, r.sent]).sort()).to.deep.equal([
      ['own_change', 0],
      ['translated', 1],
    ]);

    // The remediator takes the message from the queue and revokes the rule.
    const audit = await drainToFunction(sqs, resourceQueue, remediator);
    expect(audit.map((d) => [JSON.parse(d.body) as unknown, d.failed])).to.deep.equal([
      [{ account, region, type: 'security_group', id: GroupId, delay: 0 }, false],
    ]);
    const findings = (await takeAll(sqs, findingsCapture.url)).map(findingOf);
    expect(findings.map(findingLine)).to.deep.equal([
      `${messageKey(group.message)} security_group.public_ingress applied`,
    ]);
    expect(findings[0]!.before).to.deep.equal({ IpPermissions: rdp });
    // Exactly the new rule is gone.
    expect(await readRules(ec2, GroupId)).to.deep.equal(rules);
    expect(await takeAll(sqs, resourceDlq.url)).to.deep.equal([]);
    summary.push(
      'EventBridge -> translator -> remediator: 3 events put, 2 matched the rule, 1 translated, 1 fix read back',
    );
  });
});
