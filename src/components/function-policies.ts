import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { MasterKey } from './key';
import type { BundledFunction } from './shared';

export interface FunctionStatementsArgs {
  readonly resourceQueue: aws.sqs.Queue;
  readonly pollQueue: aws.sqs.Queue;
  /** The events dead-letter queue of each watched region. */
  readonly eventDeadLetterQueues: Record<string, aws.sqs.Queue>;
  readonly notificationTopic: aws.sns.Topic;
  /** The findings store, when the master has one: the remediator reads and writes it. */
  readonly findingsTable?: aws.dynamodb.Table;
  /** `sts:AssumeRole` on the member role (memberAssumeGrant's statements). */
  readonly assumeMembers: readonly Record<string, unknown>[];
  /** The management accounts the poll planner lists the organizations' accounts in. */
  readonly organizationAccounts: readonly string[];
  readonly memberRoleName: string;
  readonly partition: pulumi.Output<string>;
  readonly key: MasterKey;
}

const consume = (queue: aws.sqs.Queue) => ({
  Sid: 'ConsumeQueue',
  Effect: 'Allow',
  Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  Resource: queue.arn,
});

const send = (queue: aws.sqs.Queue | aws.sqs.Queue[], sid: string) => ({
  Sid: sid,
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: Array.isArray(queue) ? queue.map((q) => q.arn) : queue.arn,
});

/**
 * What each function's own policy grants besides its logs: only what its code calls, on the master's
 * own queues and topic, and the member role where it assumes it; then the use of the master's key.
 */
export function functionStatements(
  args: FunctionStatementsArgs,
): Record<BundledFunction, Record<string, unknown>[]> {
  const { resourceQueue, pollQueue, assumeMembers, partition } = args;
  const assumeManagement =
    args.organizationAccounts.length === 0
      ? []
      : [
          {
            Sid: 'AssumeMemberRoleInManagementAccounts',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: args.organizationAccounts.map(
              (a) => pulumi.interpolate`arn:${partition}:iam::${a}:role/${args.memberRoleName}`,
            ),
          },
        ];
  const statements: Record<BundledFunction, Record<string, unknown>[]> = {
    translator: [
      send(resourceQueue, 'SendResourceMessages'),
      send(Object.values(args.eventDeadLetterQueues), 'SendFailedEvents'),
    ],
    remediator: [
      consume(resourceQueue),
      send(resourceQueue, 'RecheckLater'),
      {
        Sid: 'PublishFindings',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: args.notificationTopic.arn,
      },
      ...(args.findingsTable
        ? [
            {
              // What DynamoFindingStore calls from the function (its Scan is the CLI's only).
              Sid: 'ReadWriteFindings',
              Effect: 'Allow',
              Action: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
              Resource: args.findingsTable.arn,
            },
          ]
        : []),
      ...assumeMembers,
    ],
    'poll-planner': [send(pollQueue, 'SendPollTasks'), ...assumeManagement],
    'poll-worker': [consume(pollQueue), send(resourceQueue, 'SendResourceMessages'), ...assumeMembers],
  };
  for (const fn of Object.keys(statements) as BundledFunction[]) {
    statements[fn].push(...args.key.functionStatements);
  }
  return statements;
}
