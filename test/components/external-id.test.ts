import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import { validateSettings } from '../../src/runtime/contracts/settings';
import {
  installMocks,
  isSecretInput,
  json,
  resourcesOf,
  settingsJsonOf,
  settled,
  unsecret,
  valueOf,
} from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const MASTER_ROLES = [
  'arn:aws:iam::000000000000:role/sec-remediator-1a2b3c',
  'arn:aws:iam::000000000000:role/sec-poll-worker-1a2b3c',
];
const plain = { regions: ['eu-west-1'], accounts: ['111111111111'] };
const SECRET = 'n0t-in-the-state-in-clear';

/** The value an output settles to, or the error it fails with (an output's own promise). */
function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

describe('component settings: a secret externalId', function () {
  let components: Components;

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
  });

  it('RemediationMaster packages the resolved value in every settings.json, and the code stays secret', async () => {
    const master = new components.RemediationMaster('xid', {
      settings: { ...plain, externalId: pulumi.secret(SECRET) },
      eventRegions: ['eu-west-1'],
    });
    await settled([master, ...Object.values(master.functions)]);
    const functions = resourcesOf('xid-', 'aws:lambda/function:Function');
    expect(functions.map((f) => f.name).sort()).to.deep.equal([
      'xid-poll-planner',
      'xid-poll-worker',
      'xid-remediator',
      'xid-translator',
    ]);
    for (const fn of functions) {
      // The mock runtime receives the code as a Pulumi secret: the state keeps it encrypted.
      expect(isSecretInput(fn.inputs.code), fn.name).to.equal(true);
      expect(JSON.parse(await settingsJsonOf(fn.inputs.code)), fn.name).to.deep.equal(
        validateSettings({ ...plain, externalId: SECRET }),
      );
      // Nothing else of the function carries it.
      expect(isSecretInput(fn.inputs.environment), fn.name).to.equal(false);
    }
    expect(await pulumi.isSecret(master.functions.remediator.code)).to.equal(true);
    expect(await pulumi.isSecret(master.settings.externalId!)).to.equal(true);
    expect(await valueOf(master.settings.externalId!)).to.equal(SECRET);
  });

  it('MemberAccount requires the resolved value in the trust, and the trust policy stays secret', async () => {
    const member = new components.MemberAccount('xidm', {
      settings: { ...plain, externalId: pulumi.secret(SECRET) },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([member, member.memberRole]);
    const role = resourcesOf('xidm-member', 'aws:iam/role:Role')[0]!;
    expect(isSecretInput(role.inputs.assumeRolePolicy)).to.equal(true);
    expect(json(unsecret(role.inputs.assumeRolePolicy)).Statement).to.deep.equal([
      {
        Sid: 'MasterFunctionsOnly',
        Effect: 'Allow',
        Principal: { AWS: MASTER_ROLES },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': SECRET } },
      },
    ]);
    expect(await pulumi.isSecret(member.memberRole.assumeRolePolicy)).to.equal(true);
    // The role's policy does not carry it, and is not secret.
    const policy = resourcesOf('xidm-member', 'aws:iam/rolePolicy:RolePolicy')[0]!;
    expect(isSecretInput(policy.inputs.policy)).to.equal(false);
  });

  it('takes an externalId from another resource (an output that is not secret) the same way', async () => {
    const member = new components.MemberAccount('xido', {
      settings: { ...plain, externalId: pulumi.output('from-another-resource') },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([member, member.memberRole]);
    const role = resourcesOf('xido-member', 'aws:iam/role:Role')[0]!;
    expect(isSecretInput(role.inputs.assumeRolePolicy)).to.equal(false);
    expect(json(role.inputs.assumeRolePolicy).Statement[0].Condition).to.deep.equal({
      StringEquals: { 'sts:ExternalId': 'from-another-resource' },
    });
  });

  it('leaves a plain-string externalId as it was (not secret), validated at construction', async () => {
    const member = new components.MemberAccount('xidp', {
      settings: { ...plain, externalId: 'plain-text-id' },
      masterRoleArns: MASTER_ROLES,
      forwarderRegions: [],
    });
    await settled([member, member.memberRole]);
    const role = resourcesOf('xidp-member', 'aws:iam/role:Role')[0]!;
    expect(isSecretInput(role.inputs.assumeRolePolicy)).to.equal(false);
    expect(
      () =>
        new components.MemberAccount('xidbad', {
          settings: { ...plain, externalId: 'has spaces' },
          masterRoleArns: MASTER_ROLES,
          forwarderRegions: [],
        }),
    ).to.throw(/settings\.externalId: must be 2 to 1224 letters/);
    expect(resourcesOf('xidbad-')).to.deep.equal([]);
  });

  it('validates a secret externalId once it is known, without its value in the error', async () => {
    const { componentSettings } = await import('../../src/components/shared');
    const parent = new pulumi.ComponentResource('test:index:Parent', 'xid-parent');
    const { settings, resolved } = componentSettings(
      { ...plain, externalId: pulumi.secret('bad secret value') },
      parent,
    );
    // Everything else is validated (and defaulted) at once.
    expect(settings.memberRoleName).to.equal('member_remediator');
    // settings.json (resolved) and the value the member role's trust would require both fail.
    for (const output of [resolved, settings.externalId!]) {
      let failure: unknown;
      await settle<unknown>(output).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(pulumi.ResourceError);
      expect(String((failure as Error).message)).to.match(/settings\.externalId: must be 2 to 1224 letters/);
      expect(String((failure as Error).message)).to.not.contain('bad secret value');
    }
  });
});
