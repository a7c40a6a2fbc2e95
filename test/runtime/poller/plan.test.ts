import { expect } from 'chai';
import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { planAccounts, planTasks } from '../../../src/runtime/poller/plan';
import { createPollPlanner } from '../../../src/runtime/poller/planner';
import { parsePollTask } from '../../../src/runtime/poller/task';
import { FakeAws, awsError } from '../../helpers/aws';
import { MemoryLogger } from '../../helpers/logger';
import { settingsWith } from '../../helpers/resources';
import { stubSqs } from '../../helpers/sqs';

const ORG_A = '333333333333';
const ORG_B = '666666666666';

/** Two organizations; the second lists an account of the first again, and a suspended one. */
function organizations(failing: string[] = []) {
  const members: Record<string, { Id: string; Status: string }[]> = {
    [ORG_A]: [
      { Id: ORG_A, Status: 'ACTIVE' },
      { Id: '444444444444', Status: 'ACTIVE' },
      { Id: '555555555555', Status: 'SUSPENDED' },
    ],
    [ORG_B]: [
      { Id: ORG_B, Status: 'ACTIVE' },
      { Id: '444444444444', Status: 'ACTIVE' },
      { Id: '777777777777', Status: 'PENDING_CLOSURE' },
    ],
  };
  return new FakeAws({
    'Organizations.ListAccounts': (input: { NextToken?: string }, call: { account: string }) => {
      if (failing.includes(call.account))
        throw awsError('AccessDeniedException', 'not the management account');
      const all = members[call.account] ?? [];
      return input.NextToken ? { Accounts: all.slice(2) } : { Accounts: all.slice(0, 2), NextToken: 'p2' };
    },
  });
}

describe('poller: planning', () => {
  it('sweeps the listed accounts and the ACTIVE members of every organization, once each', async () => {
    const aws = organizations();
    const settings = settingsWith({
      accounts: ['111111111111', '444444444444'],
      organizationAccounts: [ORG_A, ORG_B],
    });
    const plan = await planAccounts(settings, aws);
    expect(plan).to.deep.equal({
      accounts: ['111111111111', ORG_A, '444444444444', ORG_B],
      errors: [],
    });
    expect(aws.calls('Organizations.ListAccounts').map((c) => [c.account, c.region])).to.have.deep.members([
      [ORG_A, 'us-east-1'],
      [ORG_A, 'us-east-1'],
      [ORG_B, 'us-east-1'],
      [ORG_B, 'us-east-1'],
    ]);
  });

  it('reports an organization it cannot list and keeps the others', async () => {
    const settings = settingsWith({ accounts: ['111111111111'], organizationAccounts: [ORG_A, ORG_B] });
    const plan = await planAccounts(settings, organizations([ORG_B]));
    expect(plan.accounts).to.deep.equal(['111111111111', ORG_A, '444444444444']);
    expect(plan.errors).to.deep.equal([
      { management: ORG_B, error: 'AccessDeniedException: not the management account' },
    ]);
  });

  it('makes one task per account and region, with the global types in the first region only', () => {
    expect(planTasks(['111111111111', '222222222222'], ['us-east-1', 'eu-west-1'])).to.deep.equal([
      { account: '111111111111', region: 'us-east-1', global: true, onlyTestResources: false },
      { account: '111111111111', region: 'eu-west-1', global: false, onlyTestResources: false },
      { account: '222222222222', region: 'us-east-1', global: true, onlyTestResources: false },
      { account: '222222222222', region: 'eu-west-1', global: false, onlyTestResources: false },
    ]);
  });
});

describe('poller: planner function', () => {
  const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/000000000000/remediation-poll';
  const accounts = Array.from({ length: 12 }, (_, i) => String(100000000000 + i));

  it('sends every task to the poll queue, 10 per SendMessageBatch call', async () => {
    const sqs = stubSqs();
    const logger = new MemoryLogger();
    const plan = createPollPlanner({
      settings: settingsWith({ accounts, regions: ['us-east-1', 'eu-west-1'] }),
      clients: new FakeAws(),
      sqs,
      queueUrl: QUEUE,
      logger,
    });
    const result = await plan();
    expect(result).to.deep.equal({ accounts: 12, tasks: 24, calls: 3 });
    const inputs = sqs.inputs();
    expect(inputs.map((i) => i.Entries!.length)).to.deep.equal([10, 10, 4]);
    expect(inputs.every((i) => i.QueueUrl === QUEUE)).to.equal(true);
    const tasks = inputs.flatMap((i) => i.Entries!.map((e) => parsePollTask(e.MessageBody!)));
    expect(tasks.filter((t) => t.global).map((t) => t.region)).to.deep.equal(Array(12).fill('us-east-1'));
    expect(logger.of('info')[0]!.extra).to.include({ accounts: 12, tasks: 24, sent: 24 });
  });

  it('sends what it can, then fails when an organization could not be listed', async () => {
    const sqs = stubSqs();
    const plan = createPollPlanner({
      settings: settingsWith({ accounts: ['111111111111'], organizationAccounts: [ORG_A, ORG_B] }),
      clients: organizations([ORG_A]),
      sqs,
      queueUrl: QUEUE,
      logger: new MemoryLogger(),
      onlyTestResources: true,
    });
    let caught: unknown;
    await plan().catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.match(
      /^the accounts of 1 organization\(s\) could not be listed, so they were not polled: 333333333333 \(AccessDeniedException/,
    );
    const sent = sqs
      .inputs()
      .flatMap((i: SendMessageBatchCommand['input']) => i.Entries!.map((e) => parsePollTask(e.MessageBody!)));
    expect(sent.map((t) => t.account)).to.deep.equal(['111111111111', '444444444444', ORG_B]);
    expect(sent.every((t) => t.onlyTestResources)).to.equal(true);
  });
});
