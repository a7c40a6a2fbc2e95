import { expect } from 'chai';
import { installMocks, json, resourcesOf, settled } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const settings = { regions: ['eu-west-1', 'eu-central-1'], accounts: ['111111111111'] };
const KEY = 'arn:aws:kms:eu-west-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FUNCTIONS = ['translator', 'remediator', 'poll-planner', 'poll-worker'];
const USE_KEY = {
  Sid: 'UseQueueAndTopicKey',
  Effect: 'Allow',
  Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
  Resource: KEY,
};

describe('component: RemediationMaster with a customer-managed key (kmsKeyArn)', function () {
  this.timeout(60_000);

  before(async () => {
    await installMocks();
    const components: Components = await import('../../src/components');
    await settled([
      new components.RemediationMaster('kms', { settings, kmsKeyArn: KEY }),
      new components.RemediationMaster('nokms', { settings }),
    ]);
  });

  /** A function's policy statements, with the master's name taken out of the ARNs. */
  const statementsOf = (name: string, fn: string) =>
    json(
      JSON.stringify(
        json(resourcesOf(`${name}-${fn}`, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy).Statement,
      ).replaceAll(`:${name}-`, ':master-'),
    );

  it("ends every function's policy with the use of the key, and changes nothing else in it", () => {
    for (const fn of FUNCTIONS) {
      const statements = statementsOf('kms', fn);
      expect(statements.at(-1), fn).to.deep.equal(USE_KEY);
      expect(statements.slice(0, -1), fn).to.deep.equal(statementsOf('nokms', fn));
    }
  });

  it('without a key, grants no KMS action', () => {
    for (const fn of FUNCTIONS) {
      const actions = statementsOf('nokms', fn).flatMap((s: { Action: string | string[] }) =>
        [s.Action].flat(),
      );
      expect(
        actions.filter((a: string) => a.startsWith('kms:')),
        fn,
      ).to.deep.equal([]);
    }
  });

  it('encrypts the home queues, the findings topic and the home alarms topic with the key', () => {
    for (const queue of ['resources', 'resources-dlq', 'polls', 'polls-dlq']) {
      const inputs = resourcesOf(`kms-${queue}`, 'aws:sqs/queue:Queue').find(
        (q) => q.name === `kms-${queue}`,
      )!.inputs;
      expect(inputs.kmsMasterKeyId, queue).to.equal(KEY);
      expect(inputs, queue).to.not.have.property('sqsManagedSseEnabled');
    }
    // EventBridge sends to the events dead-letter queues, in every region: SQS-managed encryption.
    for (const q of resourcesOf('kms-events-dlq-', 'aws:sqs/queue:Queue')) {
      expect(q.inputs.sqsManagedSseEnabled, q.name).to.equal(true);
      expect(q.inputs, q.name).to.not.have.property('kmsMasterKeyId');
    }
    const topic = (name: string) =>
      resourcesOf(name, 'aws:sns/topic:Topic').find((t) => t.name === name)!.inputs;
    expect(topic('kms-findings').kmsMasterKeyId).to.equal(KEY);
    expect(topic('kms-alarms').kmsMasterKeyId).to.equal(KEY);
    // A key belongs to one region: the other regions' alarms topics are not encrypted.
    expect(topic('kms-alarms-eu-central-1')).to.not.have.property('kmsMasterKeyId');
    expect(topic('kms-alarms-us-east-1')).to.not.have.property('kmsMasterKeyId');
    // Without a key: aws/sns for findings; the alarms topic unencrypted (CloudWatch cannot use aws/sns).
    expect(topic('nokms-findings').kmsMasterKeyId).to.equal('alias/aws/sns');
    expect(topic('nokms-alarms')).to.not.have.property('kmsMasterKeyId');
  });
});
