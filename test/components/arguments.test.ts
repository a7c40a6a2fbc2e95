import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import type { MemberAccountArgs } from '../../src/components';
import { installMocks, recorded, resourcesOf, settled } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const settings = { regions: ['eu-west-1'], accounts: ['111111111111'] };
const MASTER_ROLES = ['arn:aws:iam::000000000000:role/sec-remediator-1a2b3c'];
const BUSES = { 'eu-west-1': 'arn:aws:events:eu-west-1:000000000000:event-bus/sec-bus-eu-west-1' };

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

/**
 * The resources recorded under a name prefix, once registrations under way have arrived: none when a
 * constructor failed before creating anything.
 */
async function createdUnder(prefix: string) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return recorded.filter((r) => r.name.startsWith(prefix));
}

describe('component arguments: checked before anything is created', function () {
  let components: Components;

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
  });

  it('settings.regions: a region no partition of the AWS SDK lists fails, with the nearest real one', async () => {
    const message = errorOf(
      () =>
        new components.RemediationMaster('argreg', {
          settings: { regions: ['eu-wset-1', 'us-east-9'], accounts: ['111111111111'] },
        }),
    );
    expect(message).to.contain(
      'settings.regions[0]: "eu-wset-1" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "eu-west-1"?)',
    );
    expect(message).to.contain(
      'settings.regions[1]: "us-east-9" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "us-east-1"?)',
    );
    expect(await createdUnder('argreg-')).to.deep.equal([]);
    // The member side validates the same settings the same way.
    expect(
      errorOf(
        () =>
          new components.MemberAccount('argregm', {
            settings: { regions: ['eu-wset-1'], accounts: ['111111111111'] },
            masterRoleArns: MASTER_ROLES,
            forwarderRegions: [],
          }),
      ),
    ).to.contain('settings.regions[0]: "eu-wset-1" is not an AWS region code');
    expect(await createdUnder('argregm-')).to.deep.equal([]);
  });

  it('homeRegion and eventRegions: region codes the AWS SDK knows, each error naming its field', async () => {
    const message = errorOf(
      () =>
        new components.RemediationMaster('arghome', {
          settings,
          homeRegion: 'eu-wset-1',
          eventRegions: ['eu-west-1', 'us-east-9'],
        }),
    );
    expect(message).to.equal(
      [
        'Invalid RemediationMaster arguments (2 problems):',
        '  - homeRegion: "eu-wset-1" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "eu-west-1"?)',
        '  - eventRegions[1]: "us-east-9" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "us-east-1"?)',
      ].join('\n'),
    );
    expect(await createdUnder('arghome-')).to.deep.equal([]);
  });

  it('accepts an opt-in home region, and GovCloud and China settings', async () => {
    const optIn = new components.RemediationMaster('argoptin', {
      settings: { regions: ['af-south-1'], accounts: ['111111111111'] },
      homeRegion: 'af-south-1',
      eventRegions: ['af-south-1', 'us-east-1'],
    });
    await settled([optIn]);
    expect(optIn.homeRegion).to.equal('af-south-1');
    expect(resourcesOf('argoptin-resources', 'aws:sqs/queue:Queue')[0]!.inputs.region).to.equal('af-south-1');
    const gov = new components.MemberAccount('arggov', {
      settings: { regions: ['us-gov-west-1', 'us-gov-east-1'], accounts: ['111111111111'] },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    const china = new components.MemberAccount('argcn', {
      settings: { regions: ['cn-north-1'], accounts: ['111111111111'] },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([gov, china]);
    expect(gov.settings.regions).to.deep.equal(['us-gov-west-1', 'us-gov-east-1']);
    expect(china.settings.regions).to.deep.equal(['cn-north-1']);
  });

  it('forwarderRegions and an EventForwarder region: region codes the AWS SDK knows', async () => {
    expect(
      errorOf(
        () =>
          new components.MemberAccount('argfwd', {
            settings,
            masterRoleArns: MASTER_ROLES,
            eventBusArns: BUSES,
            forwarderRegions: ['eu-west-1', 'eu-wset-1'],
          }),
      ),
    ).to.equal(
      'Invalid MemberAccount arguments (1 problem):\n  - forwarderRegions[1]: "eu-wset-1" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "eu-west-1"?)',
    );
    expect(await createdUnder('argfwd-')).to.deep.equal([]);
    expect(
      errorOf(
        () =>
          new components.EventForwarder('argef', {
            region: 'ap-southest-2',
            targetBusArn: BUSES['eu-west-1'],
            roleArn: MASTER_ROLES[0]!,
          }),
      ),
    ).to.contain(
      'region: "ap-southest-2" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "ap-southeast-2"?)',
    );
    expect(await createdUnder('argef-')).to.deep.equal([]);
  });

  it('schedule: an EventBridge rate or cron expression, with what to write instead', async () => {
    const scheduleError = (schedule: string) =>
      errorOf(() => new components.RemediationMaster(`argsched`, { settings, schedule }));
    expect(scheduleError('rate(1 hours)')).to.equal(
      'Invalid RemediationMaster arguments (1 problem):\n  - schedule: "rate(1 hours)" is not an EventBridge schedule expression: with a value of 1 the unit is singular: "rate(1 hour)"',
    );
    expect(scheduleError('cron(0 3 * * *)')).to.contain(
      'schedule: "cron(0 3 * * *)" is not an EventBridge schedule expression: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has 5',
    );
    expect(scheduleError('every day')).to.contain(
      'schedule: "every day" is not an EventBridge schedule expression: use "rate(<value> <unit>)" or "cron(',
    );
    expect(await createdUnder('argsched-')).to.deep.equal([]);

    const ok = new components.RemediationMaster('argcron', {
      settings,
      schedule: 'cron(0 3 ? * MON-FRI *)',
      eventRegions: ['eu-west-1', 'us-east-1'],
    });
    await settled([ok]);
    expect(
      resourcesOf('argcron-sweep', 'aws:cloudwatch/eventRule:EventRule')[0]!.inputs.scheduleExpression,
    ).to.equal('cron(0 3 ? * MON-FRI *)');
  });

  it('schedule: an output is checked once known, with the same message', async () => {
    const { checkedSchedule } = await import('../../src/components/validation');
    const parent = new pulumi.ComponentResource('test:index:Parent', 'argsched-output');
    const settle = (input: pulumi.Input<string>) =>
      (pulumi.output(input) as unknown as { promise(): Promise<string> }).promise();
    expect(
      await settle(checkedSchedule(pulumi.output('rate(6 hours)'), 'RemediationMaster', parent)),
    ).to.equal('rate(6 hours)');
    let failure: unknown;
    await settle(checkedSchedule(pulumi.output('rate(6 hour)'), 'RemediationMaster', parent)).catch(
      (error: unknown) => (failure = error),
    );
    expect(failure).to.be.instanceOf(pulumi.ResourceError);
    expect((failure as Error).message).to.contain(
      'schedule: "rate(6 hour)" is not an EventBridge schedule expression: with a value above 1 the unit is plural: "rate(6 hours)"',
    );
  });

  it('masterRoleArns: an empty list is rejected before anything is created; an output is checked once known', async () => {
    expect(
      errorOf(
        () =>
          new components.MemberAccount('argempty', { settings, masterRoleArns: [], forwarderRegions: [] }),
      ),
    ).to.equal('masterRoleArns is empty: pass RemediationMaster.memberTrustRoleArns');
    expect(await createdUnder('argempty-')).to.deep.equal([]);
    // Not known until deployment (an output): the trust fails once the list is known.
    const { memberTrustPolicy } = await import('../../src/components/member-account');
    const parent = new pulumi.ComponentResource('test:index:Parent', 'arglater');
    let failure: unknown;
    await (
      memberTrustPolicy(pulumi.output([] as string[]), undefined, parent) as unknown as {
        promise(): Promise<string>;
      }
    )
      .promise()
      .catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(pulumi.ResourceError);
    expect((failure as Error).message).to.equal(
      'masterRoleArns is empty: pass RemediationMaster.memberTrustRoleArns',
    );
  });

  it('eventBusArns: required by the types unless forwarderRegions is [], and at run time with a clear error', async () => {
    // @ts-expect-error eventBusArns is required when forwarderRegions is not []
    const missing: MemberAccountArgs = { settings, masterRoleArns: MASTER_ROLES };
    // @ts-expect-error eventBusArns is required when forwarderRegions lists regions
    const listed: MemberAccountArgs = {
      settings,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: ['eu-west-1'],
    };
    const none: MemberAccountArgs = { settings, masterRoleArns: MASTER_ROLES, forwarderRegions: [] };
    const forwarding: MemberAccountArgs = { settings, masterRoleArns: MASTER_ROLES, eventBusArns: BUSES };
    expect(none.forwarderRegions).to.deep.equal([]);
    expect(forwarding.eventBusArns).to.equal(BUSES);
    for (const [label, args] of [
      ['argnobus', missing],
      ['argnobus2', listed],
    ] as const) {
      expect(errorOf(() => new components.MemberAccount(label, args))).to.equal(
        'eventBusArns is required to forward events: pass RemediationMaster.eventBusArns, or forwarderRegions: [] to declare EventForwarders yourself',
      );
      expect(await createdUnder(`${label}-`)).to.deep.equal([]);
    }
  });
});
