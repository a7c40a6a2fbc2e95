import { CreateKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'chai';
import { type Accounts, otherAccount } from '../aws';
import {
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
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
  const message = (id: string): Message => ({ account, region, type: 'kms_key', id, delay: 0 });
  return [
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

/** KMS keys: a public statement next to the administrators' and a known account's, and a compliant key. */
export const kmsSeeder: Seeder = { seed: ({ accounts, account, region }) => keys(accounts, account, region) };
