import {
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SQSClient,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { partitionOf } from '../../aws/credentials';
import { isAwsError } from '../../aws/errors';
import type { ResourceMessage } from '../../contracts/message';
import { resourcePolicyViolations } from '../../auditors/policy';
import { type Auditor, GONE } from '../../auditors/types';

const NOT_FOUND = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** The queue's ARN, from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
function queueArns(resource: ResourceMessage): string[] {
  const [account, name] = new URL(resource.id).pathname.split('/').filter(Boolean).slice(-2);
  return account && name
    ? [`arn:${partitionOf(resource.region)}:sqs:${resource.region}:${account}:${name}`]
    : [];
}

/** SQS queues (id: the queue URL): a queue policy must not let anyone, or an
 * unknown account, send, receive or delete. */
export const auditor: Auditor = {
  type: 'sqs',

  async inspect(resource, ctx) {
    const sqs = ctx.client(SQSClient, 'SQS');
    const QueueUrl = resource.id;
    let attributes: Record<string, string>;
    let tags: Record<string, string>;
    try {
      [attributes, tags] = await Promise.all([
        sqs
          .send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))
          .then((r) => r.Attributes ?? {}),
        sqs.send(new ListQueueTagsCommand({ QueueUrl })).then((r) => r.Tags ?? {}),
      ]);
    } catch (error) {
      if (isAwsError(error, ...NOT_FOUND)) return GONE;
      throw error;
    }

    const violations = await resourcePolicyViolations({
      check: 'sqs.public',
      unknownAccountCheck: 'sqs.shared_unknown_account',
      resource,
      ctx,
      text: attributes.Policy,
      noun: 'Queue policy',
      whole: 'queue policy',
      resourceArns: queueArns(resource),
      reread: async () =>
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes
          ?.Policy,
      // SQS removes a queue's policy when it is set to "".
      write: async (Policy) => {
        await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: Policy ?? '' } }));
      },
      before: (Policy) => ({ Policy }),
    });
    return { tags, violations };
  },
};
