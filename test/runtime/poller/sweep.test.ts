import { expect } from 'chai';
import type { ResourceType } from '../../../src/runtime/contracts/message';
import { KeyedLimiter } from '../../../src/runtime/concurrency';
import { loadListers } from '../../../src/runtime/poller/listers';
import { isTestResource, sweepTask } from '../../../src/runtime/poller/sweep';
import type { PollTask } from '../../../src/runtime/poller/task';
import { MANIFESTS } from '../../../src/runtime/types';
import { FakeAws, awsError, iamActionOf } from '../../helpers/aws';
import {
  type Counts,
  LISTED_TYPES,
  fakeId,
  listedIds,
  pollWorld,
  sampleInventory,
} from '../../helpers/poll-world';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const task = (overrides: Partial<PollTask> = {}): PollTask => ({
  account: ACCOUNT,
  region: REGION,
  global: true,
  onlyTestResources: false,
  ...overrides,
});
const noSleep = { sleep: async () => undefined };

/** Three of every listed type (two pages of each listing at a page size of 2), and what holds them. */
const EVERY_TYPE: Counts = sampleInventory(3);

const idsByType = (messages: { type: ResourceType; id: string }[]) => {
  const out: Partial<Record<ResourceType, string[]>> = {};
  for (const m of messages) (out[m.type] ??= []).push(m.id);
  return out;
};

describe('poller: sweep of one account and region', () => {
  it('lists every audited type through all pages, and one region message', async () => {
    const aws = new FakeAws(pollWorld(() => EVERY_TYPE));
    const report = await sweepTask(task(), { clients: aws, retry: noSleep });
    const found = idsByType(report.messages);
    expect(Object.keys(found).sort()).to.deep.equal([...LISTED_TYPES, 'region'].sort());
    for (const type of LISTED_TYPES) {
      expect(found[type], type).to.have.members(listedIds(type, EVERY_TYPE, ACCOUNT, REGION));
    }
    expect(found.ecs_service).to.have.length(6); // 3 in each of 2 clusters
    expect(found.ecs_task).to.have.length(6);
    expect(found.ecs_service![0]).to.match(
      /^arn:aws:ecs:eu-west-1:111111111111:service\/cluster-\d\/ecs_service-/,
    );
    expect(found.region).to.deep.equal(['']);
    expect(report.errors).to.deep.equal([]);
    expect(
      report.messages.every((m) => m.account === ACCOUNT && m.region === REGION && m.delay === 0),
    ).to.equal(true);
    // Every listing went through its second page with the token the first one returned.
    expect(aws.inputs('EC2.DescribeInstances').map((i) => i.NextToken)).to.deep.equal([undefined, '2']);
    expect(aws.inputs('IAM.ListRoles').map((i) => i.Marker)).to.deep.equal([undefined, '2']);
    expect(aws.inputs('Lambda.ListFunctions').map((i) => i.Marker)).to.deep.equal([undefined, '2']);
  });

  it('asks only for what the account owns: its images and snapshots, manual DB snapshots, live instances', async () => {
    const aws = new FakeAws(pollWorld(() => ({ ami: 1, ebs_snapshot: 1, rds_snapshot: 1, ec2: 1 })));
    await sweepTask(task(), { clients: aws });
    expect(aws.inputs('EC2.DescribeImages')).to.deep.equal([{ Owners: ['self'], MaxResults: 1000 }]);
    expect(aws.inputs('EC2.DescribeSnapshots')).to.deep.equal([{ OwnerIds: ['self'], MaxResults: 1000 }]);
    expect(aws.inputs('RDS.DescribeDBSnapshots')).to.deep.equal([{ SnapshotType: 'manual' }]);
    expect(aws.inputs('EC2.DescribeInstances')).to.deep.equal([
      {
        Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }],
        MaxResults: 1000,
      },
    ]);
    // SQS lists at most 1,000 queues unless a page size is given.
    expect(aws.inputs('SQS.ListQueues')).to.deep.equal([{ MaxResults: 1000 }]);
  });

  it('skips AWS-managed keys and service-linked roles', async () => {
    const aws = new FakeAws(
      pollWorld(() => ({ kms_key: 1, aws_managed_key: 2, iam_role: 1, service_linked_role: 2 })),
    );
    const found = idsByType((await sweepTask(task(), { clients: aws })).messages);
    expect(found.kms_key).to.deep.equal([fakeId('kms_key', ACCOUNT, REGION, 0)]);
    expect(found.iam_role).to.deep.equal([fakeId('iam_role', ACCOUNT, REGION, 0)]);
  });

  it('lists the global types (IAM, S3) only in the task that carries them', async () => {
    const aws = new FakeAws(pollWorld(() => EVERY_TYPE));
    const report = await sweepTask(task({ global: false }), { clients: aws });
    const types = new Set(report.messages.map((m) => m.type));
    const globals = MANIFESTS.filter((m) => m.global === true);
    expect(globals).to.not.be.empty;
    for (const { type } of globals) expect(types.has(type), type).to.equal(false);
    // No call at all to the services of the global types' listings (IAM, S3).
    const services = new Set(
      globals
        .flatMap((m) => (m.listing && 'actions' in m.listing ? m.listing.actions : []))
        .map((action) => action.split(':')[0]),
    );
    expect(aws.calls().filter((c) => services.has(iamActionOf(c).split(':')[0]))).to.deep.equal([]);
    expect(types.has('sqs')).to.equal(true);
  });

  it('reports a listing that fails and completes the others', async () => {
    const world = pollWorld(() => EVERY_TYPE);
    world['Lambda.ListFunctions'] = () => {
      throw awsError('AccessDeniedException', 'User is not authorized to perform: lambda:ListFunctions', 403);
    };
    const report = await sweepTask(task(), { clients: new FakeAws(world), retry: noSleep });
    expect(report.errors).to.deep.equal([
      {
        types: ['lambda_function'],
        code: 'AccessDeniedException',
        message: 'AccessDeniedException: User is not authorized to perform: lambda:ListFunctions',
      },
    ]);
    expect(report.counts.lambda_function).to.equal(undefined);
    expect(report.counts.sqs).to.equal(3);
    expect(report.counts.region).to.equal(1);
  });

  it('resumes a throttled listing from its last page instead of starting over', async () => {
    const world = pollWorld(() => ({ ec2: 5 }));
    const describe = world['EC2.DescribeInstances'] as (
      input: Record<string, unknown>,
      call: never,
    ) => unknown;
    let throttled = 0;
    world['EC2.DescribeInstances'] = (input: Record<string, unknown>, call: never) => {
      if (input.NextToken === '2' && throttled < 2) {
        throttled += 1;
        throw awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
      }
      return describe(input, call);
    };
    const aws = new FakeAws(world);
    const report = await sweepTask(task(), { clients: aws, retry: noSleep });
    expect(report.counts.ec2).to.equal(5);
    expect(report.errors).to.deep.equal([]);
    expect(aws.inputs('EC2.DescribeInstances').map((i) => i.NextToken)).to.deep.equal([
      undefined,
      '2',
      '2',
      '2',
      '4',
    ]);
  });

  it('gives up on a listing throttled past the attempts, and says so', async () => {
    const world = pollWorld(() => ({ sqs: 1, rds: 1 }));
    world['RDS.DescribeDBInstances'] = () => {
      throw awsError('Throttling', 'Rate exceeded', 400);
    };
    const aws = new FakeAws(world);
    const report = await sweepTask(task(), {
      clients: aws,
      retry: { attempts: 3, sleep: async () => undefined },
    });
    expect(report.errors.map((e) => [e.types, e.code])).to.deep.equal([[['rds'], 'Throttling']]);
    expect(aws.calls('RDS.DescribeDBInstances')).to.have.length(3);
    expect(report.counts.sqs).to.equal(1);
  });

  it('keeps at most the limit of calls in flight in one account and region', async () => {
    let running = 0;
    let most = 0;
    const world = pollWorld(() => EVERY_TYPE);
    const aws = new FakeAws(world, {
      beforeSend: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
    });
    await sweepTask(task(), { clients: aws, limiter: new KeyedLimiter(3) });
    expect(most).to.equal(3);
    expect((await loadListers()).length).to.be.greaterThan(3);
  });

  describe("only the misconfiguration maker's resources", () => {
    it('recognises them by name, id or Name tag', () => {
      expect(
        isTestResource({ type: 'sqs', id: 'https://sqs.eu-west-1.amazonaws.com/1/misconfiguration_maker-q' }),
      ).to.equal(true);
      expect(isTestResource({ type: 'security_group', id: 'sg-1', name: 'misconfig-maker-open' })).to.equal(
        true,
      );
      expect(isTestResource({ type: 'ec2', id: 'i-1', tags: { Name: 'misconfiguration_maker' } })).to.equal(
        true,
      );
      expect(isTestResource({ type: 'ec2', id: 'i-2', tags: { Name: 'web' } })).to.equal(false);
      expect(isTestResource({ type: 's3_bucket', id: 'prod-data' })).to.equal(false);
    });

    it('sends nothing else but the region message (its checks only report, and show the posture)', async () => {
      const world = pollWorld(() => ({ sqs: 2, s3_bucket: 1 }));
      world['S3.ListBuckets'] = {
        Buckets: [{ Name: 'acme-misconfiguration-maker-bucket' }, { Name: 'prod-data' }],
      };
      const report = await sweepTask(task({ onlyTestResources: true }), { clients: new FakeAws(world) });
      expect(report.messages.map((m) => [m.type, m.id])).to.deep.equal([
        ['s3_bucket', 'acme-misconfiguration-maker-bucket'],
        ['region', ''],
      ]);
    });
  });
});
