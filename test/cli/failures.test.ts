import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuiltCli } from '../helpers/cli';
import { assumeRoleReply, startFakeAws } from '../helpers/fake-aws-server';
import { ACCOUNT, policy, publicStatement, resource } from '../helpers/resources';
import { QUEUE_ARN, QUEUE_URL } from '../runtime/types/sqs/fixtures';

// Expected failures of a whole run: one clear line, exit code 2, no stack trace, no repetition.

const line = JSON.stringify(resource('sqs', QUEUE_URL));
const lines = `${line}\n${JSON.stringify(resource('sqs', `${QUEUE_URL}-2`))}\n`;
const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' };
const noStack = (stderr: string) => expect(stderr).to.not.match(/\n\s+at |unexpected error/);

function settingsFile(extra: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-failures-'));
  const file = join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify({ regions: ['eu-west-1'], accounts: [ACCOUNT], ...extra }));
  return file;
}

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('cli: failures of a whole run', () => {
  it('says once that there are no credentials, and exits 2', async () => {
    const result = await runBuiltCli(['remediate', '--config', settingsFile()], {
      input: lines,
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_REGION: 'eu-west-1', ...quiet },
    });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'aws-remediation: no AWS credentials found: set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
  });

  it('stops at the first message when AWS cannot be reached, says why once, and exits 2', async () => {
    const closed = await silentServer();
    const url = closed.url;
    await closed.close(); // nothing listens there now: connections are refused
    const result = await runBuiltCli(['remediate', '--config', settingsFile()], {
      input: lines,
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL: url,
        AWS_MAX_ATTEMPTS: '1',
        ...quiet,
      },
    });
    expect(result.code).to.equal(2);
    const failures = result.stderr.split('\n').filter((l) => l.startsWith('aws-remediation: '));
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(
      /^aws-remediation: cannot reach AWS .*ECONNREFUSED.*check your network or proxy/,
    );
    expect(result.stderr).to.not.match(/deploy the MemberAccount/);
    noStack(result.stderr);
  });

  it('gives up on an endpoint that accepts and never answers, after the request timeout', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const result = await runBuiltCli(['remediate', '--config', settingsFile()], {
        input: `${line}\n`,
        env: {
          PATH: process.env.PATH,
          HOME: '/nonexistent',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL: silent.url,
          AWS_MAX_ATTEMPTS: '1',
          AWS_REMEDIATION_REQUEST_TIMEOUT_MS: '300',
          ...quiet,
        },
      });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/aws-remediation: cannot reach AWS .*(TimeoutError|timed out|timeout)/i);
      noStack(result.stderr);
      expect(Date.now() - started).to.be.below(15_000);
    } finally {
      await silent.close();
    }
  });

  it('refuses bare --remediate without settings, with what to write instead (exit 2)', async () => {
    const result = await runBuiltCli(['remediate', '--remediate'], {
      input: lines,
      env: { PATH: process.env.PATH, HOME: '/nonexistent', ...quiet },
    });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'aws-remediation: --remediate: no settings file says which fixes to apply; name the checks to fix (--remediate sqs.public,s3_bucket.public, or --remediate all)\n',
    );
  });

  it('prints an applied fix and its before even when the finding cannot be published, and exits 1', async () => {
    const queuePolicy = JSON.stringify(policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)));
    const server = await startFakeAws({
      'sts.AssumeRole': (body) => assumeRoleReply('ASIAMEMBER', String(body.RoleArn)),
      'sqs.GetQueueAttributes': () => ({ json: { Attributes: { Policy: queuePolicy } } }),
      'sqs.ListQueueTags': () => ({ json: { Tags: {} } }),
      'sqs.SetQueueAttributes': () => ({ json: {} }),
      'sns.Publish': () => ({
        xml: '<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized to publish</Message></Error></ErrorResponse>',
        status: 403,
      }),
    });
    try {
      const result = await runBuiltCli(
        [
          'remediate',
          '--config',
          settingsFile(),
          '--remediate',
          'sqs.public',
          '--topic-arn',
          'arn:aws:sns:eu-west-1:000000000000:findings',
        ],
        {
          input: `${line}\n`,
          env: {
            PATH: process.env.PATH,
            HOME: '/nonexistent',
            AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_REGION: 'eu-west-1',
            AWS_ENDPOINT_URL: server.url,
            AWS_MAX_ATTEMPTS: '1',
            ...quiet,
          },
        },
      );
      expect(result.code).to.equal(1);
      const finding = JSON.parse(result.stdout);
      expect(finding.remediation.status).to.equal('applied');
      expect(finding.before).to.deep.equal({ Policy: queuePolicy });
      expect(result.stderr).to.match(
        /line 1: NotificationError: 1 of 1 findings could not be published: AuthorizationError/,
      );
      expect(result.stderr).to.match(
        /remediate: 1 message, 0 audited, 1 failed, 1 finding\n {2}sqs\.public: 1 applied\n$/,
      );
      expect(server.received.filter((r) => r.operation === 'SetQueueAttributes')).to.have.length(1);
    } finally {
      await server.close();
    }
  });
});
