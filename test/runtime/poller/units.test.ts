import { expect } from 'chai';
import { listAccountsUnder } from '../../../src/runtime/accounts/organizations';
import { planAccounts } from '../../../src/runtime/poller/plan';
import { createPollPlanner } from '../../../src/runtime/poller/planner';
import { parsePollTask } from '../../../src/runtime/poller/task';
import { FakeAws, awsError } from '../../helpers/aws';
import { unknownActions } from '../../helpers/iam';
import { MemoryLogger } from '../../helpers/logger';
import { settingsWith } from '../../helpers/resources';
import { stubSqs } from '../../helpers/sqs';
import { iamActionOf } from '../../helpers/aws';
import { memberRoleActions } from '../../../src/runtime/permissions';

const MANAGEMENT = '333333333333';
const OTHER_MANAGEMENT = '666666666666';
const ROOT = 'r-ab12';
const SECURITY = 'ou-ab12-11111111';
const WORKLOADS = 'ou-ab12-22222222';
const PROD = 'ou-ab12-33333333';
const PROD_EU = 'ou-ab12-44444444';
const SANDBOX = 'ou-ab12-55555555';

/**
 * One organization:
 *
 *   r-ab12: 333333333333 (management)
 *     Security: 100000000001
 *     Workloads: 100000000002, 100000000003 (SUSPENDED)
 *       Prod: 100000000004, 100000000005, 100000000006 (PENDING_CLOSURE), 100000000007
 *         Prod EU: 100000000008
 *     Sandbox: 100000000009
 *
 * Every listing answers 2 items a page.
 */
const TREE: Record<string, { units: string[]; accounts: { Id: string; Status: string }[] }> = {
  [ROOT]: { units: [SECURITY, WORKLOADS, SANDBOX], accounts: [{ Id: MANAGEMENT, Status: 'ACTIVE' }] },
  [SECURITY]: { units: [], accounts: [{ Id: '100000000001', Status: 'ACTIVE' }] },
  [WORKLOADS]: {
    units: [PROD],
    accounts: [
      { Id: '100000000002', Status: 'ACTIVE' },
      { Id: '100000000003', Status: 'SUSPENDED' },
    ],
  },
  [PROD]: {
    units: [PROD_EU],
    accounts: [
      { Id: '100000000004', Status: 'ACTIVE' },
      { Id: '100000000005', Status: 'ACTIVE' },
      { Id: '100000000006', Status: 'PENDING_CLOSURE' },
      { Id: '100000000007', Status: 'ACTIVE' },
    ],
  },
  [PROD_EU]: { units: [], accounts: [{ Id: '100000000008', Status: 'ACTIVE' }] },
  [SANDBOX]: { units: [], accounts: [{ Id: '100000000009', Status: 'ACTIVE' }] },
};

function paged<T>(items: readonly T[], token: string | undefined) {
  const start = Number(token ?? 0);
  const next = start + 2 < items.length ? String(start + 2) : undefined;
  return { items: items.slice(start, start + 2), ...(next ? { NextToken: next } : {}) };
}

/** The organization of {@link TREE} in MANAGEMENT; other accounts have no organization units. */
function organization(options: { denied?: string[] } = {}) {
  const node = (parent: string, call: { account: string }) => {
    if (options.denied?.includes(call.account)) {
      throw awsError('AccessDeniedException', 'not authorized to perform ListAccountsForParent');
    }
    const found = call.account === MANAGEMENT ? TREE[parent] : undefined;
    if (!found)
      throw awsError(
        'ParentNotFoundException',
        'We could not find a root or OU with the ID that you specified.',
      );
    return found;
  };
  return new FakeAws({
    'Organizations.ListAccountsForParent': (
      input: { ParentId: string; NextToken?: string },
      call: { account: string },
    ) => {
      const { items, ...next } = paged(node(input.ParentId, call).accounts, input.NextToken);
      return { Accounts: items, ...next };
    },
    'Organizations.ListOrganizationalUnitsForParent': (
      input: { ParentId: string; NextToken?: string },
      call: { account: string },
    ) => {
      const { items, ...next } = paged(node(input.ParentId, call).units, input.NextToken);
      return { OrganizationalUnits: items.map((Id) => ({ Id, Name: Id })), ...next };
    },
  });
}

const ids = (accounts: { Id?: string }[]) => accounts.map((a) => a.Id).sort();

describe('poller: organizational units', () => {
  it('lists the accounts of a unit and of every unit below it, all pages, with the exact inputs', async () => {
    const aws = organization();
    const under = await listAccountsUnder(aws, MANAGEMENT, 'eu-west-1', [WORKLOADS]);
    expect(ids(under.accounts)).to.deep.equal([
      '100000000002',
      '100000000003',
      '100000000004',
      '100000000005',
      '100000000006',
      '100000000007',
      '100000000008',
    ]);
    expect(under.missing).to.deep.equal([]);
    const sent = (key: string) => aws.calls(key).map((c) => [c.account, c.region, c.input] as const);
    expect(sent('Organizations.ListAccountsForParent')).to.have.deep.members([
      [MANAGEMENT, 'us-east-1', { ParentId: WORKLOADS }],
      [MANAGEMENT, 'us-east-1', { ParentId: PROD }],
      [MANAGEMENT, 'us-east-1', { ParentId: PROD, NextToken: '2' }],
      [MANAGEMENT, 'us-east-1', { ParentId: PROD_EU }],
    ]);
    expect(sent('Organizations.ListOrganizationalUnitsForParent')).to.have.deep.members([
      [MANAGEMENT, 'us-east-1', { ParentId: WORKLOADS }],
      [MANAGEMENT, 'us-east-1', { ParentId: PROD }],
      [MANAGEMENT, 'us-east-1', { ParentId: PROD_EU }],
    ]);
    expect(aws.sent).to.have.length(7);
  });

  it('visits every unit once from the root, over pages of child units', async () => {
    const aws = organization();
    const under = await listAccountsUnder(aws, MANAGEMENT, 'us-east-1', [ROOT]);
    expect(under.accounts).to.have.length(10);
    const parents = aws.inputs('Organizations.ListOrganizationalUnitsForParent');
    // The root's three units come in two pages; each unit is asked for its children once.
    expect(parents.filter((i) => i.ParentId === ROOT)).to.deep.equal([
      { ParentId: ROOT },
      { ParentId: ROOT, NextToken: '2' },
    ]);
    expect(parents.filter((i) => !i.NextToken).map((i) => i.ParentId)).to.have.members([
      ROOT,
      SECURITY,
      WORKLOADS,
      SANDBOX,
      PROD,
      PROD_EU,
    ]);
  });

  it('polls the ACTIVE accounts under the listed units once each, with the listed accounts', async () => {
    const aws = organization();
    const settings = settingsWith({
      accounts: ['111111111111', '100000000009'],
      organizationAccounts: [MANAGEMENT],
      // Prod is below Workloads: its accounts count once, and it is listed once.
      organizationalUnits: [PROD, WORKLOADS, SECURITY],
    });
    const plan = await planAccounts(settings, aws);
    expect(plan).to.deep.equal({
      accounts: [
        '100000000001',
        '100000000002',
        '100000000004',
        '100000000005',
        '100000000007',
        '100000000008',
        '100000000009',
        '111111111111',
      ],
      errors: [],
    });
    const visited = aws
      .inputs('Organizations.ListAccountsForParent')
      .filter((i) => !i.NextToken)
      .map((i) => i.ParentId);
    expect(visited).to.have.members([PROD, WORKLOADS, SECURITY, PROD_EU]);
    expect(visited).to.have.length(4);
    expect(aws.calls('Organizations.ListAccounts')).to.deep.equal([]);
  });

  it('looks for each unit in every organization and reports one found in none', async () => {
    const aws = organization();
    const settings = settingsWith({
      accounts: [],
      organizationAccounts: [MANAGEMENT, OTHER_MANAGEMENT],
      organizationalUnits: [SANDBOX, 'ou-zz99-99999999'],
    });
    const plan = await planAccounts(settings, aws);
    expect(plan).to.deep.equal({
      accounts: ['100000000009'],
      errors: [],
      missingUnits: ['ou-zz99-99999999'],
    });
  });

  it('the planner sends the tasks it has, then fails naming the unit found nowhere', async () => {
    const sqs = stubSqs();
    const planner = createPollPlanner({
      settings: settingsWith({
        accounts: [],
        regions: ['us-east-1', 'eu-west-1'],
        organizationAccounts: [MANAGEMENT],
        organizationalUnits: [SECURITY, 'ou-ab12-00000000'],
      }),
      clients: organization(),
      sqs,
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-poll',
      logger: new MemoryLogger(),
    });
    let caught: unknown;
    await planner().catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal(
      'settings.organizationalUnits: ou-ab12-00000000 is in none of the organizations of organizationAccounts (333333333333), so nothing under it was polled: correct the id, or add the management account of its organization',
    );
    const sent = sqs.inputs().flatMap((i) => i.Entries!.map((e) => parsePollTask(e.MessageBody!)));
    expect(sent.map((t) => `${t.account}/${t.region}`)).to.deep.equal([
      '100000000001/us-east-1',
      '100000000001/eu-west-1',
    ]);
  });

  it('the planner names the actions the member role lacks when the units cannot be listed', async () => {
    const planner = createPollPlanner({
      settings: settingsWith({
        accounts: ['111111111111'],
        organizationAccounts: [MANAGEMENT],
        organizationalUnits: [ROOT],
      }),
      clients: organization({ denied: [MANAGEMENT] }),
      sqs: stubSqs(),
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-poll',
      logger: new MemoryLogger(),
    });
    let caught: unknown;
    await planner().catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.match(
      /could not be listed.*333333333333 \(AccessDeniedException.*allows organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent$/,
    );
  });

  it('the member role grants every Organizations action the walk calls, and each exists', async () => {
    const aws = organization();
    await listAccountsUnder(aws, MANAGEMENT, 'us-east-1', [ROOT]);
    const called = [...new Set(aws.sent.map(iamActionOf))].sort();
    expect(called).to.deep.equal([
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
    ]);
    expect(memberRoleActions(false)).to.include.members(called);
    expect(await unknownActions(called)).to.deep.equal([]);
  });
});
