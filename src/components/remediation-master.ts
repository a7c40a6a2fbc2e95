import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HANDLER_ENV } from '../runtime/handlers/env';
import { masterAlarms } from './alarms';
import { MAX_PINNED_ACCOUNTS, memberAssumeGrant } from './assume';
import { patternRules } from './events';
import {
  type BundledFunction,
  type ComponentResolvedSettings,
  type RemediationComponentSettings,
  componentSettings,
  functionCode,
  policyDocument,
  serviceTrust,
  withTags,
} from './shared';
import { checkedSchedule, failOnProblems, regionProblems, scheduleProblems } from './validation';
import { IAM_EVENTS_REGION, warnDisruptiveFixes, warnIamEventsUnwatched } from './warnings';

/** A subscription to one of the master's topics. */
export interface TopicSubscription {
  /** `email`, `https`, `sqs`, `lambda`, ... (the SNS protocols). */
  readonly protocol: pulumi.Input<string>;
  readonly endpoint: pulumi.Input<string>;
  /** An SNS filter policy on the message attributes (account, type, check, severity, status). */
  readonly filterPolicy?: pulumi.Input<Record<string, unknown>>;
}

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
  /** Subscriptions to the findings topic. */
  readonly notificationSubscriptions?: readonly TopicSubscription[];
  /** Subscriptions to the alarms topic. */
  readonly alarmSubscriptions?: readonly TopicSubscription[];
  /**
   * A customer-managed KMS key for the queues and topics. Default: SQS-managed encryption and the
   * aws/sns key for the findings topic (the alarms topic is then unencrypted: CloudWatch cannot use
   * aws/sns). With a key, its policy must let cloudwatch.amazonaws.com use it.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
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
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const FUNCTIONS: Record<BundledFunction, { timeout: number; memorySize: number; description: string }> = {
  translator: {
    timeout: 30,
    memorySize: 256,
    description: 'CloudTrail API-call events to resource messages',
  },
  remediator: {
    timeout: 120,
    memorySize: 512,
    description: 'Audits resource messages, reports findings, fixes when enabled',
  },
  'poll-planner': {
    timeout: 300,
    memorySize: 256,
    description: 'Plans the sweep: one poll task per account and region',
  },
  'poll-worker': { timeout: 600, memorySize: 1024, description: 'Sweeps one account and region per task' },
};

/** Accounts an event bus policy can list within EventBridge's default 10 KB policy quota. */
const MAX_BUS_POLICY_ACCOUNTS = 500;

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

  constructor(name: string, args: RemediationMasterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:RemediationMaster', name, {}, opts);
    const { settings, resolved } = componentSettings(args.settings, this);
    failOnProblems(
      'RemediationMaster',
      [
        ...regionProblems('homeRegion', args.homeRegion),
        ...regionProblems('eventRegions', args.eventRegions),
        ...scheduleProblems(args.schedule),
      ],
      this,
    );
    const homeRegion = args.homeRegion ?? settings.regions[0]!;
    const eventRegions = [
      ...new Set([homeRegion, ...(args.eventRegions ?? [...settings.regions, IAM_EVENTS_REGION])]),
    ];
    if (settings.organizationAccounts.length > 0 && args.organizationId === undefined) {
      throw new pulumi.ResourceError(
        'settings.organizationAccounts is set: pass organizationId (the o-... id of that organization) so the event buses admit its accounts',
        this,
      );
    }
    if (settings.accounts.length > MAX_BUS_POLICY_ACCOUNTS && args.organizationId === undefined) {
      throw new pulumi.ResourceError(
        `settings.accounts lists ${settings.accounts.length} accounts, more than an event bus policy holds (${MAX_BUS_POLICY_ACCOUNTS}): pass organizationId so the buses admit the organization instead`,
        this,
      );
    }
    if (settings.accounts.length > MAX_PINNED_ACCOUNTS) {
      throw new pulumi.ResourceError(
        `settings.accounts lists ${settings.accounts.length} accounts, more than the functions' AssumeRole permission can pin (${MAX_PINNED_ACCOUNTS}: managed policies of 350 accounts, at most 10 per role by IAM's default quota): watch the organization instead, with its management account in settings.organizationAccounts and organizationId`,
        this,
      );
    }
    if (args.eventRegions !== undefined) warnIamEventsUnwatched('eventRegions', eventRegions, this);
    warnDisruptiveFixes(settings, this);
    this.settings = settings;
    this.homeRegion = homeRegion;
    this.eventRegions = eventRegions;

    const parent = { parent: this };
    const tags = withTags(args.tags);
    const region = homeRegion;
    const partition = aws.getPartitionOutput({}, parent).partition;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const kmsKeyArn = args.kmsKeyArn;
    const queueEncryption = kmsKeyArn ? { kmsMasterKeyId: kmsKeyArn } : { sqsManagedSseEnabled: true };

    // Queues -----------------------------------------------------------------------------------
    const queue = (queueName: string, consumerTimeout: number, delaySeconds?: pulumi.Input<number>) => {
      const dlq = new aws.sqs.Queue(
        `${name}-${queueName}-dlq`,
        { region, messageRetentionSeconds: 14 * 24 * 3600, ...queueEncryption, tags },
        parent,
      );
      const main = new aws.sqs.Queue(
        `${name}-${queueName}`,
        {
          region,
          // At least six times the consumer's timeout, as Lambda advises for SQS event sources.
          visibilityTimeoutSeconds: consumerTimeout * 6,
          messageRetentionSeconds: 4 * 24 * 3600,
          ...(delaySeconds === undefined ? {} : { delaySeconds }),
          redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
          ...queueEncryption,
          tags,
        },
        parent,
      );
      return { main, dlq };
    };
    const resources = queue('resources', FUNCTIONS.remediator.timeout, args.resourceQueueDelaySeconds ?? 15);
    const polls = queue('polls', FUNCTIONS['poll-worker'].timeout);
    this.resourceQueue = resources.main;
    this.resourceDeadLetterQueue = resources.dlq;
    this.pollQueue = polls.main;
    this.pollDeadLetterQueue = polls.dlq;

    // Events that could not be delivered to a translator, per region (rules and async invocations
    // need a dead-letter queue in their own region). SQS-managed encryption: EventBridge can use it.
    this.eventDeadLetterQueues = {};
    for (const r of eventRegions) {
      const dlq = new aws.sqs.Queue(
        `${name}-events-dlq-${r}`,
        { region: r, messageRetentionSeconds: 14 * 24 * 3600, sqsManagedSseEnabled: true, tags },
        parent,
      );
      new aws.sqs.QueuePolicy(
        `${name}-events-dlq-${r}`,
        {
          region: r,
          queueUrl: dlq.url,
          policy: pulumi.jsonStringify(
            policyDocument({
              Sid: 'OwnRulesDeadLetters',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: dlq.arn,
              Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
            }),
          ),
        },
        parent,
      );
      this.eventDeadLetterQueues[r] = dlq;
    }

    // Topics -----------------------------------------------------------------------------------
    this.notificationTopic = new aws.sns.Topic(
      `${name}-findings`,
      { region, kmsMasterKeyId: kmsKeyArn ?? 'alias/aws/sns', tags },
      parent,
    );
    this.alarmTopic = new aws.sns.Topic(
      `${name}-alarms`,
      { region, ...(kmsKeyArn ? { kmsMasterKeyId: kmsKeyArn } : {}), tags },
      parent,
    );
    const subscribe = (
      topic: aws.sns.Topic,
      label: string,
      subscriptions: readonly TopicSubscription[] = [],
    ) =>
      subscriptions.forEach(
        (s, i) =>
          new aws.sns.TopicSubscription(
            `${name}-${label}-${i}`,
            {
              region,
              topic: topic.arn,
              protocol: s.protocol,
              endpoint: s.endpoint,
              ...(s.filterPolicy ? { filterPolicy: pulumi.jsonStringify(s.filterPolicy) } : {}),
            },
            parent,
          ),
      );
    subscribe(this.notificationTopic, 'findings-subscription', args.notificationSubscriptions);
    subscribe(this.alarmTopic, 'alarms-subscription', args.alarmSubscriptions);
    this.alarmTopics = { [homeRegion]: this.alarmTopic };
    for (const r of eventRegions.filter((x) => x !== homeRegion)) {
      // Unencrypted: a KMS key belongs to one region, and alarms carry no data of the resources.
      const topic = new aws.sns.Topic(`${name}-alarms-${r}`, { region: r, tags }, parent);
      (args.alarmSubscriptions ?? []).forEach(
        (sub, i) =>
          new aws.sns.TopicSubscription(
            `${name}-alarms-${r}-subscription-${i}`,
            { region: r, topic: topic.arn, protocol: sub.protocol, endpoint: sub.endpoint },
            parent,
          ),
      );
      this.alarmTopics[r] = topic;
    }

    // Functions --------------------------------------------------------------------------------
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
    const kms = (actions: string[]) =>
      kmsKeyArn
        ? [{ Sid: 'UseQueueAndTopicKey', Effect: 'Allow', Action: actions, Resource: kmsKeyArn }]
        : [];
    const consume = (q: aws.sqs.Queue) => ({
      Sid: 'ConsumeQueue',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      Resource: q.arn,
    });
    const send = (q: aws.sqs.Queue | aws.sqs.Queue[], sid: string) => ({
      Sid: sid,
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: Array.isArray(q) ? q.map((x) => x.arn) : q.arn,
    });
    const assumeManagement =
      settings.organizationAccounts.length === 0
        ? []
        : [
            {
              Sid: 'AssumeMemberRoleInManagementAccounts',
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: settings.organizationAccounts.map(
                (a) => pulumi.interpolate`arn:${partition}:iam::${a}:role/${settings.memberRoleName}`,
              ),
            },
          ];
    const assumeMembers = assume.statements;
    const statements: Record<BundledFunction, Record<string, unknown>[]> = {
      translator: [
        send(this.resourceQueue, 'SendResourceMessages'),
        send(Object.values(this.eventDeadLetterQueues), 'SendFailedEvents'),
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
      remediator: [
        consume(this.resourceQueue),
        send(this.resourceQueue, 'RecheckLater'),
        {
          Sid: 'PublishFindings',
          Effect: 'Allow',
          Action: 'sns:Publish',
          Resource: this.notificationTopic.arn,
        },
        ...assumeMembers,
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
      'poll-planner': [
        send(this.pollQueue, 'SendPollTasks'),
        ...assumeManagement,
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
      'poll-worker': [
        consume(this.pollQueue),
        send(this.resourceQueue, 'SendResourceMessages'),
        ...assumeMembers,
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
    };
    const environment: Record<BundledFunction, Record<string, pulumi.Input<string>>> = {
      translator: { [HANDLER_ENV.resourceQueueUrl]: this.resourceQueue.url },
      remediator: {
        [HANDLER_ENV.notificationTopicArn]: this.notificationTopic.arn,
        // Resources that are not ready yet (a database being created) are sent again, later.
        [HANDLER_ENV.resourceQueueUrl]: this.resourceQueue.url,
      },
      'poll-planner': {
        [HANDLER_ENV.pollQueueUrl]: this.pollQueue.url,
        [HANDLER_ENV.onlyTestResources]: String(args.onlyTestResources ?? false),
      },
      'poll-worker': { [HANDLER_ENV.resourceQueueUrl]: this.resourceQueue.url },
    };

    const roles = {} as Record<BundledFunction, aws.iam.Role>;
    const functions = {} as Record<BundledFunction, aws.lambda.Function>;
    const translators: Record<string, aws.lambda.Function> = {};
    for (const fn of Object.keys(FUNCTIONS) as BundledFunction[]) {
      // The translator runs in every watched region (a rule can only invoke a function of its own region).
      const fnRegions = fn === 'translator' ? eventRegions : [homeRegion];
      const logGroups = fnRegions.map(
        (r) =>
          new aws.cloudwatch.LogGroup(
            r === homeRegion ? `${name}-${fn}-logs` : `${name}-${fn}-logs-${r}`,
            { region: r, retentionInDays: args.logRetentionDays ?? 90, tags },
            parent,
          ),
      );
      const role = new aws.iam.Role(
        `${name}-${fn}`,
        { assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')), tags },
        parent,
      );
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-${fn}`,
        {
          role: role.id,
          policy: pulumi.jsonStringify(
            policyDocument(
              {
                Sid: 'WriteOwnLogs',
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: logGroups.map((g) => pulumi.interpolate`${g.arn}:*`),
              },
              ...statements[fn],
            ),
          ),
        },
        parent,
      );
      // Past 100 listed accounts, the AssumeRole permission of the remediator and the poll worker is in
      // managed policies (see memberAssumeGrant).
      const attachments =
        fn === 'remediator' || fn === 'poll-worker'
          ? assume.policies.map(
              (policy, i) =>
                new aws.iam.RolePolicyAttachment(
                  `${name}-${fn}-assume-members-${i + 1}`,
                  { role: role.name, policyArn: policy.arn },
                  parent,
                ),
            )
          : [];
      fnRegions.forEach((r, i) => {
        const f = new aws.lambda.Function(
          r === homeRegion ? `${name}-${fn}` : `${name}-${fn}-${r}`,
          {
            region: r,
            description: FUNCTIONS[fn].description,
            runtime: 'nodejs22.x',
            architectures: ['arm64'],
            handler: 'index.handler',
            code: functionCode(fn, resolved, this),
            role: role.arn,
            timeout: FUNCTIONS[fn].timeout,
            memorySize: FUNCTIONS[fn].memorySize,
            environment: { variables: environment[fn] },
            loggingConfig: { logFormat: 'JSON', logGroup: logGroups[i]!.name },
            ...(args.reservedConcurrency?.[fn] === undefined
              ? {}
              : { reservedConcurrentExecutions: args.reservedConcurrency[fn] }),
            tags,
          },
          { parent: this, dependsOn: [rolePolicy, ...attachments] },
        );
        if (r === homeRegion) functions[fn] = f;
        if (fn === 'translator') translators[r] = f;
      });
      roles[fn] = role;
    }
    this.roles = roles;
    this.functions = functions;
    this.translators = translators;

    // Triggers ---------------------------------------------------------------------------------
    const sqsTrigger = (fn: 'remediator' | 'poll-worker', q: aws.sqs.Queue) =>
      new aws.lambda.EventSourceMapping(
        `${name}-${fn}-trigger`,
        {
          region,
          eventSourceArn: q.arn,
          functionName: functions[fn].arn,
          batchSize: 10,
          maximumBatchingWindowInSeconds: 5,
          functionResponseTypes: ['ReportBatchItemFailures'],
          ...(args.maxConcurrency?.[fn] === undefined
            ? {}
            : { scalingConfig: { maximumConcurrency: args.maxConcurrency[fn] } }),
        },
        parent,
      );
    sqsTrigger('remediator', this.resourceQueue);
    sqsTrigger('poll-worker', this.pollQueue);

    const schedule = new aws.cloudwatch.EventRule(
      `${name}-sweep`,
      {
        region,
        description: 'Starts the sweep of every account and region',
        scheduleExpression: checkedSchedule(args.schedule ?? 'rate(1 day)', 'RemediationMaster', this),
        tags,
      },
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-sweep-target`,
      { region, rule: schedule.name, arn: functions['poll-planner'].arn },
      parent,
    );
    // A failed plan is not retried by Lambda: a retry would send every task again. The next schedule plans afresh.
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-sweep-no-retries`,
      { region, functionName: functions['poll-planner'].name, maximumRetryAttempts: 0 },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-sweep-invoke`,
      {
        region,
        action: 'lambda:InvokeFunction',
        function: functions['poll-planner'].name,
        principal: 'events.amazonaws.com',
        sourceArn: schedule.arn,
      },
      parent,
    );

    // Event buses --------------------------------------------------------------------------------
    this.eventBuses = this.createEventBuses(name, args, tags);
    this.eventBusArns = pulumi
      .all(Object.entries(this.eventBuses).map(([r, bus]) => bus.arn.apply((arn) => [r, arn] as const)))
      .apply((entries) => Object.fromEntries(entries));

    // Alarms -------------------------------------------------------------------------------------
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
      roles.remediator.arn,
      roles['poll-worker'].arn,
      roles['poll-planner'].arn,
    ]);
    this.registerOutputs({
      resourceQueueUrl: this.resourceQueue.url,
      pollQueueUrl: this.pollQueue.url,
      notificationTopicArn: this.notificationTopic.arn,
      alarmTopicArn: this.alarmTopic.arn,
      memberTrustRoleArns: this.memberTrustRoleArns,
      eventBusArns: this.eventBusArns,
    });
  }

  /**
   * Per watched region: a bus member accounts may put events on, a rule with the translator's pattern
   * on it (and, with `watchOwnAccount`, on this account's default bus) invoking that region's
   * translator, with retries and a dead-letter queue for what cannot be delivered. Each event makes
   * one hop from the member account to this bus: EventBridge does not pass events on to a third bus.
   */
  private createEventBuses(
    name: string,
    args: RemediationMasterArgs,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
  ): Record<string, aws.cloudwatch.EventBus> {
    const parent = { parent: this };
    const { accounts } = this.settings;
    const buses: Record<string, aws.cloudwatch.EventBus> = {};
    let invokes = 0;
    for (const region of this.eventRegions) {
      const bus = new aws.cloudwatch.EventBus(`${name}-bus-${region}`, { region, tags }, parent);
      const principals: Record<string, unknown>[] = [];
      if (args.organizationId !== undefined) {
        principals.push({
          Sid: 'OrganizationPutsEvents',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: bus.arn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': args.organizationId } },
        });
      }
      if (accounts.length > 0 && accounts.length <= MAX_BUS_POLICY_ACCOUNTS) {
        principals.push({
          Sid: 'MemberAccountsPutEvents',
          Effect: 'Allow',
          Principal: { AWS: accounts },
          Action: 'events:PutEvents',
          Resource: bus.arn,
        });
      }
      new aws.cloudwatch.EventBusPolicy(
        `${name}-bus-${region}`,
        { region, eventBusName: bus.name, policy: pulumi.jsonStringify(policyDocument(...principals)) },
        parent,
      );
      buses[region] = bus;

      const translator = this.translators[region]!;
      const target = {
        region,
        targetArn: translator.arn,
        deadLetterArn: this.eventDeadLetterQueues[region]!.arn,
        tags,
      };
      const rules = [
        ...patternRules(
          `${name}-members-${region}`,
          {
            ...target,
            eventBusName: bus.name,
            description: 'Member API calls of interest to the translator',
          },
          parent,
        ),
        ...(args.watchOwnAccount
          ? patternRules(
              `${name}-own-${region}`,
              { ...target, description: "The security account's own API calls of interest" },
              parent,
            )
          : []),
      ];
      for (const rule of rules) {
        new aws.lambda.Permission(
          `${name}-translator-invoke-${invokes++}`,
          {
            region,
            action: 'lambda:InvokeFunction',
            function: translator.name,
            principal: 'events.amazonaws.com',
            sourceArn: rule.arn,
          },
          parent,
        );
      }
      // The translator is invoked asynchronously: what fails after its retries goes to the same queue.
      new aws.lambda.FunctionEventInvokeConfig(
        `${name}-translator-failures-${region}`,
        {
          region,
          functionName: translator.name,
          maximumRetryAttempts: 2,
          destinationConfig: { onFailure: { destination: this.eventDeadLetterQueues[region]!.arn } },
        },
        parent,
      );
    }
    return buses;
  }
}
