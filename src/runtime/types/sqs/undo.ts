import { GetQueueAttributesCommand, SQSClient, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The queue policy is set back as it was ("" removes it, as the fix may have). */
const queuePolicy = policyUndo({
  field: 'Policy',
  read: async (resource, ctx) =>
    (
      await ctx
        .client(SQSClient, 'SQS')
        .send(new GetQueueAttributesCommand({ QueueUrl: resource.id, AttributeNames: ['Policy'] }))
    ).Attributes?.Policy ?? '',
  write: (resource, ctx, Policy) =>
    step(ctx.client(SQSClient, 'SQS'), 'SQS', SetQueueAttributesCommand, {
      QueueUrl: resource.id,
      Attributes: { Policy },
    }),
});

export const undo: UndoTable = { 'sqs.public': queuePolicy, 'sqs.shared_unknown_account': queuePolicy };
