import { expect } from 'chai';
import { installMocks, recorded, resourcesOf, settled, unsecret, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const MASTER_ROLES = [
  'arn:aws:iam::123456789012:role/sec-remediator-1a2b3c',
  'arn:aws:iam::123456789012:role/sec-poll-worker-1a2b3c',
];
const BUSES = {
  'eu-west-1': 'arn:aws:events:eu-west-1:123456789012:event-bus/sec-bus-eu-west-1-aa11',
  'eu-central-1': 'arn:aws:events:eu-central-1:123456789012:event-bus/sec-bus-eu-central-1-bb22',
  'us-east-1': 'arn:aws:events:us-east-1:123456789012:event-bus/sec-bus-us-east-1-cc33',
};
const OUS = ['ou-ab12-11111111', 'r-ab12'];
const settings = {
  regions: ['eu-west-1', 'eu-central-1'],
  organizationAccounts: ['999999999999'],
  externalId: 'shared-secret',
};

const STACK_SET = 'aws:cloudformation/stackSet:StackSet';
const INSTANCE = 'aws:cloudformation/stackSetInstance:StackSetInstance';

describe('component: OrganizationMembers', function () {
  let components: Components;

  before(async function () {
    await installMocks();
    components = await import('../../src/components');
  });

  const create = (name: string, extra: Record<string, unknown> = {}) => {
    const members = new components.OrganizationMembers(name, {
      settings,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
      organizationalUnitIds: OUS,
      ...extra,
    });
    return members;
  };
  const instancesOf = (members: InstanceType<Components['OrganizationMembers']>) => [
    ...Object.values(members.roleInstances),
    ...Object.values(members.forwarderInstances).flatMap((byUnit) => Object.values(byUnit)),
  ];

  it('deploys the role template with service-managed, auto-deployed stack sets, with the master roles and the ExternalId', async () => {
    const members = create('org');
    await settled([members, members.roleStackSet, ...instancesOf(members)]);
    const [role] = resourcesOf('org-role', STACK_SET);
    expect(role!.inputs).to.deep.include({
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    expect(JSON.parse(role!.inputs.templateBody)).to.deep.equal(
      components.memberRoleTemplate({ remediation: false }),
    );
    expect(role!.inputs).to.not.have.property('callAs');
    const parameters = role!.inputs.parameters;
    expect(parameters.MasterRoleArns).to.equal(MASTER_ROLES.join(','));
    expect(await unsecret(parameters.ExternalId)).to.equal('shared-secret');

    const [forwarder] = resourcesOf('org-forwarder', STACK_SET);
    expect(forwarder!.inputs).to.deep.include({
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    expect(JSON.parse(forwarder!.inputs.templateBody)).to.deep.equal(components.forwarderTemplate());
    expect(forwarder!.inputs.parameters).to.deep.equal({
      MasterAccountId: '123456789012',
      EventBusName: 'sec-bus-eu-west-1-aa11',
    });
  });

  it('puts the role in the home region of each unit, and a forwarder in every watched region (and us-east-1) of each unit, with its bus', async () => {
    const members = create('where');
    await settled([members, ...instancesOf(members)]);
    const instances = resourcesOf('where-', INSTANCE);
    const role = instances.filter((i) => i.name.startsWith('where-role-'));
    expect(
      role.map((i) => [i.name, i.inputs.stackSetInstanceRegion, i.inputs.deploymentTargets]),
    ).to.deep.equal(OUS.map((ou) => [`where-role-${ou}`, 'eu-west-1', { organizationalUnitIds: [ou] }]));
    expect(role.map((i) => i.inputs.stackSetName)).to.deep.equal(OUS.map(() => 'where-role-1a2b3c'));
    const forwarders = instances.filter((i) => i.name.startsWith('where-forwarder-'));
    const expected = ['eu-west-1', 'eu-central-1', 'us-east-1'].flatMap((region) =>
      OUS.map((ou) => [
        `where-forwarder-${region}-${ou}`,
        region,
        { organizationalUnitIds: [ou] },
        {
          MasterAccountId: '123456789012',
          EventBusName: BUSES[region as keyof typeof BUSES].split('/')[1],
        },
      ]),
    );
    expect(
      forwarders.map((i) => [
        i.name,
        i.inputs.stackSetInstanceRegion,
        i.inputs.deploymentTargets,
        i.inputs.parameterOverrides,
      ]),
    ).to.deep.equal(expected);
    expect(Object.keys(members.forwarderInstances)).to.deep.equal(['eu-west-1', 'eu-central-1', 'us-east-1']);
  });

  it('passes remediation, the home region, exclusions, callAs, retention and operation preferences on', async () => {
    const members = create('opts', {
      remediation: true,
      homeRegion: 'us-east-1',
      forwarderRegions: ['eu-west-1'],
      excludedAccounts: ['222222222222', '111111111111'],
      callAs: 'DELEGATED_ADMIN',
      retainStacksOnAccountRemoval: true,
      operationPreferences: {
        maxConcurrentPercentage: 25,
        failureToleranceCount: 2,
        regionConcurrencyType: 'PARALLEL',
        regionOrder: ['eu-west-1', 'us-east-1'],
      },
      settings: { ...settings, memberRoleName: 'org_remediator', allowUndo: true },
    });
    await settled([members, ...instancesOf(members)]);
    const preferences = {
      maxConcurrentPercentage: 25,
      failureToleranceCount: 2,
      regionConcurrencyType: 'PARALLEL',
      regionOrders: ['eu-west-1', 'us-east-1'],
    };
    const sets = resourcesOf('opts-', STACK_SET);
    expect(sets).to.have.length(2);
    for (const set of sets) {
      expect(set.inputs).to.deep.include({
        callAs: 'DELEGATED_ADMIN',
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
        operationPreferences: preferences,
      });
    }
    expect(JSON.parse(sets[0]!.inputs.templateBody)).to.deep.equal(
      components.memberRoleTemplate({
        remediation: true,
        settings: { memberRoleName: 'org_remediator', allowUndo: true },
      }),
    );
    const instances = resourcesOf('opts-', INSTANCE);
    expect(instances.map((i) => [i.name, i.inputs.stackSetInstanceRegion])).to.deep.equal([
      ['opts-role-ou-ab12-11111111', 'us-east-1'],
      ['opts-role-r-ab12', 'us-east-1'],
      ['opts-forwarder-eu-west-1-ou-ab12-11111111', 'eu-west-1'],
      ['opts-forwarder-eu-west-1-r-ab12', 'eu-west-1'],
    ]);
    for (const instance of instances) {
      expect(instance.inputs).to.deep.include({
        callAs: 'DELEGATED_ADMIN',
        operationPreferences: preferences,
      });
      expect(instance.inputs.deploymentTargets).to.deep.equal({
        organizationalUnitIds: [instance.name.endsWith('r-ab12') ? 'r-ab12' : 'ou-ab12-11111111'],
        accounts: ['111111111111', '222222222222'],
        accountFilterType: 'DIFFERENCE',
      });
    }
  });

  it('makes no forwarder stack set with forwarderRegions: [], and needs no buses then', async () => {
    const before = recorded.length;
    const members = new components.OrganizationMembers('nofw', {
      settings,
      masterRoleArns: MASTER_ROLES,
      organizationalUnitIds: ['ou-ab12-11111111'],
      forwarderRegions: [],
    });
    await settled([members, ...instancesOf(members)]);
    expect(members.forwarderStackSet).to.equal(undefined);
    expect(
      recorded
        .slice(before)
        .filter((r) => r.type.startsWith('aws:'))
        .map((r) => `${r.type}::${r.name}`),
    ).to.deep.equal([`${STACK_SET}::nofw-role`, `${INSTANCE}::nofw-role-ou-ab12-11111111`]);
    expect(await valueOf(members.roleStackSet.name)).to.equal('nofw-role-1a2b3c');
  });

  it('says what to change, in one line per problem, before creating anything', () => {
    const attempt = (extra: Record<string, unknown>) => () => create(`bad-${Math.random()}`, extra);
    expect(attempt({ organizationalUnitIds: [] })).to.throw(
      /organizationalUnitIds: name at least one organizational unit \(ou-abcd-12345678\) or the root \(r-abcd\)/,
    );
    expect(
      attempt({
        organizationalUnitIds: ['ou-1', 'r-ab12', 'r-ab12'],
        excludedAccounts: ['12345'],
        homeRegion: 'mars-1',
        callAs: 'ADMIN',
        operationPreferences: {
          maxConcurrentCount: 0,
          maxConcurrentPercentage: 10,
          failureTolerancePercentage: 120,
          regionConcurrencyType: 'RANDOM',
        },
      }),
    ).to.throw(
      [
        'Invalid OrganizationMembers arguments (9 problems):',
        '  - organizationalUnitIds[0]: "ou-1" is not an organizational unit id (ou-abcd-12345678) or a root id (r-abcd)',
        '  - organizationalUnitIds[2]: r-ab12 is listed twice',
        '  - excludedAccounts[0]: "12345" is not a 12-digit account id',
      ].join('\n'),
    );
    expect(attempt({ homeRegion: 'mars-1' })).to.throw(/homeRegion: "mars-1"/);
    expect(attempt({ callAs: 'ADMIN' })).to.throw(/callAs: "ADMIN" must be SELF or DELEGATED_ADMIN/);
    expect(
      attempt({ operationPreferences: { maxConcurrentCount: 2, maxConcurrentPercentage: 10 } }),
    ).to.throw(
      /operationPreferences\.maxConcurrentCount: give maxConcurrentCount or maxConcurrentPercentage, not both/,
    );
    expect(attempt({ operationPreferences: { failureTolerancePercentage: 120 } })).to.throw(
      /operationPreferences\.failureTolerancePercentage: 120 must be a whole number from 0 to 100/,
    );
    expect(attempt({ operationPreferences: { regionConcurrencyType: 'RANDOM' } })).to.throw(
      /regionConcurrencyType: "RANDOM" must be SEQUENTIAL or PARALLEL/,
    );
    expect(attempt({ masterRoleArns: [] })).to.throw(/masterRoleArns is empty/);
    expect(attempt({ eventBusArns: undefined })).to.throw(/eventBusArns is required to forward events/);
  });
});
