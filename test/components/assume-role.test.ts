import { runSimulation } from '@cloud-copilot/iam-simulate';
import { expect } from 'chai';
import { MASTER_ACCOUNT, installMocks, json, resourcesOf, settled, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');
type Policy = { Version: string; Statement: Record<string, unknown>[] };

const ORG = 'o-a1b2c3d4e5';
const ROLE = 'member_remediator';
/** 1,000 member accounts, listed out of order. */
const ACCOUNTS = Array.from({ length: 1000 }, (_, i) =>
  String(100000000000 + ((i * 7919) % 1000) * 1000 + 1),
);

/** IAM's character count of a policy: white space is not counted (IAM and STS quotas). */
const iamSize = (policy: unknown) => JSON.stringify(policy).replace(/\s/g, '').length;

const PRINCIPAL = `arn:aws:iam::${MASTER_ACCOUNT}:role/big-remediator-1a2b3c`;

/**
 * IAM's decision for the master function role calling sts:AssumeRole on the member role in `account`,
 * whose trust admits it (as MemberAccount's does): what decides is the function role's own policies.
 */
async function assume(identity: Policy[], account: string, context: Record<string, string>): Promise<string> {
  const response = await runSimulation(
    {
      identityPolicies: identity.map((policy, i) => ({ name: `policy-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: PRINCIPAL }, Action: 'sts:AssumeRole' }],
      },
      request: {
        action: 'sts:AssumeRole',
        principal: PRINCIPAL,
        resource: { accountId: account, resource: `arn:aws:iam::${account}:role/${ROLE}` },
        contextVariables: context,
      },
    } as never,
    {},
  );
  if (response.resultType === 'error')
    throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

describe("component: RemediationMaster's AssumeRole on the member role, pinned", function () {
  this.timeout(60_000);
  let components: Components;
  let managed: { name: string; policy: Policy }[];

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
    const master = new components.RemediationMaster('big', {
      settings: { regions: ['eu-west-1'], accounts: ACCOUNTS },
      organizationId: ORG, // past 500 accounts the event buses admit the organization
      eventRegions: ['eu-west-1', 'us-east-1'],
    });
    await settled([master, ...Object.values(master.roles), ...Object.values(master.functions)]);
    managed = await Promise.all(
      resourcesOf('big-assume-members-', 'aws:iam/policy:Policy').map(async (p) => ({
        name: p.name,
        policy: json(await valueOf(p.inputs.policy)) as Policy,
      })),
    );
  });

  it('for 1,000 listed accounts: the role name in any account, on condition that aws:ResourceAccount is one of them', () => {
    expect(managed.map((m) => m.name)).to.deep.equal([
      'big-assume-members-1',
      'big-assume-members-2',
      'big-assume-members-3',
    ]);
    const pinned: string[] = [];
    for (const { policy } of managed) {
      expect(policy.Statement).to.have.length(1);
      const [statement] = policy.Statement as [Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(statement).to.deep.include({
        Sid: 'AssumeMemberRoleInListedAccounts',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::*:role/${ROLE}`,
      });
      expect(Object.keys(statement.Condition)).to.deep.equal(['StringEquals']);
      expect(Object.keys(statement.Condition.StringEquals)).to.deep.equal(['aws:ResourceAccount']);
      pinned.push(...statement.Condition.StringEquals['aws:ResourceAccount']);
    }
    // Every account once, in order, whatever the order of settings.accounts.
    expect(pinned).to.deep.equal([...ACCOUNTS].sort());
  });

  it("stays within IAM's size limits: each managed policy under 6,144 characters, the roles' own under 10,240", () => {
    for (const { name, policy } of managed) expect(iamSize(policy), name).to.be.lessThan(6144);
    for (const fn of ['remediator', 'poll-worker', 'poll-planner', 'translator']) {
      const own = json(resourcesOf(`big-${fn}`, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy) as Policy;
      expect(iamSize(own), fn).to.be.lessThan(10240);
      // No statement of the function's own policy lets it assume a role by name in any account.
      for (const statement of own.Statement) {
        expect(JSON.stringify(statement.Resource ?? ''), fn).to.not.contain('iam::*:role');
      }
    }
  });

  it('attaches the managed policies to the remediator and the poll worker only (IAM: at most 10 per role)', () => {
    const attachments = resourcesOf('big-', 'aws:iam/rolePolicyAttachment:RolePolicyAttachment');
    const byRole = (fn: string) =>
      attachments
        .filter((a) => a.name.startsWith(`big-${fn}-assume-members-`))
        .map((a) => [a.inputs.role, a.inputs.policyArn]);
    for (const fn of ['remediator', 'poll-worker']) {
      expect(byRole(fn), fn).to.deep.equal(
        [1, 2, 3].map((n) => [
          `big-${fn}-1a2b3c`,
          `arn:aws:iam::${MASTER_ACCOUNT}:role/big-assume-members-${n}-1a2b3c`,
        ]),
      );
    }
    expect(attachments).to.have.length(6);
  });

  it('IAM allows the assumption in each listed account and denies it in any other (@cloud-copilot/iam-simulate)', async () => {
    const policies = managed.map((m) => m.policy);
    for (const account of [ACCOUNTS[0]!, ACCOUNTS[499]!, ACCOUNTS[999]!]) {
      expect(await assume(policies, account, { 'aws:ResourceAccount': account }), account).to.equal(
        'Allowed',
      );
    }
    expect(await assume(policies, '999999999999', { 'aws:ResourceAccount': '999999999999' })).to.equal(
      'ImplicitlyDenied',
    );
  });

  it("up to 100 listed accounts: each member role ARN in the functions' own policies, as before", async () => {
    const accounts = ACCOUNTS.slice(0, 100);
    const small = new components.RemediationMaster('small', {
      settings: { regions: ['eu-west-1'], accounts },
      eventRegions: ['eu-west-1', 'us-east-1'],
    });
    await settled([small, ...Object.values(small.roles)]);
    expect(resourcesOf('small-assume-members-', 'aws:iam/policy:Policy')).to.deep.equal([]);
    const own = json(
      resourcesOf('small-remediator', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy,
    ) as Policy;
    const statement = own.Statement.find((s) => s.Action === 'sts:AssumeRole')!;
    expect(statement.Resource).to.deep.equal(accounts.map((a) => `arn:aws:iam::${a}:role/${ROLE}`));
    expect(statement).to.not.have.property('Condition');
  });

  it('with one organization: any account of it (aws:ResourceOrgID), plus the listed accounts', async () => {
    const org = new components.RemediationMaster('orgpin', {
      settings: {
        regions: ['eu-west-1'],
        accounts: ['444444444444'],
        organizationAccounts: ['333333333333'],
      },
      organizationId: ORG,
      eventRegions: ['eu-west-1', 'us-east-1'],
    });
    await settled([org, ...Object.values(org.roles)]);
    for (const fn of ['remediator', 'poll-worker']) {
      const own = json(
        resourcesOf(`orgpin-${fn}`, 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy,
      ) as Policy;
      expect(
        own.Statement.filter((s) => s.Action === 'sts:AssumeRole'),
        fn,
      ).to.deep.equal([
        {
          Sid: 'AssumeMemberRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [`arn:aws:iam::444444444444:role/${ROLE}`],
        },
        {
          Sid: 'AssumeMemberRoleInOrganization',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:aws:iam::*:role/${ROLE}`,
          Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
        },
      ]);
      const member = '555555555555';
      expect(
        await assume([own], member, { 'aws:ResourceAccount': member, 'aws:ResourceOrgID': ORG }),
      ).to.equal('Allowed');
      expect(
        await assume([own], member, { 'aws:ResourceAccount': member, 'aws:ResourceOrgID': 'o-zz99yy88xx' }),
      ).to.equal('ImplicitlyDenied');
    }
  });

  it('with several organizations (one organizationId cannot name them): the role name in any account, as documented', async () => {
    const orgs = new components.RemediationMaster('orgs', {
      settings: { regions: ['eu-west-1'], organizationAccounts: ['333333333333', '666666666666'] },
      organizationId: ORG,
      eventRegions: ['eu-west-1', 'us-east-1'],
    });
    await settled([orgs, ...Object.values(orgs.roles)]);
    const own = json(
      resourcesOf('orgs-poll-worker', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy,
    ) as Policy;
    expect(own.Statement.filter((s) => s.Action === 'sts:AssumeRole')).to.deep.equal([
      {
        Sid: 'AssumeMemberRoleInAnyAccount',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::*:role/${ROLE}`,
      },
    ]);
  });

  it('refuses more accounts than 10 managed policies pin, pointing to organizations', () => {
    const many = Array.from({ length: 3501 }, (_, i) => String(200000000000 + i));
    expect(
      () =>
        new components.RemediationMaster('toomany', {
          settings: { regions: ['eu-west-1'], accounts: many },
          organizationId: ORG,
        }),
    ).to.throw(
      /settings\.accounts lists 3501 accounts, more than the functions' AssumeRole permission can pin \(3500/,
    );
  });
});
