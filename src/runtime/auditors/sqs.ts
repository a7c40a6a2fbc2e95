import {
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SQSClient,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { isAwsError } from '../aws/errors';
import {
  parsePolicy,
  plural,
  publicStatements,
  samePolicyText,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../policy/document';
import { ConcurrentChangeError, settle, type Violation } from './settle';
import type { Auditor } from './types';

const GONE = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** SQS queues (id: the queue URL): a queue policy must not let anyone send, receive or delete. */
export const sqsAuditor: Auditor = {
  type: 'sqs',
  checks: [
    {
      id: 'sqs.public',
      severity: 'high',
      title: 'SQS queue policy allows anyone',
      fix: 'remove the public policy statements; the others stay',
    },
  ],
  readActions: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
  remediateActions: ['sqs:SetQueueAttributes'],

  async audit(resource, ctx) {
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
      if (isAwsError(error, ...GONE)) return [];
      throw error;
    }

    const violations: Violation[] = [];
    const text = attributes.Policy;
    if (text) {
      const policy = parsePolicy(text);
      const open = await publicStatements(policy, ctx);
      if (open.length > 0) {
        const kept = policy.Statement.filter((s) => !open.includes(s));
        violations.push({
          check: 'sqs.public',
          message: `Queue policy statement${open.length === 1 ? '' : 's'} ${statementLabels(open, policy)} allow${open.length === 1 ? 's' : ''} anyone, with no condition naming known accounts, the organization or a VPC endpoint.`,
          action:
            kept.length === 0
              ? `remove the queue policy (its only ${plural(open.length, 'statement')} ${open.length === 1 ? 'is' : 'are'} public)`
              : `remove ${plural(open.length, 'public policy statement')}, keep the other ${plural(kept.length, 'statement')}`,
          fix: async () => {
            const now = await sqs.send(
              new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }),
            );
            if (!samePolicyText(now.Attributes?.Policy, text))
              throw new ConcurrentChangeError('the queue policy');
            const Policy = kept.length === 0 ? '' : serializePolicy(withStatements(policy, kept));
            await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy } }));
            return { Policy: text };
          },
        });
      }
    }
    return settle(sqsAuditor, resource, ctx, tags, violations);
  },
};
