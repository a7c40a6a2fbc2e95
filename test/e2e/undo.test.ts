import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  type Grant,
  PutBucketAclCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { runBuiltCli } from '../helpers/cli';
import { ACCOUNTS, HOME, awsEnv } from './aws';
import { e2e, summary } from './hooks';
import { SETTINGS_BASE } from './world/index';

const ACCOUNT = ACCOUNTS[0];
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

describe('e2e: undo puts back what --remediate replaced (a bucket ACL, a queue policy)', function () {
  let dir: string;
  let settingsFile: string;
  let env: NodeJS.ProcessEnv;
  let s3: S3Client;
  let sqs: SQSClient;
  let queueUrl: string;
  let grants: Grant[];
  let queuePolicy: string;
  let messages: string;

  const cli = (args: string[], input?: string) => {
    e2e().endpoint.clear();
    return runBuiltCli(args, { env, ...(input === undefined ? {} : { input }) });
  };
  const readGrants = async () =>
    (await s3.send(new GetBucketAclCommand({ Bucket: 'e2e-undo-bucket' }))).Grants ?? [];
  const readPolicy = async () =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] })))
      .Attributes?.Policy;
  const canonical = (g: Grant[]) => g.map((x) => JSON.stringify(x)).sort();

  before(async function () {
    this.timeout(120_000);
    const { endpoint, accounts, reset } = e2e();
    await reset();
    s3 = accounts.client(S3Client, ACCOUNT, HOME);
    sqs = accounts.client(SQSClient, ACCOUNT, HOME);
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-undo-bucket' }));
    const { Owner, Grants = [] } = await s3.send(new GetBucketAclCommand({ Bucket: 'e2e-undo-bucket' }));
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'e2e-undo-bucket',
        AccessControlPolicy: {
          Owner,
          Grants: [...Grants, { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }],
        },
      }),
    );
    grants = await readGrants();
    ({ QueueUrl: queueUrl } = (await sqs.send(new CreateQueueCommand({ QueueName: 'e2e-undo-queue' }))) as {
      QueueUrl: string;
    });
    const arn = `arn:aws:sqs:${HOME}:${ACCOUNT}:e2e-undo-queue`;
    queuePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: arn },
        {
          Sid: 'Partner',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS[1]}:root` },
          Action: 'sqs:SendMessage',
          Resource: arn,
        },
      ],
    });
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: queuePolicy } }),
    );
    dir = mkdtempSync(join(tmpdir(), 'e2e-undo-'));
    settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify(SETTINGS_BASE));
    env = { PATH: process.env.PATH, ...awsEnv(endpoint.url) };
    messages = [
      { account: ACCOUNT, region: HOME, type: 's3_bucket', id: 'e2e-undo-bucket' },
      { account: ACCOUNT, region: HOME, type: 'sqs', id: queueUrl },
    ]
      .map((m) => JSON.stringify(m))
      .join('\n');
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--remediate fixes both; undo (dry run) says what it would write and writes nothing; --apply restores both exactly', async function () {
    this.timeout(60_000);
    const fixed = await cli(
      ['remediate', '--config', settingsFile, '--remediate', 's3_bucket.public,sqs.public'],
      messages,
    );
    expect(fixed.code, fixed.stderr).to.equal(0);
    const applied = lines(fixed.stdout).filter((l) => JSON.parse(l).remediation.status === 'applied');
    expect(applied.map((l) => JSON.parse(l).check).sort()).to.deep.equal(['s3_bucket.public', 'sqs.public']);
    expect((await readGrants()).some((g) => g.Grantee?.URI === ALL_USERS)).to.equal(false);
    expect(JSON.parse((await readPolicy())!).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal([
      'Partner',
    ]);

    const dry = await cli(['undo', '--config', settingsFile], applied.join('\n'));
    expect(dry.code, dry.stderr).to.equal(0);
    const planned = lines(dry.stdout).map((l) => JSON.parse(l));
    expect(planned.map((o) => o.status)).to.deep.equal(['would_restore', 'would_restore']);
    expect(planned.flatMap((o) => o.steps.map((s: { command: string }) => s.command)).sort()).to.deep.equal([
      'PutBucketAcl',
      'SetQueueAttributes',
    ]);
    expect(dry.stderr).to.contain('dry run');
    expect((await readGrants()).some((g) => g.Grantee?.URI === ALL_USERS)).to.equal(false);

    const undone = await cli(['undo', '--config', settingsFile, '--apply'], applied.join('\n'));
    expect(undone.code, undone.stderr).to.equal(0);
    expect(lines(undone.stdout).map((l) => JSON.parse(l).status)).to.deep.equal(['restored', 'restored']);
    expect(canonical(await readGrants())).to.deep.equal(canonical(grants));
    expect(JSON.parse((await readPolicy())!)).to.deep.equal(JSON.parse(queuePolicy));
    summary.push(
      'undo: --remediate fixed a bucket ACL and a queue policy; undo --apply restored both exactly as seeded (read back from the server)',
    );
  });

  it('refuses, naming the difference, when the queue policy changed since the fix; --force restores it', async function () {
    this.timeout(60_000);
    const fixed = await cli(['remediate', '--config', settingsFile, '--remediate', 'sqs.public'], messages);
    const applied = lines(fixed.stdout).filter((l) => JSON.parse(l).check === 'sqs.public');
    expect(applied).to.have.length(1);
    // Someone removes the policy after the fix.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: '' } }));
    const refused = await cli(['undo', '--config', settingsFile, '--apply'], applied.join('\n'));
    expect(refused.code).to.equal(1);
    const [outcome] = lines(refused.stdout).map((l) => JSON.parse(l));
    expect(outcome.status).to.equal('refused');
    expect(outcome.reason).to.contain('changed since the fix').and.contain('Policy');
    expect(await readPolicy()).to.equal(undefined);

    const forced = await cli(['undo', '--config', settingsFile, '--apply', '--force'], applied.join('\n'));
    expect(forced.code, forced.stderr).to.equal(0);
    expect(JSON.parse((await readPolicy())!)).to.deep.equal(JSON.parse(queuePolicy));
  });
});
