import { expect } from 'chai';
import { KnownAccounts } from '../../../src/runtime/accounts/known';
import { FakeAws, awsError } from '../../helpers/aws';
import { settingsWith } from '../../helpers/resources';

const MANAGEMENT = '333333333333';
const OTHER_MANAGEMENT = '666666666666';

function setup(pages: Record<string, { Id: string }[]>, options: { fail?: () => boolean } = {}) {
  const aws = new FakeAws({
    'Organizations.DescribeOrganization': (_input: unknown, call: { account: string }) => ({
      Organization: { Id: `o-${call.account}`, MasterAccountId: call.account },
    }),
    'Organizations.ListAccounts': (_input: unknown, call: { account: string }) => {
      if (options.fail?.())
        throw awsError('TooManyRequestsException', 'AWS Organizations cannot complete your request', 400);
      return { Accounts: pages[call.account] ?? [] };
    },
  });
  const clock = { now: 0 };
  const settings = settingsWith({
    accounts: ['111111111111'],
    organizationAccounts: [MANAGEMENT, OTHER_MANAGEMENT],
    guardDutyAdminAccount: '777777777777',
  });
  const known = new KnownAccounts({ settings, clients: aws, now: () => clock.now, ttlMs: 60_000 });
  return { aws, clock, known };
}

describe('accounts: known accounts', () => {
  it('knows the accounts named in settings without calling Organizations', async () => {
    const { aws, known } = setup({});
    for (const account of ['111111111111', MANAGEMENT, '777777777777'])
      expect(await known.has(account)).to.equal(true);
    expect(aws.sent).to.deep.equal([]);
  });

  it('adds the members of every organization, listed in each management account, once within the TTL', async () => {
    const { aws, known, clock } = setup({
      [MANAGEMENT]: [{ Id: '444444444444' }],
      [OTHER_MANAGEMENT]: [{ Id: '888888888888' }],
    });
    expect(await known.has('444444444444')).to.equal(true);
    expect(await known.has('888888888888')).to.equal(true);
    expect(await known.has('999999999999')).to.equal(false);
    const listings = () => aws.calls('Organizations.ListAccounts');
    expect(listings().map((c) => c.account)).to.have.members([MANAGEMENT, OTHER_MANAGEMENT]);
    expect([...(await known.all()).organizationIds]).to.have.members([
      `o-${MANAGEMENT}`,
      `o-${OTHER_MANAGEMENT}`,
    ]);
    clock.now += 61_000;
    await known.has('999999999999');
    expect(listings()).to.have.length(4);
  });

  it('shares one listing between concurrent callers and does not remember a failure', async () => {
    let failures = 1;
    const { aws, known } = setup({ [MANAGEMENT]: [{ Id: '444444444444' }] }, { fail: () => failures-- > 0 });
    let caught: unknown;
    await known.has('444444444444').catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'TooManyRequestsException');
    const answers = await Promise.all([known.has('444444444444'), known.has('444444444444')]);
    expect(answers).to.deep.equal([true, true]);
    expect(aws.calls('Organizations.ListAccounts')).to.have.length(2 + 2);
  });
});
