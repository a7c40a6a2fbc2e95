import {
  CreateTableCommand,
  DynamoDBClient,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-dynamodb';
import { ACCOUNTS, type Accounts, REGIONS, STRANGER, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectExactly,
  parse,
  policy,
  root,
  short,
} from './model';

const tableArn = (account: string, region: string, name: string) =>
  `arn:aws:dynamodb:${region}:${account}:table/${name}`;

/**
 * A table with a resource policy. moto takes no ResourcePolicy in CreateTable (AWS does): the policy
 * is put right after. Nor does moto refuse public policies, as DynamoDB's Block Public Access does on
 * AWS (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html): the suite
 * can seed one, as a policy written before the service judged it would be.
 */
async function seedTable(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
  statements: (arn: string) => Statement[],
  tags?: Record<string, string>,
): Promise<{ read: () => Promise<PolicyDocument | null> }> {
  const dynamo = accounts.client(DynamoDBClient, account, region);
  const arn = tableArn(account, region, name);
  await dynamo.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(tags ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    }),
  );
  await dynamo.send(
    new PutResourcePolicyCommand({ ResourceArn: arn, Policy: JSON.stringify(policy(...statements(arn))) }),
  );
  return {
    read: async () => {
      try {
        return parse((await dynamo.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy);
      } catch (error) {
        if ((error as Error).name === 'PolicyNotFoundException') return null;
        throw error;
      }
    },
  };
}

const knownReads = (account: string, arn: string): Statement => ({
  Sid: 'KnownAccountReads',
  Effect: 'Allow',
  Principal: { AWS: root(otherAccount(account)) },
  Action: ['dynamodb:GetItem', 'dynamodb:Query'],
  Resource: [arn, `${arn}/index/*`],
});
const publicReads = (arn: string): Statement => ({
  Sid: 'Public',
  Effect: 'Allow',
  Principal: '*',
  Action: 'dynamodb:GetItem',
  Resource: arn,
});
const strangerReads = (arn: string): Statement => ({
  Sid: 'StrangerReads',
  Effect: 'Allow',
  Principal: { AWS: root(STRANGER) },
  Action: 'dynamodb:Query',
  Resource: arn,
});

async function tables(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const suffix = `${account}-${short(region)}`;
  const message = (id: string): Message => ({ account, region, type: 'dynamodb_table', id, delay: 0 });
  const out: Resource[] = [];
  // Public and granting a stranger, next to a known account's grant: the public statement and the
  // stranger's go, the known account's stays exactly.
  const exposed = `e2e-exposed-${suffix}`;
  const t = await seedTable(accounts, account, region, exposed, (arn) => [
    knownReads(account, arn),
    publicReads(arn),
    strangerReads(arn),
  ]);
  const kept = [knownReads(account, tableArn(account, region, exposed))];
  out.push({
    label: `dynamodb_table public and shared ${exposed}`,
    message: message(exposed),
    seeded: true,
    excepted: false,
    findings: [
      { check: 'dynamodb_table.public', fixable: true, mentions: ['Table policy statement "Public"'] },
      {
        check: 'dynamodb_table.shared_unknown_account',
        fixable: true,
        mentions: [`statement "StrangerReads" grants account ${STRANGER}`],
      },
    ],
    read: t.read,
    verifyFixed: (state) => expectExactly(state as PolicyDocument | null, kept, `table ${exposed}`),
  });
  // Compliant: the known account's grant only.
  const ok = `e2e-private-${suffix}`;
  const p = await seedTable(accounts, account, region, ok, (arn) => [knownReads(account, arn)]);
  out.push({
    label: `dynamodb_table private ${ok}`,
    message: message(ok),
    seeded: true,
    excepted: false,
    findings: [],
    read: p.read,
  });
  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = `e2e-tagged-${suffix}`;
    const x = await seedTable(accounts, account, region, tagged, (arn) => [publicReads(arn)], {
      [EXCEPTION_TAG.Key]: EXCEPTION_TAG.Value,
    });
    out.push({
      label: `dynamodb_table excepted by tag ${tagged}`,
      message: message(tagged),
      seeded: true,
      excepted: true,
      findings: [{ check: 'dynamodb_table.public', fixable: true }],
      read: x.read,
    });
  }
  return out;
}

/**
 * DynamoDB tables: a table policy public and granting an unknown account next to a known account's
 * grant (both fixes, read back), a compliant table, and one excepted by tag. Streams are not seeded:
 * moto finds the table of a resource policy by the ARN's last part, which for a stream is its label,
 * so it cannot hold a stream's policy.
 */
export const dynamodbSeeder: Seeder = {
  seed: ({ accounts, account, region }) => tables(accounts, account, region),
};
