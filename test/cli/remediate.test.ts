import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planBanner, remediatePlan, runRemediate } from '../../src/cli/remediate';
import { UsageError } from '../../src/runtime/errors';
import type { RemediationSettings } from '../../src/runtime/contracts/settings';
import { FakeAws, watched, type World } from '../helpers/aws';
import { BUILT_CLI, captureIO, runBuiltCli } from '../helpers/cli';
import { assumeRoleReply, startFakeAws } from '../helpers/fake-aws-server';
import {
  ACCOUNT,
  accountStatement,
  KNOWN,
  policy,
  publicStatement,
  resource,
  settingsWith,
} from '../helpers/resources';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from '../runtime/types/sqs/fixtures';

const line = (id = QUEUE_URL, type: 'sqs' | 'ec2' = 'sqs') => JSON.stringify(resource(type, id));

async function run(input: string, world: World, overrides: Partial<RemediationSettings> = {}) {
  const settings = settingsWith(overrides);
  const aws = new FakeAws(world);
  watched.push({ aws, settings });
  const captured = captureIO(input);
  const code = await runRemediate(captured.io, { settings, clients: aws });
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), aws };
}

describe('cli: remediate', () => {
  const openQueue = () => sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) });

  it('prints one finding per line and a summary by check and status on stderr', async () => {
    const result = await run(`${line()}\n${line(`${QUEUE_URL}-2`)}\n`, openQueue());
    expect(result.code).to.equal(0);
    const findings = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(findings.map((f) => [f.check, f.resource.id, f.remediation.status])).to.have.deep.members([
      ['sqs.public', QUEUE_URL, 'dry_run'],
      ['sqs.public', `${QUEUE_URL}-2`, 'dry_run'],
    ]);
    expect(Object.keys(findings[0])).to.deep.equal([
      'id',
      'check',
      'severity',
      'resource',
      'message',
      'remediation',
      'observedAt',
      'trigger',
    ]);
    expect(findings[0].trigger).to.equal('cli');
    expect(findings[0].id).to.match(/^[0-9a-f]{64}$/);
    expect(result.stderr).to.equal('remediate: 2 messages, 2 audited, 2 findings\n  sqs.public: 2 dry_run\n');
  });

  it('reports bad lines and failed audits, keeps going, and exits 1', async () => {
    const input = [
      'not json',
      '{"account":"1","region":"eu-west-1","type":"sqs","id":"q"}',
      line(),
      line('i-1', 'ec2'),
    ].join('\n');
    const result = await run(input, openQueue(), { remediate: true });
    expect(result.code).to.equal(1);
    expect(result.stdout.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(/^line 1: invalid JSON/m);
    expect(result.stderr).to.match(/^line 2: message\.account: "1" is not/m);
    expect(result.stderr).to.match(/^line 4: Error: FakeAws: no responder for EC2\.DescribeInstances$/m);
    expect(result.stderr).to.match(
      /remediate: 4 messages, 1 audited, 1 failed, 2 bad input, 1 finding\n {2}sqs\.public: 1 applied\n$/,
    );
  });

  it('writes nothing for a compliant resource', async () => {
    const result = await run(
      line(),
      sqsWorld({ policy: policy(accountStatement('Partner', 'sqs:SendMessage')) }),
      {
        remediate: true,
      },
    );
    expect(result.stdout).to.equal('');
    expect(result.aws.writes()).to.deep.equal([]);
  });
});

describe('cli: remediate settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'remediate-settings-'));
  const file = (name: string, settings: object) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(settings));
    return path;
  };
  const base = { regions: ['eu-west-1'], accounts: [ACCOUNT] };

  it('is a dry run without --remediate, whatever the file says, and says what --remediate would fix', () => {
    const plan = remediatePlan(file('on.json', { ...base, remediate: { sqs: true } }), undefined);
    expect(plan.settings.remediate).to.equal(false);
    expect(plan.apply).to.equal(false);
    expect(plan.checks).to.deep.equal(['sqs.public']);
    expect(planBanner(plan)).to.equal(
      'remediate: dry run, nothing is changed (--remediate would fix sqs.public)',
    );
    expect(remediatePlan(undefined, undefined, { AWS_REGION: 'ap-south-1' }).settings).to.deep.include({
      remediate: false,
      regions: ['ap-south-1'],
      accounts: [],
    });
  });

  it("with bare --remediate, applies exactly the file's choice and lists it", () => {
    const map = { 'sqs.public': true, s3_bucket: false, 'ec2.missing_tags': true };
    const plan = remediatePlan(file('map.json', { ...base, remediate: map }), true);
    expect(plan.settings.remediate).to.deep.equal(map);
    expect(plan.checks).to.deep.equal(['sqs.public', 'ec2.missing_tags']);
    expect(planBanner(plan)).to.equal(
      'remediate: applying the fixes of sqs.public, ec2.missing_tags; disruptive (they stop or delete): ec2.missing_tags',
    );
  });

  it('refuses bare --remediate without a file, or with a file that turns no fix on (exit 2)', () => {
    expect(() => remediatePlan(undefined, true, {})).to.throw(
      UsageError,
      '--remediate: no settings file says which fixes to apply; name the checks to fix (--remediate sqs.public,s3_bucket.public, or --remediate all)',
    );
    for (const [name, settings] of [
      ['off.json', { ...base, remediate: false }],
      ['silent.json', base],
    ] as const) {
      const config = file(name, settings);
      expect(() => remediatePlan(config, true)).to.throw(UsageError, `${config} turns no fix on`);
    }
  });

  it('applies the checks and types named after --remediate, whatever the file says', () => {
    const plan = remediatePlan(file('off2.json', { ...base, remediate: false }), 'sqs.public,s3_bucket');
    expect(plan.settings.remediate).to.deep.equal({ 'sqs.public': true, s3_bucket: true });
    expect(plan.checks).to.deep.equal([
      's3_bucket.public',
      's3_bucket.no_tls_enforcement',
      's3_bucket.no_encryption_enforcement',
      's3_bucket.missing_tags',
      'sqs.public',
    ]);
    expect(() => remediatePlan(undefined, 'sqs.publik', {})).to.throw(
      UsageError,
      /^--remediate sqs\.publik: not a check id or resource type/,
    );
  });

  it('--remediate all fixes every non-disruptive check, and no removal of shares with other accounts', () => {
    const plan = remediatePlan(undefined, 'all', {});
    expect(plan.settings.remediate).to.equal(true);
    expect(plan.checks).to.include.members(['sqs.public', 'security_group.public_ingress', 'ami.public']);
    expect(plan.checks).to.not.include.members([
      'ec2.missing_tags',
      'rds.unencrypted',
      'ami.shared_unknown_account',
      'ebs_snapshot.shared_unknown_account',
      'rds_snapshot.shared_unknown_account',
    ]);
    expect(plan.disruptive).to.deep.equal([]);
  });

  it('refuses a message of another account when running with your own credentials', async () => {
    const settings = settingsWith();
    const aws = new FakeAws(sqsWorld());
    watched.push({ aws, settings });
    const captured = captureIO(
      `${JSON.stringify(resource('sqs', QUEUE_URL, { account: '222222222222' }))}\n`,
    );
    const code = await runRemediate(captured.io, { settings, clients: aws, onlyAccount: ACCOUNT });
    expect(code).to.equal(1);
    expect(captured.stderr()).to.match(
      /line 1: ConfigurationError: this message is for account 222222222222 but your credentials are of account 111111111111/,
    );
    expect(aws.sent).to.deep.equal([]);
  });

  it('refuses an invalid settings file with the field to change', () => {
    expect(() => remediatePlan(file('bad.json', { ...base, regions: ['eu-west-x'] }), undefined)).to.throw(
      /settings\.regions\[0\]: "eu-west-x" is not an AWS region code/,
    );
  });
});

describe('cli: remediate, end to end (built CLI, real SDK, loopback AWS endpoint)', function () {
  before(function () {
    if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
  });

  it('assumes the member role once, audits with its credentials, and fixes only with --remediate', async () => {
    // Prepare: STS and SQS on loopback; a queue whose policy has a public and a partner statement.
    const partner = accountStatement('Partner', 'sqs:SendMessage');
    const queuePolicy = JSON.stringify(policy(partner, publicStatement('Open', 'sqs:*', QUEUE_ARN)));
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': () => ({ json: { Attributes: { Policy: queuePolicy } } }),
      'sqs.ListQueueTags': () => ({ json: { Tags: { team: 'orders' } } }),
      'sqs.SetQueueAttributes': () => ({ json: {} }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'remediate-e2e-'));
    const config = join(dir, 'settings.json');
    writeFileSync(
      config,
      JSON.stringify({
        regions: ['eu-west-1'],
        // The partner's account is a known one: its statement is legitimate.
        accounts: [ACCOUNT, KNOWN],
        externalId: 'shared-secret',
        remediate: { sqs: true },
      }),
    );
    const env = {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: server.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    try {
      // Act: a dry run, then the same message with --remediate.
      const dry = await runBuiltCli(['remediate', '--config', config], { input: `${line()}\n`, env });
      const applied = await runBuiltCli(['remediate', '--config', config, '--remediate'], {
        input: `${line()}\n`,
        env,
      });

      // Assess
      expect(dry.code, dry.stderr).to.equal(0);
      expect(JSON.parse(dry.stdout).remediation.status).to.equal('dry_run');
      expect(dry.stderr).to.include(
        'remediate: dry run, nothing is changed (--remediate would fix sqs.public)',
      );
      expect(applied.stderr).to.include('remediate: applying the fixes of sqs.public');
      expect(applied.code, applied.stderr).to.equal(0);
      const finding = JSON.parse(applied.stdout);
      expect(finding.remediation.status).to.equal('applied');
      expect(finding.before).to.deep.equal({ Policy: queuePolicy });

      const sts = server.received.filter((r) => r.service === 'sts');
      expect(
        sts.map((r) => [
          r.operation,
          r.body.RoleArn,
          r.body.ExternalId,
          r.body.RoleSessionName,
          r.accessKeyId,
        ]),
      ).to.deep.equal([
        [
          'AssumeRole',
          `arn:aws:iam::${ACCOUNT}:role/member_remediator`,
          'shared-secret',
          'aws-remediation-cli',
          'AKIDOPERATOR',
        ],
        [
          'AssumeRole',
          `arn:aws:iam::${ACCOUNT}:role/member_remediator`,
          'shared-secret',
          'aws-remediation-cli',
          'AKIDOPERATOR',
        ],
      ]);
      const sqs = server.received.filter((r) => r.service === 'sqs');
      expect(new Set(sqs.map((r) => r.accessKeyId))).to.deep.equal(new Set(['ASIAMEMBER']));
      const writes = sqs.filter((r) => r.operation === 'SetQueueAttributes');
      expect(writes).to.have.length(1);
      expect(writes[0]!.body.QueueUrl).to.equal(QUEUE_URL);
      expect(JSON.parse((writes[0]!.body.Attributes as { Policy: string }).Policy)).to.deep.equal(
        policy(partner),
      );
    } finally {
      await server.close();
    }
  });
});
