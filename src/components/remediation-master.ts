import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { masterAlarms } from './alarms';
import { MAX_PINNED_ACCOUNTS, memberAssumeGrant } from './assume';
import { MAX_BUS_POLICY_ACCOUNTS, masterEventBuses } from './buses';
import {
  type FindingsTableOptions,
  type ResolvedFindingsTable,
  findingsTable,
  findingsTableProblems,
  resolveFindingsTable,
} from './findings-table';
import { functionStatements } from './function-policies';
import { FUNCTIONS, masterFunctions } from './functions';
import { masterKey } from './key';
import { eventDeadLetterQueues, workQueue } from './queues';
import {
  type BundledFunction,
  type ComponentResolvedSettings,
  type RemediationComponentSettings,
  componentSettings,
  withTags,
} from './shared';
import { type TopicSubscription, subscriptionProblems } from './subscriptions';
import { masterTopics } from './topics';
import { queueTriggers, sweepSchedule } from './triggers';
import { checkedSchedule, failOnProblems, regionProblems, scheduleProblems } from './validation';
import { IAM_EVENTS_REGION, warnDisruptiveFixes, warnIamEventsUnwatched } from './warnings';

export interface RemediationMasterArgs {
  /**
   * The settings every function uses; validated now, and packaged as settings.json beside each
   * handler. `externalId` may be a secret (`config.requireSecret('externalId')`): the functions' code
   * is then a secret in the Pulumi state.
   */
  readonly settings: RemediationComponentSettings;
  /**
   * The region of the queues, topics and functions, a region code the AWS SDK knows. Default: the
   * first of `settings.regions`.
   */
  readonly homeRegion?: string;
  /**
   * Regions whose events reach the translator (an event bus each), region codes the AWS SDK knows.
   * Default: `settings.regions` and us-east-1, where the events of global services (IAM) are
   * delivered; a list without us-east-1 gets a warning, as IAM's changes then wait for the sweep.
   */
  readonly eventRegions?: readonly string[];
  /**
   * The organization (o-...) whose accounts may put events on the buses; required with
   * `organizationAccounts`. With one management account in `organizationAccounts`, it also limits the
   * functions' AssumeRole to that organization's accounts (`aws:ResourceOrgID`).
   */
  readonly organizationId?: pulumi.Input<string>;
  /**
   * When the sweep runs: an EventBridge schedule expression, `rate(<value> <unit>)` or a six-field
   * `cron(...)`, checked before anything is created. Default `rate(1 day)`.
   */
  readonly schedule?: pulumi.Input<string>;
  /** Sweep only the misconfiguration maker's resources, for trials in real accounts. Default false. */
  readonly onlyTestResources?: boolean;
  /** Subscriptions to the findings topic, each named by its key (checked before anything is created). */
  readonly notificationSubscriptions?: readonly TopicSubscription[];
  /**
   * Subscriptions to the alarms topic of every watched region, each with its filter policy, named by
   * its key and the region.
   */
  readonly alarmSubscriptions?: readonly TopicSubscription[];
  /**
   * A customer-managed KMS key for the queues, the topics and the findings table. Default:
   * SQS-managed encryption, the aws/sns key for the findings topic (the alarms topic is then
   * unencrypted: CloudWatch cannot use aws/sns) and DynamoDB's AWS-owned key for the table. With a
   * key, its policy must let cloudwatch.amazonaws.com use it, and the credentials that deploy need
   * `kms:DescribeKey` and `kms:CreateGrant` on it for DynamoDB.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * The findings store: a DynamoDB table of every finding's state across audits (open, resolved,
   * excepted) and the `before` state of each applied fix, which the remediator reads and writes. With
   * it, the findings topic gets only what changed (settings `notify: 'changes'`, the default). Billed
   * per request; a resolved finding is deleted by TTL after `retentionDays` (default 90). Deletion
   * protection is on by default (see {@link FindingsTableOptions.deletionProtection}): `pulumi destroy`
   * fails until it is turned off. `false`: no table, and the remediator publishes every finding of
   * every audit. Default `{}`: a table, with these defaults.
   */
  readonly findingsTable?: false | FindingsTableOptions;
  /** Days the functions' logs are kept. Default 90. */
  readonly logRetentionDays?: pulumi.Input<number>;
  /** Reserved concurrency per function; unset functions share the account's pool. */
  readonly reservedConcurrency?: Partial<Record<BundledFunction, pulumi.Input<number>>>;
  /**
   * The most concurrent invocations the queues start (SQS event source maximum concurrency, at least
   * 2), e.g. to keep the poll worker within the account's Lambda quota. Unlike reserved concurrency,
   * messages are not throttled toward their dead-letter queue when the limit is reached.
   */
  readonly maxConcurrency?: {
    readonly remediator?: pulumi.Input<number>;
    readonly 'poll-worker'?: pulumi.Input<number>;
  };
  /**
   * Also watch this (security) account's own API calls: rules on its default buses. Only when the
   * account is one of `settings.accounts` (or in an organization), with the member role deployed in
   * it, as in the all-in-one program. Default false.
   */
  readonly watchOwnAccount?: boolean;
  /** Seconds each message waits in the resource queue before it is audited (a loop damper). Default 15. */
  readonly resourceQueueDelaySeconds?: pulumi.Input<number>;
  /** Alarm when the oldest resource message is older than this. Default 3600 seconds. */
  readonly maxMessageAgeSeconds?: pulumi.Input<number>;
  /** Alarm (a loop) when more resource messages than this are sent per hour for three hours. Default 5000. */
  readonly loopMessagesPerHour?: pulumi.Input<number>;
  /** Tags for every resource, besides `managed-by: pulumi-aws-remediation`. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The security ("master") account side: resource and poll queues with dead-letter queues, the
 * translator, remediator and poller functions, the event buses member accounts forward to, the
 * findings and alarms topics, and the alarms.
 */
export class RemediationMaster extends pulumi.ComponentResource {
  /** The validated settings, with defaults; `externalId` as an output (secret when given one). */
  public readonly settings: ComponentResolvedSettings;
  public readonly homeRegion: string;
  public readonly eventRegions: readonly string[];
  public readonly resourceQueue: aws.sqs.Queue;
  public readonly resourceDeadLetterQueue: aws.sqs.Queue;
  public readonly pollQueue: aws.sqs.Queue;
  public readonly pollDeadLetterQueue: aws.sqs.Queue;
  public readonly notificationTopic: aws.sns.Topic;
  public readonly alarmTopic: aws.sns.Topic;
  /** The alarms topic of each watched region (alarms notify topics of their own region only). */
  public readonly alarmTopics: Record<string, aws.sns.Topic>;
  /** The functions of the home region (the translator of the home region under `translator`). */
  public readonly functions: Record<BundledFunction, aws.lambda.Function>;
  /** The translator of each watched region, behind that region's bus. */
  public readonly translators: Record<string, aws.lambda.Function>;
  public readonly roles: Record<BundledFunction, aws.iam.Role>;
  public readonly eventBuses: Record<string, aws.cloudwatch.EventBus>;
  /** Per region: events EventBridge or the translator could not deliver. */
  public readonly eventDeadLetterQueues: Record<string, aws.sqs.Queue>;
  /** The roles member accounts must trust (remediator and poller): pass them to MemberAccount. */
  public readonly memberTrustRoleArns: pulumi.Output<string[]>;
  /** The event bus ARN of each watched region: pass them to MemberAccount or EventForwarder. */
  public readonly eventBusArns: pulumi.Output<Record<string, string>>;
  /** The findings store (undefined with `findingsTable: false`). */
  public readonly findingsTable?: aws.dynamodb.Table;
  /** The findings table's name (undefined without the table). */
  public readonly findingsTableName?: pulumi.Output<string>;
  /** The findings table's ARN (undefined without the table). */
  public readonly findingsTableArn?: pulumi.Output<string>;

  constructor(name: string, args: RemediationMasterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:RemediationMaster', name, {}, opts);
    const { settings, resolved } = componentSettings(args.settings, this);
    const { homeRegion, eventRegions, findings } = checkedArgs(args, settings, this);
    warnDisruptiveFixes(settings, this);
    this.settings = settings;
    this.homeRegion = homeRegion;
    this.eventRegions = eventRegions;

    const region = homeRegion;
    const tags = withTags(args.tags);
    const key = masterKey(args.kmsKeyArn);
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    // Queues
    const resources = workQueue(this, name, 'resources', {
      region,
      encryption: key.queues,
      consumerTimeout: FUNCTIONS.remediator.timeout,
      delaySeconds: args.resourceQueueDelaySeconds ?? 15,
      tags,
    });
    const polls = workQueue(this, name, 'polls', {
      region,
      encryption: key.queues,
      consumerTimeout: FUNCTIONS['poll-worker'].timeout,
      tags,
    });
    this.resourceQueue = resources.main;
    this.resourceDeadLetterQueue = resources.dlq;
    this.pollQueue = polls.main;
    this.pollDeadLetterQueue = polls.dlq;
    this.eventDeadLetterQueues = eventDeadLetterQueues(this, name, {
      regions: eventRegions,
      accountId,
      tags,
    });

    // Topics and their subscriptions
    const topics = masterTopics(this, name, {
      homeRegion,
      eventRegions,
      key,
      notificationSubscriptions: args.notificationSubscriptions,
      alarmSubscriptions: args.alarmSubscriptions,
      tags,
    });
    this.notificationTopic = topics.notificationTopic;
    this.alarmTopic = topics.alarmTopic;
    this.alarmTopics = topics.alarmTopics;

    // The findings store
    if (findings) {
      this.findingsTable = findingsTable(this, name, {
        region,
        key,
        deletionProtection: findings.deletionProtection,
        tags,
      });
      this.findingsTableName = this.findingsTable.name;
      this.findingsTableArn = this.findingsTable.arn;
    }

    // Functions, their roles and triggers
    const assume = memberAssumeGrant(
      name,
      {
        accounts: settings.accounts,
        organizationAccounts: settings.organizationAccounts,
        memberRoleName: settings.memberRoleName,
        organizationId: args.organizationId,
        partition,
        tags,
      },
      this,
    );
    const fns = masterFunctions(this, name, {
      homeRegion,
      eventRegions,
      settings: resolved,
      statements: functionStatements({
        resourceQueue: this.resourceQueue,
        pollQueue: this.pollQueue,
        eventDeadLetterQueues: this.eventDeadLetterQueues,
        notificationTopic: this.notificationTopic,
        ...(this.findingsTable ? { findingsTable: this.findingsTable } : {}),
        assumeMembers: assume.statements,
        organizationAccounts: settings.organizationAccounts,
        memberRoleName: settings.memberRoleName,
        partition,
        key,
      }),
      assumePolicies: assume.policies,
      resourceQueue: this.resourceQueue,
      pollQueue: this.pollQueue,
      notificationTopic: this.notificationTopic,
      ...(this.findingsTable && findings
        ? { findingsTable: { name: this.findingsTable.name, retentionDays: findings.retentionDays } }
        : {}),
      onlyTestResources: args.onlyTestResources,
      logRetentionDays: args.logRetentionDays,
      reservedConcurrency: args.reservedConcurrency,
      tags,
    });
    this.roles = fns.roles;
    this.functions = fns.functions;
    this.translators = fns.translators;
    queueTriggers(this, name, {
      region,
      functions: this.functions,
      resourceQueue: this.resourceQueue,
      pollQueue: this.pollQueue,
      maxConcurrency: args.maxConcurrency,
    });
    sweepSchedule(this, name, {
      region,
      schedule: checkedSchedule(args.schedule ?? 'rate(1 day)', 'RemediationMaster', this),
      planner: this.functions['poll-planner'],
      tags,
    });

    // Event buses
    this.eventBuses = masterEventBuses(this, name, {
      regions: eventRegions,
      accounts: settings.accounts,
      organizationId: args.organizationId,
      translators: this.translators,
      deadLetterQueues: this.eventDeadLetterQueues,
      watchOwnAccount: args.watchOwnAccount,
      tags,
    });
    this.eventBusArns = pulumi
      .all(Object.entries(this.eventBuses).map(([r, bus]) => bus.arn.apply((arn) => [r, arn] as const)))
      .apply((entries) => Object.fromEntries(entries));

    // Alarms
    masterAlarms(this, name, {
      region,
      tags,
      alarmTopics: this.alarmTopics,
      functions: this.functions,
      translators: this.translators,
      resourceQueue: this.resourceQueue,
      deadLetterQueues: [
        ['resources-dlq', this.resourceDeadLetterQueue, region],
        ['polls-dlq', this.pollDeadLetterQueue, region],
        ...Object.entries(this.eventDeadLetterQueues).map(([r, q]): [string, aws.sqs.Queue, string] => [
          `events-dlq-${r}`,
          q,
          r,
        ]),
      ],
      maxMessageAgeSeconds: args.maxMessageAgeSeconds,
      loopMessagesPerHour: args.loopMessagesPerHour,
    });

    this.memberTrustRoleArns = pulumi.all([
      this.roles.remediator.arn,
      this.roles['poll-worker'].arn,
      this.roles['poll-planner'].arn,
    ]);
    this.registerOutputs({
      resourceQueueUrl: this.resourceQueue.url,
      pollQueueUrl: this.pollQueue.url,
      notificationTopicArn: this.notificationTopic.arn,
      alarmTopicArn: this.alarmTopic.arn,
      memberTrustRoleArns: this.memberTrustRoleArns,
      eventBusArns: this.eventBusArns,
      findingsTableName: this.findingsTableName,
      findingsTableArn: this.findingsTableArn,
    });
  }
}

/**
 * The home and event regions and the findings table's settings (undefined when it is off), once the
 * arguments are checked: fails, before anything is created, with what to change.
 */
function checkedArgs(
  args: RemediationMasterArgs,
  settings: ComponentResolvedSettings,
  parent: pulumi.Resource,
): { homeRegion: string; eventRegions: string[]; findings: ResolvedFindingsTable | undefined } {
  failOnProblems(
    'RemediationMaster',
    [
      ...regionProblems('homeRegion', args.homeRegion),
      ...regionProblems('eventRegions', args.eventRegions),
      ...scheduleProblems(args.schedule),
      ...subscriptionProblems('notificationSubscriptions', args.notificationSubscriptions),
      ...subscriptionProblems('alarmSubscriptions', args.alarmSubscriptions),
      ...findingsTableProblems('findingsTable', args.findingsTable),
    ],
    parent,
  );
  const homeRegion = args.homeRegion ?? settings.regions[0]!;
  const eventRegions = [
    ...new Set([homeRegion, ...(args.eventRegions ?? [...settings.regions, IAM_EVENTS_REGION])]),
  ];
  if (settings.organizationAccounts.length > 0 && args.organizationId === undefined) {
    throw new pulumi.ResourceError(
      'settings.organizationAccounts is set: pass organizationId (the o-... id of that organization) so the event buses admit its accounts',
      parent,
    );
  }
  if (settings.accounts.length > MAX_BUS_POLICY_ACCOUNTS && args.organizationId === undefined) {
    throw new pulumi.ResourceError(
      `settings.accounts lists ${settings.accounts.length} accounts, more than an event bus policy holds (${MAX_BUS_POLICY_ACCOUNTS}): pass organizationId so the buses admit the organization instead`,
      parent,
    );
  }
  if (settings.accounts.length > MAX_PINNED_ACCOUNTS) {
    throw new pulumi.ResourceError(
      `settings.accounts lists ${settings.accounts.length} accounts, more than the functions' AssumeRole permission can pin (${MAX_PINNED_ACCOUNTS}: managed policies of 350 accounts, at most 10 per role by IAM's default quota): watch the organization instead, with its management account in settings.organizationAccounts and organizationId`,
      parent,
    );
  }
  if (args.eventRegions !== undefined) warnIamEventsUnwatched('eventRegions', eventRegions, parent);
  return { homeRegion, eventRegions, findings: resolveFindingsTable(args.findingsTable) };
}
