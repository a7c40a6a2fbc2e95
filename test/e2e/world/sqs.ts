import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ACCOUNTS, type Accounts, REGIONS, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectExactly,
  expectPolicy,
  narrowedTo,
  parse,
  policy,
  root,
  short,
} from './model';

const queueArn = (account: string, region: string, name: string) =>
  `arn:aws:sqs:${region}:${account}:${name}`;

async function seedQueue(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
  statements: (arn: string) => Statement[],
  tags?: Record<string, string>,
): Promise<{ url: string; read: () => Promise<PolicyDocument | null> }> {
  const sqs = accounts.client(SQSClient, account, region);
  const arn = queueArn(account, region, name);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { Policy: JSON.stringify(policy(...statements(arn))) },
      ...(tags ? { tags } : {}),
    }),
  );
  const url = QueueUrl!;
  return {
    url,
    read: async () =>
      parse(
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] })))
          .Attributes?.Policy,
      ),
  };
}

/** The statements a queue legitimately carries: a known account's sender, and SNS pinned to a topic of its own account. */
function legitimateQueueStatements(account: string, region: string, arn: string): Statement[] {
  return [
    {
      Sid: 'KnownAccountSends',
      Effect: 'Allow',
      Principal: { AWS: root(otherAccount(account)) },
      Action: 'sqs:SendMessage',
      Resource: arn,
    },
    {
      Sid: 'TopicDelivers',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: arn,
      Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:${region}:${account}:alerts` } },
    },
  ];
}

const publicQueueStatement = (arn: string): Statement => ({
  Sid: 'Public',
  Effect: 'Allow',
  Principal: '*',
  Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
  Resource: arn,
});

async function queues(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  // moto's queue URLs are http://<endpoint>/<account>/<name>, without the region of AWS's
  // (https://sqs.<region>.amazonaws.com/<account>/<name>), and it finds a queue by its name in the
  // caller's account and region: names carry the region so that no two queues share a URL.
  const suffix = `${account}-${short(region)}`;
  const out: Resource[] = [];
  // Public, next to legitimate statements: the public one goes, the others stay exactly.
  let legit: Statement[] = [];
  const pub = await seedQueue(accounts, account, region, `e2e-public-${suffix}`, (arn) => {
    legit = legitimateQueueStatements(account, region, arn);
    return [legit[0]!, publicQueueStatement(arn), legit[1]!];
  });
  const kept = legit;
  out.push({
    label: `sqs public ${pub.url}`,
    message: { account, region, type: 'sqs', id: pub.url, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [{ check: 'sqs.public', fixable: true }],
    read: pub.read,
    verifyFixed: (state) => expectExactly(state as PolicyDocument | null, kept, `queue ${pub.url}`),
  });
  // Compliant: legitimate statements only.
  const ok = await seedQueue(accounts, account, region, `e2e-private-${suffix}`, (arn) =>
    legitimateQueueStatements(account, region, arn),
  );
  out.push({
    label: `sqs private ${ok.url}`,
    message: { account, region, type: 'sqs', id: ok.url, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [],
    read: ok.read,
  });
  out.push(
    ...(await Promise.all([
      mixedQueue(accounts, account, region, `e2e-mixed-${suffix}`),
      topicsQueue(accounts, account, region, `e2e-topics-${suffix}`),
    ])),
  );
  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = await seedQueue(
      accounts,
      account,
      region,
      `e2e-tagged-${suffix}`,
      (arn) => [publicQueueStatement(arn)],
      { [EXCEPTION_TAG.Key]: EXCEPTION_TAG.Value },
    );
    out.push({
      label: `sqs excepted by tag ${tagged.url}`,
      message: { account, region, type: 'sqs', id: tagged.url, delay: 0 },
      seeded: true,
      excepted: true,
      findings: [{ check: 'sqs.public', fixable: true }],
      read: tagged.read,
    });
  }
  return out;
}

/**
 * A queue whose one statement lets a known account and anyone send. The fix narrows it to the known
 * account; the topic's statement and the Deny stay as they are.
 */
async function mixedQueue(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
): Promise<Resource> {
  const arn = queueArn(account, region, name);
  const known = root(otherAccount(account));
  const mixed: Statement = {
    Sid: 'KnownAccountAndAnyoneSend',
    Effect: 'Allow',
    Principal: { AWS: [known, '*'] },
    Action: 'sqs:SendMessage',
    Resource: arn,
  };
  const topic = legitimateQueueStatements(account, region, arn)[1]!;
  const deny: Statement = {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 'sqs:*',
    Resource: arn,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const written = policy(mixed, topic, deny);
  const fixed = policy(narrowedTo(mixed, { AWS: known }), topic, deny);
  const q = await seedQueue(accounts, account, region, name, () => [...written.Statement]);
  return {
    label: `sqs known account and anyone in one statement ${q.url}`,
    message: { account, region, type: 'sqs', id: q.url, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [{ check: 'sqs.public', fixable: true, mentions: [`statement "${mixed.Sid}"`] }],
    read: q.read,
    verifyFixed: (state) => expectPolicy(state as PolicyDocument | null, fixed, `queue ${q.url}`),
    policy: { of: (state) => state as PolicyDocument | null, written, publicStatements: [mixed.Sid!] },
  };
}

/**
 * A queue open to `Principal "*"` only for SNS topics of its own account (`ArnLike aws:SourceArn`, any
 * region): it looks open, but no stranger can send. No finding; it stays as written.
 */
async function topicsQueue(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
): Promise<Resource> {
  const written = policy({
    Sid: 'TopicsOfTheAccountDeliver',
    Effect: 'Allow',
    Principal: '*',
    Action: 'sqs:SendMessage',
    Resource: queueArn(account, region, name),
    Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${account}:topic` } },
  });
  const q = await seedQueue(accounts, account, region, name, () => [...written.Statement]);
  return {
    label: `sqs open to the account's topics only ${q.url}`,
    message: { account, region, type: 'sqs', id: q.url, delay: 0 },
    seeded: true,
    excepted: false,
    findings: [],
    read: q.read,
    policy: { of: (state) => state as PolicyDocument | null, written, publicStatements: [] },
  };
}

/**
 * SQS queues: public next to legitimate statements, compliant, excepted by tag; a known account and
 * anyone in one statement (narrowed), and a queue that looks open but is not public.
 */
export const sqsSeeder: Seeder = {
  seed: ({ accounts, account, region }) => queues(accounts, account, region),
};
