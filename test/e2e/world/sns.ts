import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient, type Tag } from '@aws-sdk/client-sns';
import { ACCOUNTS, type Accounts, REGIONS, STRANGER, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectPolicy,
  narrowedTo,
  parse,
  policy,
  root,
  short,
} from './model';

const topicArn = (account: string, region: string, name: string) =>
  `arn:aws:sns:${region}:${account}:${name}`;

/** A topic with `written` as its policy (none: the policy SNS gives a new topic), and how to read it. */
async function seedTopic(
  accounts: Accounts,
  account: string,
  region: string,
  name: string,
  written?: PolicyDocument,
  tags?: Tag[],
): Promise<{ arn: string; read: () => Promise<PolicyDocument | null> }> {
  const sns = accounts.client(SNSClient, account, region);
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: name,
      ...(written ? { Attributes: { Policy: JSON.stringify(written) } } : {}),
      ...(tags ? { Tags: tags } : {}),
    }),
  );
  return {
    arn: TopicArn!,
    read: async () => parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.Policy),
  };
}

const publicSubscribe = (arn: string): Statement => ({
  Sid: 'AnyoneSubscribes',
  Effect: 'Allow',
  Principal: '*',
  Action: 'SNS:Subscribe',
  Resource: arn,
});

async function topics(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const suffix = `${account}-${short(region)}`;
  const known = root(otherAccount(account));
  const message = (id: string) => ({ account, region, type: 'sns_topic', id, delay: 0 });

  // A known account's grant, a public statement, and a statement naming the known account and a
  // stranger: the public statement goes, the stranger is taken out of the third, the rest stays.
  const name = `e2e-public-${suffix}`;
  const arn = topicArn(account, region, name);
  const legit: Statement = {
    Sid: 'KnownAccountPublishes',
    Effect: 'Allow',
    Principal: { AWS: known },
    Action: 'SNS:Publish',
    Resource: arn,
  };
  const partners: Statement = {
    Sid: 'PartnersSubscribe',
    Effect: 'Allow',
    Principal: { AWS: [known, root(STRANGER)] },
    Action: 'SNS:Subscribe',
    Resource: arn,
  };
  const pub = await seedTopic(accounts, account, region, name, policy(legit, publicSubscribe(arn), partners));
  const fixed = policy(legit, narrowedTo(partners, { AWS: known }));

  // SNS's own policy of a new topic: open to callers of the owner account (AWS:SourceOwner) only.
  const ok = await seedTopic(accounts, account, region, `e2e-default-${suffix}`);

  const out: Resource[] = [
    {
      label: `sns_topic public, known account and stranger ${pub.arn}`,
      message: message(pub.arn),
      seeded: true,
      excepted: false,
      findings: [
        { check: 'sns_topic.public', fixable: true, mentions: ['statement "AnyoneSubscribes"'] },
        { check: 'sns_topic.shared_unknown_account', fixable: true, mentions: [`account ${STRANGER}`] },
      ],
      read: pub.read,
      verifyFixed: (state) => expectPolicy(state as PolicyDocument | null, fixed, `topic ${pub.arn}`),
    },
    {
      label: `sns_topic with the default policy ${ok.arn}`,
      message: message(ok.arn),
      seeded: true,
      excepted: false,
      findings: [],
      read: ok.read,
    },
  ];
  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const taggedName = `e2e-tagged-${suffix}`;
    const tagged = await seedTopic(
      accounts,
      account,
      region,
      taggedName,
      policy(publicSubscribe(topicArn(account, region, taggedName))),
      [EXCEPTION_TAG],
    );
    out.push({
      label: `sns_topic excepted by tag ${tagged.arn}`,
      message: message(tagged.arn),
      seeded: true,
      excepted: true,
      findings: [{ check: 'sns_topic.public', fixable: true }],
      read: tagged.read,
    });
  }
  return out;
}

/**
 * SNS topics: a public statement next to a known account's grant and a grant naming a stranger (both
 * fixed, the known account's grants kept exactly), a topic with SNS's default policy, and one
 * excepted by tag.
 */
export const snsSeeder: Seeder = {
  seed: ({ accounts, account, region }) => topics(accounts, account, region),
};
