/** SNS topics (id: the topic ARN): a topic whose policy is stateful like SNS's. */
import {
  ACCOUNT,
  accountStatement,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
  STRANGER,
  tagList,
} from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

/**
 * The policy SNS gives a new topic: its actions for callers of the owner account
 * (`AWS:SourceOwner`), as GetTopicAttributes returns it.
 */
export const DEFAULT_POLICY = {
  Version: '2008-10-17',
  Id: '__default_policy_ID',
  Statement: [
    {
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [
        'SNS:GetTopicAttributes',
        'SNS:SetTopicAttributes',
        'SNS:AddPermission',
        'SNS:RemovePermission',
        'SNS:DeleteTopic',
        'SNS:Subscribe',
        'SNS:ListSubscriptionsByTopic',
        'SNS:Publish',
      ],
      Resource: TOPIC_ARN,
      Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
    },
  ],
};

export function snsWorld(
  options: { policy?: object; tags?: Record<string, string>; owner?: string; exists?: boolean } = {},
): World {
  // Stateful like SNS: SetTopicAttributes changes what GetTopicAttributes returns next. A topic
  // always has a policy (SNS gives a new one its default).
  let policyText = JSON.stringify(options.policy ?? DEFAULT_POLICY);
  const gone = () => awsError('NotFoundException', 'Topic does not exist', 404);
  return {
    'SNS.GetTopicAttributes': () => {
      if (options.exists === false) throw gone();
      return {
        Attributes: {
          TopicArn: TOPIC_ARN,
          Owner: options.owner ?? ACCOUNT,
          Policy: policyText,
          DisplayName: '',
          SubscriptionsConfirmed: '1',
        },
      };
    },
    'SNS.ListTagsForResource': () => {
      if (options.exists === false)
        throw awsError('ResourceNotFoundException', 'Resource does not exist', 404);
      return { Tags: tagList(options.tags) };
    },
    'SNS.SetTopicAttributes': (input: { AttributeName: string; AttributeValue?: string }) => {
      if (input.AttributeName === 'Policy') policyText = input.AttributeValue ?? '';
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('sns_topic', TOPIC_ARN),
  world: () =>
    snsWorld({
      policy: policy(
        publicStatement('Open', 'sns:Publish', TOPIC_ARN),
        accountStatement('Stranger', 'sns:Subscribe', STRANGER, TOPIC_ARN),
      ),
    }),
  failing: ['sns_topic.public', 'sns_topic.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { sns_topic: [0, 8] },
  ids: { sns_topic: (account, region, index) => `arn:aws:sns:${region}:${account}:topic-${index}` },
  responders: (estate) => ({
    'SNS.ListTopics': estate.list('sns_topic', 'Topics', NEXT_TOKEN, (TopicArn) => ({ TopicArn })),
  }),
};
