import {
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  SNSClient,
  SetTopicAttributesCommand,
} from '@aws-sdk/client-sns';
import type { ResourceMessage } from '../../contracts/message';
import { RemediationError } from '../../errors';
import type { PolicyDocument } from '../../policy/document';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

/** The parts of a topic ARN, `arn:<partition>:sns:<region>:<account>:<name>`; undefined for another ARN. */
export function topicArnParts(
  arn: string,
): { partition: string; region: string; account: string; name: string } | undefined {
  const [prefix, partition, service, region, account, ...name] = arn.split(':');
  if (prefix !== 'arn' || service !== 'sns' || !partition || !region || !account || name.length !== 1)
    return undefined;
  return { partition, region, account, name: name[0]! };
}

/**
 * What a topic policy becomes when the fix leaves no statement of it. SNS topics always have a policy
 * (there is no call that removes it), and "by default, only the topic owner can publish or subscribe
 * to the topic" (SetTopicAttributes, Policy:
 * https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html): the fix writes that, the
 * topic actions of a new topic's policy granted to the owner account alone, whose IAM policies then
 * decide who in it may call them (an account principal in a resource policy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
 */
export function ownerOnlyPolicy(topicArn: string, partition: string, account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'owner-only',
    Statement: [
      {
        Sid: 'OwnerOnly',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
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
        Resource: topicArn,
      },
    ],
  };
}

/** Whether the message names a topic of its own account and region (an ARN a call named may not be). */
function isOwnTopic(resource: ResourceMessage): boolean {
  const parts = topicArnParts(resource.id);
  return parts !== undefined && parts.account === resource.account && parts.region === resource.region;
}

/**
 * SNS topics (id: the topic ARN): a topic policy must not let anyone, or an unknown account, publish,
 * subscribe or manage the topic. The policy is read with GetTopicAttributes (`Policy`) and written with
 * SetTopicAttributes (AttributeName `Policy`).
 */
export const auditor: Auditor = {
  type: 'sns_topic',

  async inspect(resource, ctx) {
    const parts = topicArnParts(resource.id);
    if (!parts || !isOwnTopic(resource)) return GONE;
    const sns = ctx.client(SNSClient, 'SNS');
    const TopicArn = resource.id;
    const readPolicy = async () =>
      (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.Policy;
    const [attributes, tags] = await Promise.all([
      sns.send(new GetTopicAttributesCommand({ TopicArn })).then((r) => r.Attributes ?? {}),
      sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn })).then((r) => tagsFromList(r.Tags)),
    ]);
    if (attributes.Owner !== undefined && attributes.Owner !== resource.account) return GONE;

    const whenEmpty = ownerOnlyPolicy(TopicArn, parts.partition, parts.account);
    const violations = await resourcePolicyViolations({
      check: 'sns_topic.public',
      unknownAccountCheck: 'sns_topic.shared_unknown_account',
      resource,
      ctx,
      text: attributes.Policy,
      noun: 'Topic policy',
      whole: 'topic policy',
      resourceArns: [TopicArn],
      reread: readPolicy,
      write: async (Policy) => {
        // Never reached: a policy left with no statement becomes `whenEmpty`.
        if (Policy === undefined) throw new RemediationError('an SNS topic policy cannot be removed');
        await sns.send(
          new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: Policy }),
        );
      },
      whenEmpty: {
        document: whenEmpty,
        action: `replace the topic policy, all of it public, with one that grants only the topic owner (account ${parts.account})`,
        is: `one that grants only the topic owner (account ${parts.account})`,
      },
      before: (Policy) => ({ Policy }),
    });
    return { tags, violations };
  },
};
