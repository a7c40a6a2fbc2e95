import { STSClient } from '@aws-sdk/client-sts';
import { SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { MemberClients } from '../../../src/runtime/aws/clients';
import { MemberCredentials, partitionOf } from '../../../src/runtime/aws/credentials';
import { AssumeRoleError } from '../../../src/runtime/errors';
import { HOUR, stubSts } from '../../helpers/sts';

function setup(options: { externalId?: string; fail?: (roleArn: string) => Error | undefined } = {}) {
  const clock = { now: Date.parse('2026-11-22T10:00:00Z') };
  const sts = stubSts(clock, options.fail);
  const credentials = new MemberCredentials({
    sts,
    roleName: 'member_remediator',
    sessionName: 'aws-remediation-remediator',
    externalId: options.externalId,
    now: () => clock.now,
  });
  return { clock, sts, credentials };
}

describe('aws: member credentials', () => {
  it('assumes the member role with the session name and ExternalId', async () => {
    const { sts, credentials } = setup({ externalId: 'org-secret' });
    const identity = await credentials.get('111111111111', 'eu-west-1');
    expect(identity).to.include({ accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token-1' });
    expect(sts.inputs()).to.deep.equal([
      {
        RoleArn: 'arn:aws:iam::111111111111:role/member_remediator',
        RoleSessionName: 'aws-remediation-remediator',
        DurationSeconds: 3600,
        ExternalId: 'org-secret',
      },
    ]);
  });

  it('sends no ExternalId when none is set', async () => {
    const { sts, credentials } = setup();
    await credentials.get('111111111111', 'eu-west-1');
    expect(sts.inputs()[0]).to.not.have.property('ExternalId');
  });

  it('costs one AssumeRole per account, however many resources and regions, even concurrently', async () => {
    const { sts, credentials } = setup();
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        credentials.get('111111111111', i % 2 ? 'eu-west-1' : 'us-east-1'),
      ),
    );
    await credentials.get('222222222222', 'eu-west-1');
    expect(sts.send.callCount).to.equal(2);
    expect(credentials.calls).to.equal(2);
  });

  it('renews a session five minutes before it expires, not earlier', async () => {
    const { clock, sts, credentials } = setup();
    await credentials.get('111111111111', 'eu-west-1');
    clock.now += HOUR - 6 * 60_000;
    expect((await credentials.get('111111111111', 'eu-west-1')).accessKeyId).to.equal('ASIA1');
    clock.now += 2 * 60_000;
    expect((await credentials.get('111111111111', 'eu-west-1')).accessKeyId).to.equal('ASIA2');
    expect(sts.send.callCount).to.equal(2);
  });

  it('says what to check when the role cannot be assumed, and tries again next time', async () => {
    let denied = true;
    const { sts, credentials } = setup({
      fail: () =>
        denied
          ? Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' })
          : undefined,
    });
    const error = await credentials.get('333333333333', 'eu-west-1').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AssumeRoleError);
    expect((error as AssumeRoleError).account).to.equal('333333333333');
    expect((error as Error).message).to.match(
      /^cannot assume arn:aws:iam::333333333333:role\/member_remediator in account 333333333333 \(AccessDenied: .*\); deploy the MemberAccount component there/,
    );
    denied = false;
    expect((await credentials.get('333333333333', 'eu-west-1')).accessKeyId).to.equal('ASIA1');
    expect(sts.send.callCount).to.equal(2);
  });

  it('uses the partition of the region in role ARNs', () => {
    const { credentials } = setup();
    expect(partitionOf('cn-north-1')).to.equal('aws-cn');
    expect(credentials.roleArn('111111111111', 'us-gov-west-1')).to.equal(
      'arn:aws-us-gov:iam::111111111111:role/member_remediator',
    );
  });
});

describe('aws: member clients', () => {
  it('keeps one client per service, account and region', () => {
    const { credentials } = setup();
    const clients = new MemberClients(credentials, {});
    const a = clients.get(SQSClient, 'SQS', '111111111111', 'eu-west-1');
    expect(clients.get(SQSClient, 'SQS', '111111111111', 'eu-west-1')).to.equal(a);
    expect(clients.get(SQSClient, 'SQS', '111111111111', 'us-east-1')).to.not.equal(a);
    expect(clients.get(SQSClient, 'SQS', '222222222222', 'eu-west-1')).to.not.equal(a);
  });

  it("signs with the member role's credentials and uses adaptive retries and the endpoint variables", async () => {
    const { sts, credentials } = setup();
    const clients = new MemberClients(credentials, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
    const client = clients.get(STSClient, 'STS', '111111111111', 'eu-west-1');
    const resolved = await client.config.credentials();
    expect(resolved.accessKeyId).to.equal('ASIA1');
    expect(await client.config.retryStrategy()).to.have.property('mode', 'adaptive');
    const endpoint = await client.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).to.equal('http://127.0.0.1:4566');
    expect(sts.send.callCount).to.equal(1);
  });
});
