import { CreateKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'chai';
import { type Accounts, otherAccount } from '../aws';
import { ADMIN_ROLE } from './iam';
import {
  ORGANIZATION,
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectPolicy,
  hasWildcardPrincipal,
  parse,
  policy,
  root,
} from './model';

async function keys(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const kms = accounts.client(KMSClient, account, region);
  const admin: Statement = {
    Sid: 'AccountAdministers',
    Effect: 'Allow',
    Principal: { AWS: root(account) },
    Action: 'kms:*',
    Resource: '*',
  };
  const partner: Statement = {
    Sid: 'KnownAccountDecrypts',
    Effect: 'Allow',
    Principal: { AWS: root(otherAccount(account)) },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
  };
  const open: Statement = {
    Sid: 'AnyoneDecrypts',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
  };
  const create = async (statements: Statement[]) => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ Policy: JSON.stringify(policy(...statements)) }),
    );
    const KeyId = KeyMetadata!.KeyId!;
    const read = async () =>
      parse((await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy);
    return { KeyId, read };
  };
  const pub = await create([admin, open, partner]);
  const ok = await create([admin, partner]);

  // A known account and anyone in one statement: the fix re-points the public principal to the
  // account root, the known account stays; the Deny stays as it is.
  const mixed: Statement = {
    Sid: 'KnownAccountAndAnyoneDecrypt',
    Effect: 'Allow',
    Principal: { AWS: [root(otherAccount(account)), '*'] },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
  };
  const onlyAdministratorsDelete: Statement = {
    Sid: 'OnlyAdministratorsDelete',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
    Resource: '*',
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${ADMIN_ROLE}` } },
  };
  const mixedPolicy = policy(admin, mixed, onlyAdministratorsDelete);
  const both = await create([...mixedPolicy.Statement]);
  const repointed = policy(
    admin,
    { ...mixed, Principal: { AWS: [root(otherAccount(account)), root(account)] } },
    onlyAdministratorsDelete,
  );

  // `{"AWS": "*"}` next to a Deny for everyone outside the organization: a grant to the organization,
  // not public. No finding; it stays as written. The Deny names the actions the Allow grants rather
  // than kms:*: moto answers DescribeKey with AccessDeniedException whenever a statement with Resource
  // "*" denies kms:*, kms:Describe* or kms:DescribeKey, whoever its principal and whatever its
  // conditions, while AWS evaluates them (the member role, in the organization, may describe the key).
  const encryptDecrypt = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];
  const organizationPolicy = policy(
    admin,
    {
      Sid: 'OrganizationUses',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: encryptDecrypt,
      Resource: '*',
    },
    {
      Sid: 'DenyOutsideOrganization',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: encryptDecrypt,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORGANIZATION } },
    },
  );
  const org = await create([...organizationPolicy.Statement]);

  const message = (id: string): Message => ({ account, region, type: 'kms_key', id, delay: 0 });
  const document = (state: unknown) => state as PolicyDocument | null;
  return [
    {
      label: `kms_key known account and anyone in one statement ${both.KeyId} ${account} ${region}`,
      message: message(both.KeyId),
      seeded: true,
      excepted: false,
      findings: [{ check: 'kms_key.public_policy', fixable: true, mentions: [`statement "${mixed.Sid}"`] }],
      read: both.read,
      verifyFixed: (state) => expectPolicy(document(state), repointed, `key ${both.KeyId}`),
      policy: { of: document, written: mixedPolicy, publicStatements: [mixed.Sid!] },
    },
    {
      label: `kms_key open inside the organization only ${org.KeyId} ${account} ${region}`,
      message: message(org.KeyId),
      seeded: true,
      excepted: false,
      findings: [],
      read: org.read,
      policy: { of: document, written: organizationPolicy, publicStatements: [] },
    },
    {
      label: `kms_key public ${pub.KeyId} ${account} ${region}`,
      message: message(pub.KeyId),
      seeded: true,
      excepted: false,
      findings: [{ check: 'kms_key.public_policy', fixable: true }],
      read: pub.read,
      verifyFixed: (state) => {
        const after = state as PolicyDocument | null;
        const what = `key ${pub.KeyId}`;
        expect(after, what).to.not.equal(null);
        // The legitimate statements stay exactly, in their order; the public one no longer admits
        // anyone: it is gone, or its principal is the account root (its actions unchanged).
        const others = after!.Statement.filter((s) => s.Sid !== open.Sid);
        expect(others, `${what}: legitimate statements`).to.deep.equal([admin, partner]);
        for (const s of after!.Statement.filter((x) => x.Sid === open.Sid)) {
          expect(s, `${what}: re-pointed statement`).to.deep.equal({
            ...open,
            Principal: { AWS: root(account) },
          });
        }
        expect(
          after!.Statement.filter((s) => hasWildcardPrincipal(s)),
          `${what}: wildcard`,
        ).to.deep.equal([]);
      },
    },
    {
      label: `kms_key private ${ok.KeyId} ${account} ${region}`,
      message: message(ok.KeyId),
      seeded: true,
      excepted: false,
      findings: [],
      read: ok.read,
    },
  ];
}

/**
 * KMS keys: a public statement next to the administrators' and a known account's, a compliant key, a
 * known account and anyone in one statement (re-pointed), and a key open only inside the organization.
 */
export const kmsSeeder: Seeder = { seed: ({ accounts, account, region }) => keys(accounts, account, region) };
