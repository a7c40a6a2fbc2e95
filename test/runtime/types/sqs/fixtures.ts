/** SQS queues (id: the queue URL): a queue whose policy is stateful like SQS's. */
import {
  ACCOUNT,
  accountStatement,
  STRANGER,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
} from '../../../helpers/resources';
import type { World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;

export function sqsWorld(options: { policy?: object; tags?: Record<string, string> } = {}): World {
  // Stateful like SQS: SetQueueAttributes changes what GetQueueAttributes returns next.
  let policyText = options.policy ? JSON.stringify(options.policy) : '';
  return {
    'SQS.GetQueueAttributes': () => ({ Attributes: policyText ? { Policy: policyText } : {} }),
    'SQS.ListQueueTags': options.tags ? { Tags: options.tags } : {},
    'SQS.SetQueueAttributes': (input: { Attributes: { Policy?: string } }) => {
      if (input.Attributes.Policy !== undefined) policyText = input.Attributes.Policy;
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('sqs', QUEUE_URL),
  world: () =>
    sqsWorld({
      policy: policy(
        publicStatement('Open', 'sqs:*', QUEUE_ARN),
        accountStatement('Stranger', 'sqs:SendMessage', STRANGER, QUEUE_ARN),
      ),
    }),
  failing: ['sqs.public', 'sqs.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { sqs: [0, 6] },
  ids: { sqs: (account, region, index) => `https://sqs.${region}.amazonaws.com/${account}/queue-${index}` },
  responders: (estate) => ({ 'SQS.ListQueues': estate.list('sqs', 'QueueUrls', NEXT_TOKEN) }),
};
