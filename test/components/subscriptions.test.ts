import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import { installMocks, json, optionsOf, recorded, resourcesOf, settled, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const settings = { regions: ['eu-west-1', 'eu-central-1'], accounts: ['111111111111'] };
const SUBSCRIPTION = 'aws:sns/topicSubscription:TopicSubscription';
const SUBSCRIPTIONS = [
  { protocol: 'email', endpoint: 'security@example.com', filterPolicy: { severity: ['critical'] } },
  { protocol: 'https', endpoint: 'https://hooks.example.com/alarms' },
  { protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:000000000000:alarms', filterPolicy: { type: ['sqs'] } },
];
/** The keys the subscriptions above are named by: their protocol and endpoint. */
const KEYS = [
  'email-security@example.com',
  'https-https-hooks.example.com-alarms',
  'sqs-arn-aws-sqs-eu-west-1-000000000000-alarms',
];
/** The name prefixes of a master's subscriptions: findings, and the alarms topic of each watched region. */
const prefixesOf = (name: string) => [
  `${name}-findings-subscription`,
  `${name}-alarms-subscription`,
  `${name}-alarms-eu-central-1-subscription`,
  `${name}-alarms-us-east-1-subscription`,
];

/** What a constructor throws; fails the test when it throws nothing. */
function errorOf(construct: () => unknown): string {
  try {
    construct();
  } catch (error) {
    expect(error).to.be.instanceOf(pulumi.ResourceError);
    return (error as Error).message;
  }
  expect.fail('the arguments were accepted');
}

/** The resources recorded under a name prefix, once registrations under way have arrived. */
async function createdUnder(prefix: string) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return recorded.filter((r) => r.name.startsWith(prefix));
}

describe('component: RemediationMaster subscriptions', function () {
  let components: Components;
  let ordered: InstanceType<Components['RemediationMaster']>;

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
    ordered = new components.RemediationMaster('subord', {
      settings,
      notificationSubscriptions: SUBSCRIPTIONS,
      alarmSubscriptions: SUBSCRIPTIONS,
    });
    const reversed = new components.RemediationMaster('subrev', {
      settings,
      notificationSubscriptions: [...SUBSCRIPTIONS].reverse(),
      alarmSubscriptions: [...SUBSCRIPTIONS].reverse(),
    });
    await settled([ordered, reversed]);
  });

  it('names each subscription by its protocol and endpoint, so reordering the lists renames nothing', () => {
    const named = (name: string) =>
      resourcesOf(`${name}-`, SUBSCRIPTION)
        .map((s) => [s.name.slice(name.length), s.inputs.protocol, s.inputs.endpoint, s.inputs.region])
        .sort();
    expect(named('subord')).to.have.length(4 * 3);
    expect(named('subrev')).to.deep.equal(named('subord'));
    for (const prefix of prefixesOf('subord')) {
      const names = resourcesOf(`${prefix}-`, SUBSCRIPTION).map((s) => s.name);
      expect(names.sort()).to.deep.equal(KEYS.map((key) => `${prefix}-${key}`).sort());
    }
  });

  it('keeps the name of each former position as an alias, under the same parent', async () => {
    const urn = await valueOf(ordered.urn);
    for (const prefix of prefixesOf('subord')) {
      KEYS.forEach((key, index) => {
        const options = optionsOf(SUBSCRIPTION, `${prefix}-${key}`);
        expect(options, `${prefix}-${key}`).to.deep.equal({
          parent: urn,
          aliases: [{ name: `${prefix}-${index}`, parent: urn }],
        });
      });
    }
  });

  it("gives every region's alarms subscriptions their filter policy, as the findings subscriptions get theirs", () => {
    for (const prefix of prefixesOf('subord')) {
      const [email, https, sqs] = KEYS.map((key) => resourcesOf(`${prefix}-${key}`, SUBSCRIPTION)[0]!.inputs);
      expect(json(email.filterPolicy), prefix).to.deep.equal({ severity: ['critical'] });
      expect(https, prefix).to.not.have.property('filterPolicy');
      expect(json(sqs.filterPolicy), prefix).to.deep.equal({ type: ['sqs'] });
    }
    // Each subscription is in the region of its topic.
    for (const s of resourcesOf('subord-alarms-', SUBSCRIPTION)) {
      const region = /^subord-alarms-(?:(.+)-)?subscription-/.exec(s.name)![1] ?? 'eu-west-1';
      expect(s.inputs.region, s.name).to.equal(region);
      expect(s.inputs.topic, s.name).to.match(new RegExp(`^arn:aws:sns:${region}:`));
    }
  });

  it('asks for a key when the endpoint is an output, before creating anything, and names the subscription by it', async () => {
    const queue = pulumi.output('arn:aws:sqs:eu-west-1:000000000000:ops');
    expect(
      errorOf(
        () =>
          new components.RemediationMaster('subout', {
            settings,
            eventRegions: ['eu-west-1', 'us-east-1'],
            alarmSubscriptions: [{ protocol: 'sqs', endpoint: queue }],
          }),
      ),
    ).to.equal(
      "Invalid RemediationMaster arguments (1 problem):\n  - alarmSubscriptions[0]: the protocol or endpoint is an output, not known when the subscription's resources are named: give it a key (key: 'security-queue')",
    );
    expect(await createdUnder('subout-')).to.deep.equal([]);

    const keyed = new components.RemediationMaster('subkey', {
      settings,
      eventRegions: ['eu-west-1', 'us-east-1'],
      alarmSubscriptions: [{ protocol: 'sqs', endpoint: queue, key: 'ops-queue' }],
    });
    await settled([keyed]);
    const [subscription] = resourcesOf('subkey-alarms-subscription-', SUBSCRIPTION);
    expect(subscription!.name).to.equal('subkey-alarms-subscription-ops-queue');
    expect(subscription!.inputs.endpoint).to.equal('arn:aws:sqs:eu-west-1:000000000000:ops');
  });

  it('refuses a key that is not one, and two subscriptions with the same key', async () => {
    const message = errorOf(
      () =>
        new components.RemediationMaster('subdup', {
          settings,
          notificationSubscriptions: [SUBSCRIPTIONS[0]!, { ...SUBSCRIPTIONS[0]!, filterPolicy: undefined }],
          alarmSubscriptions: [{ ...SUBSCRIPTIONS[1]!, key: '0' }],
        }),
    );
    expect(message).to.equal(
      [
        'Invalid RemediationMaster arguments (2 problems):',
        '  - notificationSubscriptions[1] has the same key as notificationSubscriptions[0] ("email-security@example.com"): subscribe an endpoint once, or give them different keys',
        '  - alarmSubscriptions[0].key: "0" is not a key: start with a letter, then letters, digits and . _ @ + -',
      ].join('\n'),
    );
    expect(await createdUnder('subdup-')).to.deep.equal([]);
  });
});
