import { expect } from 'chai';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { memberRoleActions } from '../../src/runtime/permissions';
import { installMocks, json, recorded, resourcesOf, settled, valueOf } from '../helpers/pulumi';
import { actionExists } from '../helpers/iam';

type Components = typeof import('../../src/components');

const MASTER_ROLES = [
  'arn:aws:iam::000000000000:role/sec-remediator-1a2b3c',
  'arn:aws:iam::000000000000:role/sec-poll-worker-1a2b3c',
  'arn:aws:iam::000000000000:role/sec-poll-planner-1a2b3c',
];
const BUSES = {
  'eu-west-1': 'arn:aws:events:eu-west-1:000000000000:event-bus/sec-bus-eu-west-1',
  'us-east-1': 'arn:aws:events:us-east-1:000000000000:event-bus/sec-bus-us-east-1',
};
const settings = { regions: ['eu-west-1'], accounts: ['111111111111'], externalId: 'shared-secret' };

describe('component: MemberAccount', function () {
  let components: Components;

  before(async function () {
    await installMocks();
    components = await import('../../src/components');
  });

  it('creates the member role, named as settings say, trusting only the master roles with the ExternalId', async () => {
    const member = new components.MemberAccount('acct1', {
      settings,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
    });
    await settled([member, member.memberRole]);
    const role = resourcesOf('acct1-member', 'aws:iam/role:Role')[0]!;
    expect(role.inputs.name).to.equal('member_remediator');
    expect(json(await valueOf(role.inputs.assumeRolePolicy))).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'MasterFunctionsOnly',
          Effect: 'Allow',
          Principal: { AWS: MASTER_ROLES },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
        },
      ],
    });
  });

  it('grants read actions only when remediation is off, and the fixes too when it is on', async () => {
    const off = new components.MemberAccount('ro', {
      settings,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    const on = new components.MemberAccount('rw', {
      settings,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
      remediation: true,
    });
    await settled([off, on]);
    const actionsOf = (prefix: string) =>
      json(resourcesOf(prefix, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy).Statement[0].Action;
    const read = actionsOf('ro-member');
    expect(read).to.deep.equal(memberRoleActions(false));
    expect(read.filter((a: string) => !/:(Get|Describe|List)/.test(a))).to.deep.equal([]);
    const write = actionsOf('rw-member');
    expect(write).to.include.members([
      ...read,
      'sqs:SetQueueAttributes',
      's3:PutBucketPolicy',
      'iam:UpdateAssumeRolePolicy',
    ]);
    // ...but never on the member role itself.
    const deny = json(resourcesOf('rw-member', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy)
      .Statement[1];
    expect(deny).to.deep.equal({
      Sid: 'NeverChangeOwnTrust',
      Effect: 'Deny',
      Action: 'iam:UpdateAssumeRolePolicy',
      Resource: 'arn:aws:iam::000000000000:role/member_remediator',
    });
    for (const action of write) expect(await actionExists(action), action).to.equal(true);
    // No forwarders asked for: no events role, no rules.
    expect(resourcesOf('ro-', 'aws:cloudwatch/eventRule:EventRule')).to.deep.equal([]);
  });

  it('grants access-analyzer:CheckNoPublicAccess only when fixes are on and confirmed by Access Analyzer', async () => {
    const confirmed = { ...settings, confirmWithAccessAnalyzer: true };
    const on = new components.MemberAccount('aa-on', {
      settings: confirmed,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
      remediation: true,
    });
    const readOnly = new components.MemberAccount('aa-ro', {
      settings: confirmed,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([on, readOnly]);
    const actionsOf = (prefix: string): string[] =>
      json(resourcesOf(prefix, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy).Statement[0].Action;
    expect(actionsOf('aa-on-member')).to.include('access-analyzer:CheckNoPublicAccess');
    expect(actionsOf('aa-ro-member')).to.not.include('access-analyzer:CheckNoPublicAccess');
    expect(actionsOf('aa-ro-member')).to.deep.equal(memberRoleActions(false));
  });

  it("gives the member role Security Hub's BatchImportFindings only with the securityHub setting", async () => {
    const hub = new components.MemberAccount('hub-on', {
      settings: { ...settings, securityHub: true },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    const plain = new components.MemberAccount('hub-off', {
      settings,
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([hub, plain]);
    const actionsOf = (prefix: string): string[] =>
      json(resourcesOf(prefix, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy).Statement[0].Action;
    expect(actionsOf('hub-on-member')).to.deep.equal(memberRoleActions(false, { securityHub: true }));
    expect(actionsOf('hub-on-member')).to.include('securityhub:BatchImportFindings');
    expect(actionsOf('hub-off-member')).to.not.include('securityhub:BatchImportFindings');
  });

  it("forwards each watched region (and us-east-1, IAM's) to the master's bus there, with the translator's pattern", async () => {
    const member = new components.MemberAccount('fw', {
      settings,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
    });
    await settled([member, ...Object.values(member.forwarders)]);
    expect(Object.keys(member.forwarders)).to.deep.equal(['eu-west-1', 'us-east-1']);
    // One rule per pattern of the translator table in each region.
    const patterns = buildEventPatterns().map((p) => JSON.stringify(p));
    const perRegion = <T>(f: (region: 'eu-west-1' | 'us-east-1') => T) =>
      (['eu-west-1', 'us-east-1'] as const).flatMap((region) => patterns.map(() => f(region)));
    const rules = resourcesOf('fw-', 'aws:cloudwatch/eventRule:EventRule');
    expect(rules.map((r) => r.inputs.region)).to.deep.equal(perRegion((region) => region));
    expect(rules.map((r) => r.inputs.eventPattern)).to.deep.equal([...patterns, ...patterns]);
    const targets = resourcesOf('fw-', 'aws:cloudwatch/eventTarget:EventTarget');
    expect(targets.map((t) => [t.inputs.region, t.inputs.arn])).to.deep.equal(
      perRegion((region) => [region, BUSES[region]]),
    );
    for (const t of targets) expect(t.inputs.roleArn).to.match(/:role\/fw-events-1a2b3c$/);
    const events = json(
      await valueOf(resourcesOf('fw-events', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy),
    );
    expect(events.Statement).to.deep.equal([
      {
        Sid: 'PutOnMasterBuses',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: Object.values(BUSES),
      },
    ]);
    const urn = await valueOf(member.forwarders['us-east-1']!.urn);
    expect(urn).to.include(
      'aws-remediation:index:MemberAccount$aws-remediation:index:EventForwarder::fw-us-east-1',
    );
  });

  it('lets two instances live in one stack (one per account provider) without a logical name in common', async () => {
    const before = recorded.length;
    const a = new components.MemberAccount('acct-a', {
      settings,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
    });
    const b = new components.MemberAccount('acct-b', {
      settings,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
    });
    await settled([a, b, ...Object.values(a.forwarders), ...Object.values(b.forwarders)]);
    const names = recorded.slice(before).map((r) => `${r.type}::${r.name}`);
    expect(names.length).to.be.greaterThan(10);
    expect(new Set(names).size).to.equal(names.length);
  });

  it('says what to pass when the master buses are missing, and fails on bad settings', () => {
    // The types require eventBusArns unless forwarderRegions is []; JavaScript callers get the error.
    // @ts-expect-error eventBusArns is missing, and forwarderRegions is not []
    expect(() => new components.MemberAccount('nobus', { settings, masterRoleArns: MASTER_ROLES })).to.throw(
      /eventBusArns is required to forward events: pass RemediationMaster\.eventBusArns, or forwarderRegions: \[\]/,
    );
    expect(
      () =>
        new components.MemberAccount('bad', {
          settings: { ...settings, memberRoleName: 'bad name!' },
          masterRoleArns: MASTER_ROLES,
          forwarderRegions: [],
        }),
    ).to.throw(/settings\.memberRoleName/);
  });
});

describe('component: EventForwarder', function () {
  before(installMocks);

  it('puts a rule with the pattern on the default bus, targeting the bus with the role, in its region', async () => {
    const { EventForwarder } = await import('../../src/components');
    const before = recorded.length;
    const forwarder = new EventForwarder('extra-ap', {
      region: 'ap-southeast-2',
      targetBusArn: 'arn:aws:events:ap-southeast-2:000000000000:event-bus/sec',
      roleArn: 'arn:aws:iam::111111111111:role/events',
    });
    await settled([forwarder, ...forwarder.rules]);
    const mine = recorded.slice(before).filter((r) => !r.type.startsWith('aws-remediation:'));
    // A rule and its target for each pattern of the translator table.
    const patterns = buildEventPatterns();
    const ofType = (type: string) => mine.filter((r) => r.type === type);
    const rules = ofType('aws:cloudwatch/eventRule:EventRule');
    const targets = ofType('aws:cloudwatch/eventTarget:EventTarget');
    expect(mine).to.have.length(2 * patterns.length);
    expect(forwarder.rules).to.have.length(patterns.length);
    expect(rules.map((r) => r.inputs.eventPattern)).to.have.members(patterns.map((p) => JSON.stringify(p)));
    for (const rule of rules) {
      expect(rule.inputs.region).to.equal('ap-southeast-2');
      expect(rule.inputs).to.not.have.property('eventBusName');
    }
    expect(targets).to.have.length(patterns.length);
    for (const target of targets) {
      expect(target.inputs).to.deep.include({
        region: 'ap-southeast-2',
        arn: 'arn:aws:events:ap-southeast-2:000000000000:event-bus/sec',
        roleArn: 'arn:aws:iam::111111111111:role/events',
      });
    }
  });
});
