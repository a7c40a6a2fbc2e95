import { SNSClient, paginateListTopics } from '@aws-sdk/client-sns';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

// ListTopics answers up to 100 topics a page and takes no page size
// (https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html).
export const lister: Lister = listing({
  type: 'sns_topic',
  client: SNSClient,
  serviceId: 'SNS',
  paginate: paginateListTopics,
  input: {},
  next: (p) => p.NextToken,
  items: (p) => p.Topics,
  id: (topic) => topic.TopicArn,
  name: (topic) => topic.TopicArn?.slice(topic.TopicArn.lastIndexOf(':') + 1),
});
