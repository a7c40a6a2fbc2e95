import { defineType } from '../manifest';
import { first, requestId, res } from '../../events/ids';

/**
 * SNS topics (id: the topic ARN): the topic policy must not let anyone, or an unknown account,
 * publish, subscribe or manage the topic. The CloudTrail fields are those of the SNS Developer Guide's
 * log entries (https://docs.aws.amazon.com/sns/latest/dg/sns-logging-using-cloudtrail.html):
 * CreateTopic answers `topicArn`; SetTopicAttributes and AddPermission name the topic as `topicArn`.
 */
export const snsTopic = defineType({
  type: 'sns_topic',
  id: 'the topic ARN',
  checks: [
    {
      id: 'sns_topic.public',
      // https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-4
      compliance: { fsbp: ['SNS.4'] },
      severity: 'high',
      title: 'SNS topic policy allows anyone',
      fix: 'take the public principals out of the policy (a statement goes only when nothing legitimate is left; a policy left with none grants only the topic owner); the others stay',
    },
    {
      id: 'sns_topic.shared_unknown_account',
      severity: 'high',
      title: 'SNS topic policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
  remediateActions: ['sns:SetTopicAttributes'],
  // GetTopicAttributes answers NotFound (the SDK's NotFoundException), ListTagsForResource
  // ResourceNotFound (ResourceNotFoundException).
  notFound: ['NotFoundException', 'NotFound', 'ResourceNotFoundException', 'ResourceNotFound'],
  events: [
    { eventSource: 'sns.amazonaws.com', eventNames: ['CreateTopic'], ids: (d) => first(res(d, 'topicArn')) },
    {
      eventSource: 'sns.amazonaws.com',
      eventNames: ['SetTopicAttributes', 'AddPermission'],
      ids: requestId('topicArn'),
    },
  ],
  listing: { actions: ['sns:ListTopics'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'AwsSnsTopic', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['sns:SetTopicAttributes'],
});
