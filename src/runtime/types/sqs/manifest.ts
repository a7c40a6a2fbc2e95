import { defineType } from '../manifest';
import { first, requestId, res } from '../../events/ids';

/** SQS queues (id: the queue URL): the queue policy must not let anyone send, receive or delete. */
export const sqs = defineType({
  type: 'sqs',
  id: 'the queue URL',
  checks: [
    {
      id: 'sqs.public',
      severity: 'high',
      title: 'SQS queue policy allows anyone',
      fix: 'take the public principals out of the policy (a statement goes only when nothing legitimate is left); the others stay',
    },
    {
      id: 'sqs.shared_unknown_account',
      severity: 'high',
      title: 'SQS queue policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
  remediateActions: ['sqs:SetQueueAttributes'],
  notFound: ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'],
  events: [
    { eventSource: 'sqs.amazonaws.com', eventNames: ['CreateQueue'], ids: (d) => first(res(d, 'queueUrl')) },
    {
      eventSource: 'sqs.amazonaws.com',
      eventNames: ['SetQueueAttributes', 'AddPermission'],
      ids: requestId('queueUrl'),
    },
  ],
  listing: { actions: ['sqs:ListQueues'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsSqsQueue',
    arn: (r, p) => `arn:${p}:sqs:${r.region}:${r.account}:${r.id.slice(r.id.lastIndexOf('/') + 1)}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['sqs:SetQueueAttributes'],
});
