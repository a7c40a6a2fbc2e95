import { GetTopicAttributesCommand, SNSClient, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The topic policy is set back as it was (SetTopicAttributes, AttributeName `Policy`). */
const topicPolicy = policyUndo({
  field: 'Policy',
  read: async (resource, ctx) =>
    (await ctx.client(SNSClient, 'SNS').send(new GetTopicAttributesCommand({ TopicArn: resource.id })))
      .Attributes?.Policy ?? '',
  write: (resource, ctx, Policy) =>
    step(ctx.client(SNSClient, 'SNS'), 'SNS', SetTopicAttributesCommand, {
      TopicArn: resource.id,
      AttributeName: 'Policy',
      AttributeValue: Policy,
    }),
});

export const undo: UndoTable = {
  'sns_topic.public': topicPolicy,
  'sns_topic.shared_unknown_account': topicPolicy,
};
