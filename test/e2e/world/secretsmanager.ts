import {
  CreateSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { expect } from 'chai';
import { ACCOUNTS, type Accounts, REGIONS, STRANGER, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectPolicy,
  parse,
  policy,
  root,
  short,
} from './model';

/** A secret with `written` as its resource policy, and how to read the policy back. */
async function seedSecret(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
  written: PolicyDocument,
  tagged = false,
): Promise<{ arn: string; read: () => Promise<PolicyDocument | null> }> {
  const sm = accounts.client(SecretsManagerClient, account, region);
  const { ARN } = await sm.send(
    new CreateSecretCommand({
      Name: name,
      SecretString: 'e2e-not-a-real-secret',
      ...(tagged ? { Tags: [EXCEPTION_TAG] } : {}),
    }),
  );
  const SecretId = ARN!;
  await sm.send(new PutResourcePolicyCommand({ SecretId, ResourcePolicy: JSON.stringify(written) }));
  return {
    arn: SecretId,
    read: async () => parse((await sm.send(new GetResourcePolicyCommand({ SecretId }))).ResourcePolicy),
  };
}

const statement = (Sid: string, Principal: unknown): Statement => ({
  Sid,
  Effect: 'Allow',
  Principal,
  Action: 'secretsmanager:GetSecretValue',
  Resource: '*',
});

async function secrets(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const suffix = `${account}-${short(region)}`;
  const known = statement('KnownAccountReads', { AWS: root(otherAccount(account)) });
  const anyone = statement('AnyoneReads', '*');
  const stranger = statement('StrangerReads', { AWS: root(STRANGER) });
  const message = (id: string): Message => ({ account, region, type: 'secretsmanager_secret', id, delay: 0 });
  const document = (state: unknown) => state as PolicyDocument | null;

  // Public and a stranger's grant next to a known account's: both fixed, the known account's kept.
  // (moto accepts BlockPublicPolicy and does not judge the policy; AWS does.)
  const pub = await seedSecret(
    accounts,
    account,
    region,
    `e2e/public-${suffix}`,
    policy(known, anyone, stranger),
  );
  // Every statement public: the fix deletes the policy.
  const open = await seedSecret(accounts, account, region, `e2e/open-${suffix}`, policy(anyone));
  const ok = await seedSecret(accounts, account, region, `e2e/private-${suffix}`, policy(known));

  const out: Resource[] = [
    {
      label: `secretsmanager_secret public, known account and stranger ${pub.arn}`,
      message: message(pub.arn),
      seeded: true,
      excepted: false,
      findings: [
        { check: 'secretsmanager_secret.public', fixable: true, mentions: ['statement "AnyoneReads"'] },
        {
          check: 'secretsmanager_secret.shared_unknown_account',
          fixable: true,
          mentions: [`statement "StrangerReads" grants account ${STRANGER}`],
        },
      ],
      read: pub.read,
      verifyFixed: (state) => expectPolicy(document(state), policy(known), `secret ${pub.arn}`),
    },
    {
      label: `secretsmanager_secret open to anyone ${open.arn}`,
      message: message(open.arn),
      seeded: true,
      excepted: false,
      findings: [{ check: 'secretsmanager_secret.public', fixable: true }],
      read: open.read,
      verifyFixed: (state) => expect(state, `secret ${open.arn}: policy`).to.equal(null),
    },
    {
      label: `secretsmanager_secret known account only ${ok.arn}`,
      message: message(ok.arn),
      seeded: true,
      excepted: false,
      findings: [],
      read: ok.read,
    },
  ];
  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = await seedSecret(accounts, account, region, `e2e/tagged-${suffix}`, policy(anyone), true);
    out.push({
      label: `secretsmanager_secret excepted by tag ${tagged.arn}`,
      message: message(tagged.arn),
      seeded: true,
      excepted: true,
      findings: [{ check: 'secretsmanager_secret.public', fixable: true }],
      read: tagged.read,
    });
  }
  return out;
}

/**
 * Secrets Manager secrets: a public statement and a stranger's grant next to a known account's (both
 * fixed, the known account's grant kept exactly), one whose every statement is public (its policy
 * deleted), one granting only a known account, and one excepted by tag.
 */
export const secretsManagerSeeder: Seeder = {
  seed: ({ accounts, account, region }) => secrets(accounts, account, region),
};
