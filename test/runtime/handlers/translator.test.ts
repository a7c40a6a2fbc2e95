import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sinon from 'sinon';
import { DeliveryError } from '../../../src/runtime/errors';
import { createTranslatorHandler } from '../../../src/runtime/events/forward';
import { OWNER, REGION, apiCall } from '../../helpers/events';
import { startFakeSqs } from '../../helpers/fake-sqs-server';
import { stubSqs } from '../../helpers/sqs';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/resources';
const runInstances = (ids: string[], roleName?: string) =>
  apiCall({
    source: 'ec2.amazonaws.com',
    name: 'RunInstances',
    response: { instancesSet: { items: ids.map((instanceId) => ({ instanceId })) } },
    roleName,
  });

function setup(sqs = stubSqs()) {
  const logger = { info: sinon.fake(), debug: sinon.fake() };
  const handler = createTranslatorHandler({
    sqs,
    queueUrl: QUEUE,
    memberRoleName: 'member_remediator',
    logger,
    send: { sleep: async () => undefined },
  });
  return { sqs, logger, handler };
}

describe('handler: translator', () => {
  it('sends the messages of an event to the resource queue', async () => {
    const { sqs, handler } = setup();
    const result = await handler(runInstances(['i-1', 'i-2']));
    expect(result).to.deep.equal({ outcome: 'translated', call: 'ec2.amazonaws.com RunInstances', sent: 2 });
    expect(sqs.inputs()).to.deep.equal([
      {
        QueueUrl: QUEUE,
        Entries: ['i-1', 'i-2'].map((id, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({ account: OWNER, region: REGION, type: 'ec2', id, delay: 0 }),
          // What sent it, outside the (wire-compatible) body.
          MessageAttributes: { trigger: { DataType: 'String', StringValue: 'event' } },
        })),
      },
    ]);
  });

  it("sends nothing for the remediator's own changes, and logs why", async () => {
    const { sqs, logger, handler } = setup();
    const result = await handler(runInstances(['i-1'], 'member_remediator'));
    expect(result.outcome).to.equal('own_change');
    expect(sqs.send.callCount).to.equal(0);
    expect(
      logger.info.calledWithMatch('event yields no resource message', { outcome: 'own_change' }),
    ).to.equal(true);
  });

  it('does not throw on an event it cannot use', async () => {
    const { sqs, handler } = setup();
    expect((await handler({ hello: 'world' })).outcome).to.equal('not_api_call');
    expect(sqs.send.callCount).to.equal(0);
  });

  it('throws when a message could not be delivered, so the invocation is retried', async () => {
    const failing = stubSqs((entries) => ({
      Successful: [],
      Failed: entries.map((e) => ({ Id: e.Id!, SenderFault: false, Code: 'InternalError' })),
    }));
    const { handler } = setup(failing);
    const error = await handler(runInstances(['i-1'])).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DeliveryError);
  });
});

describe('handler: translator bundle (dist/lambda/translator)', function () {
  const bundle = resolve(__dirname, '..', '..', '..', 'dist', 'lambda', 'translator', 'index.js');
  const saved = { ...process.env };

  before(function () {
    if (!existsSync(bundle)) this.skip(); // `npm test` builds first; `npm run test:unit` alone may not
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('loads settings.json, reads its queue from the environment and sends with the real SDK', async () => {
    // Prepare: what the RemediationMaster component provides, and an SQS endpoint on loopback.
    const sqs = await startFakeSqs();
    const dir = mkdtempSync(join(tmpdir(), 'translator-'));
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ regions: ['eu-west-1'], accounts: [OWNER], memberRoleName: 'fixer' }),
    );
    Object.assign(process.env, {
      REMEDIATION_SETTINGS_FILE: join(dir, 'settings.json'),
      RESOURCE_QUEUE_URL: QUEUE,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL: sqs.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    try {
      // Act
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(bundle) as { handler: (event: unknown) => Promise<{ sent: number }> };
      const sent = await handler(runInstances(['i-1']));
      const own = await handler(runInstances(['i-2'], 'fixer'));
      // Assess
      expect(sent.sent).to.equal(1);
      expect(own.sent).to.equal(0);
      expect(sqs.received).to.have.length(1);
      expect(sqs.received[0]!.target).to.equal('AmazonSQS.SendMessageBatch');
      expect(sqs.received[0]!.body.QueueUrl).to.equal(QUEUE);
      expect(JSON.parse(sqs.received[0]!.body.Entries[0]!.MessageBody)).to.deep.equal({
        account: OWNER,
        region: REGION,
        type: 'ec2',
        id: 'i-1',
        delay: 0,
      });
    } finally {
      await sqs.close();
    }
  });
});
