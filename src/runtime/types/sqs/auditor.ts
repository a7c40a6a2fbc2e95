import {
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SQSClient,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { partitionOf } from '../../aws/credentials';
import { isAwsError } from '../../aws/errors';
import type { ResourceMessage } from '../../contracts/message';
import { parsePolicy, samePolicyText, serializePolicy } from '../../policy/document';
import { narrowPublic } from '../../policy/narrow';
import {
  confirmWithAccessAnalyzer,
  judgeOptionsFor,
  judgeResourcePolicy,
  narrowingAction,
  publicMessage,
} from '../../auditors/policy';
import { ConcurrentChangeError } from '../../errors';
import { type Auditor, GONE, type Violation } from '../../auditors/types';

const NOT_FOUND = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** The queue's ARN, from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
function queueArns(resource: ResourceMessage): string[] {
  const [account, name] = new URL(resource.id).pathname.split('/').filter(Boolean).slice(-2);
  return account && name
    ? [`arn:${partitionOf(resource.region)}:sqs:${resource.region}:${account}:${name}`]
    : [];
}

/** SQS queues (id: the queue URL): a queue policy must not let anyone send, receive or delete. */
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

    const violations: Violation[] = [];
    const text = attributes.Policy;
    if (text) {
      const policy = parsePolicy(text);
      const arns = queueArns(resource);
      const verdict = judgeResourcePolicy(policy, resource, arns);
      if (verdict.public) {
        const narrowing = narrowPublic(policy, verdict, judgeOptionsFor(resource, arns));
        violations.push({
          check: 'sqs.public',
          message: publicMessage('Queue policy', policy, verdict),
          action: narrowingAction(narrowing, 'queue policy'),
          fix: async () => {
            const now = await sqs.send(
              new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }),
            );
            if (!samePolicyText(now.Attributes?.Policy, text))
              throw new ConcurrentChangeError('the queue policy');
            const Policy =
              narrowing.document.Statement.length === 0 ? '' : serializePolicy(narrowing.document);
            await confirmWithAccessAnalyzer(ctx, resource, text, Policy || undefined);
            await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } }));
            return { Policy: text };
          },
        });
      }
    }
    return { tags, violations };
  },
};
