import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { RemediationSettings, ResolvedSettings } from '../runtime/contracts/settings';
import { HANDLER_ENV } from '../runtime/handlers/env';
import { patternRules } from './events';
import {
  type BundledFunction,
  componentSettings,
  functionCode,
  policyDocument,
  serviceTrust,
  withTags,
} from './shared';

/** A subscription to one of the master's topics. */
export interface TopicSubscription {
  /** `email`, `https`, `sqs`, `lambda`, ... (the SNS protocols). */
  readonly protocol: pulumi.Input<string>;
  readonly endpoint: pulumi.Input<string>;
  /** An SNS filter policy on the message attributes (account, type, check, severity, status). */
  readonly filterPolicy?: pulumi.Input<Record<string, unknown>>;
}

export interface RemediationMasterArgs {
  /** The settings every function uses; validated now, and packaged as settings.json beside each handler. */
  readonly settings: RemediationSettings;
  /** The region of the queues, topics and functions. Default: the first of `settings.regions`. */
  readonly homeRegion?: string;
  /**
   * Regions whose events reach the translator (an event bus each). Default: `settings.regions` and
   * us-east-1, where the events of global services (IAM) are delivered.
   */
  readonly eventRegions?: readonly string[];
  /** The organization (o-...) whose accounts may put events on the buses; required with `organizationAccounts`. */
  readonly organizationId?: pulumi.Input<string>;
  /** When the sweep runs (an EventBridge schedule expression). Default `rate(1 day)`. */
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

/** Accounts above which AssumeRole is granted on the member role name in any account (policy size). */
const MAX_LISTED_ROLE_ARNS = 100;

/**
 * The security ("master") account side: resource and poll queues with dead-letter queues, the
 * translator, remediator and poller functions, the event buses member accounts forward to, the
 * findings and alarms topics, and the alarms.
 */
export class RemediationMaster extends pulumi.ComponentResource {
  public readonly settings: ResolvedSettings;
  public readonly homeRegion: string;
  public readonly eventRegions: readonly string[];
  public readonly resourceQueue: aws.sqs.Queue;
  public readonly resourceDeadLetterQueue: aws.sqs.Queue;
  public readonly pollQueue: aws.sqs.Queue;
  public readonly pollDeadLetterQueue: aws.sqs.Queue;
  public readonly notificationTopic: aws.sns.Topic;
  public readonly alarmTopic: aws.sns.Topic;
  public readonly functions: Record<BundledFunction, aws.lambda.Function>;
  public readonly roles: Record<BundledFunction, aws.iam.Role>;
  public readonly eventBuses: Record<string, aws.cloudwatch.EventBus>;
  /** The roles member accounts must trust (remediator and poller): pass them to MemberAccount. */
  public readonly memberTrustRoleArns: pulumi.Output<string[]>;
  /** The event bus ARN of each watched region: pass them to MemberAccount or EventForwarder. */
  public readonly eventBusArns: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: RemediationMasterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('aws-remediation:index:RemediationMaster', name, {}, opts);
    const settings = componentSettings(args.settings, this);
    const homeRegion = args.homeRegion ?? settings.regions[0]!;
    const eventRegions = [...new Set(args.eventRegions ?? [...settings.regions, 'us-east-1'])];
    if (!eventRegions.includes(homeRegion)) eventRegions.unshift(homeRegion);
    if (settings.organizationAccounts.length > 0 && args.organizationId === undefined) {
      throw new pulumi.ResourceError(
        'settings.organizationAccounts is set: pass organizationId (the o-... id of that organization) so the event buses admit its accounts',
        this,
      );
    }
    this.settings = settings;
    this.homeRegion = homeRegion;
    this.eventRegions = eventRegions;

    const parent = { parent: this };
    const tags = withTags(args.tags);
    const region = homeRegion;
    const partition = aws.getPartitionOutput({}, parent).partition;
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

    // Functions --------------------------------------------------------------------------------
    const memberRoleArns = this.memberRoleResources(partition);
    const assumeMembers = (accounts: 'members' | 'management') => {
      const organizationAccounts = settings.organizationAccounts;
      if (accounts === 'management') {
        return organizationAccounts.length === 0
          ? []
          : [
              {
                Sid: 'AssumeMemberRoleInManagementAccounts',
                Effect: 'Allow',
                Action: 'sts:AssumeRole',
                Resource: organizationAccounts.map(
                  (a) => pulumi.interpolate`arn:${partition}:iam::${a}:role/${settings.memberRoleName}`,
                ),
              },
            ];
      }
      return [{ Sid: 'AssumeMemberRole', Effect: 'Allow', Action: 'sts:AssumeRole', ...memberRoleArns }];
    };
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
    const send = (q: aws.sqs.Queue, sid: string) => ({
      Sid: sid,
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: q.arn,
    });

    const statements: Record<BundledFunction, Record<string, unknown>[]> = {
      translator: [
        send(this.resourceQueue, 'SendResourceMessages'),
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
        ...assumeMembers('members'),
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
      'poll-planner': [
        send(this.pollQueue, 'SendPollTasks'),
        ...assumeMembers('management'),
        ...kms(['kms:GenerateDataKey', 'kms:Decrypt']),
      ],
      'poll-worker': [
        consume(this.pollQueue),
        send(this.resourceQueue, 'SendResourceMessages'),
        ...assumeMembers('members'),
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
    for (const fn of Object.keys(FUNCTIONS) as BundledFunction[]) {
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${fn}-logs`,
        { region, retentionInDays: args.logRetentionDays ?? 90, tags },
        parent,
      );
      const role = new aws.iam.Role(
        `${name}-${fn}`,
        { assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')), tags },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-${fn}`,
        {
          role: role.id,
          policy: pulumi.jsonStringify(
            policyDocument(
              {
                Sid: 'WriteOwnLogs',
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: pulumi.interpolate`${logGroup.arn}:*`,
              },
              ...statements[fn],
            ),
          ),
        },
        parent,
      );
      functions[fn] = new aws.lambda.Function(
        `${name}-${fn}`,
        {
          region,
          description: FUNCTIONS[fn].description,
          runtime: 'nodejs22.x',
          architectures: ['arm64'],
          handler: 'index.handler',
          code: functionCode(fn, settings, this),
          role: role.arn,
          timeout: FUNCTIONS[fn].timeout,
          memorySize: FUNCTIONS[fn].memorySize,
          environment: { variables: environment[fn] },
          loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
          ...(args.reservedConcurrency?.[fn] === undefined
            ? {}
            : { reservedConcurrentExecutions: args.reservedConcurrency[fn] }),
          tags,
        },
        parent,
      );
      roles[fn] = role;
    }
    this.roles = roles;
    this.functions = functions;

    // Triggers ---------------------------------------------------------------------------------
    const sqsTrigger = (fn: BundledFunction, q: aws.sqs.Queue) =>
      new aws.lambda.EventSourceMapping(
        `${name}-${fn}-trigger`,
        {
          region,
          eventSourceArn: q.arn,
          functionName: functions[fn].arn,
          batchSize: 10,
          maximumBatchingWindowInSeconds: 5,
          functionResponseTypes: ['ReportBatchItemFailures'],
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
        scheduleExpression: args.schedule ?? 'rate(1 day)',
        tags,
      },
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-sweep-target`,
      { region, rule: schedule.name, arn: functions['poll-planner'].arn },
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
    this.eventBuses = this.createEventBuses(name, args, eventRegions, homeRegion, functions.translator, tags);
    this.eventBusArns = pulumi
      .all(Object.entries(this.eventBuses).map(([r, bus]) => bus.arn.apply((arn) => [r, arn] as const)))
      .apply((entries) => Object.fromEntries(entries));

    // Alarms -------------------------------------------------------------------------------------
    this.createAlarms(name, args, region, tags);

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

  /** The member role ARNs the remediator and poll worker may assume, as the Resource (and Condition) of a statement. */
  private memberRoleResources(partition: pulumi.Output<string>): Record<string, unknown> {
    const { accounts, organizationAccounts, memberRoleName } = this.settings;
    if (organizationAccounts.length > 0 || accounts.length > MAX_LISTED_ROLE_ARNS) {
      // Any account's member role: the organization's accounts are not known at deployment.
      return { Resource: pulumi.interpolate`arn:${partition}:iam::*:role/${memberRoleName}` };
    }
    return {
      Resource: accounts.map((a) => pulumi.interpolate`arn:${partition}:iam::${a}:role/${memberRoleName}`),
    };
  }

  private createEventBuses(
    name: string,
    args: RemediationMasterArgs,
    regions: readonly string[],
    homeRegion: string,
    translator: aws.lambda.Function,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
  ): Record<string, aws.cloudwatch.EventBus> {
    const parent = { parent: this };
    const { accounts } = this.settings;
    const buses: Record<string, aws.cloudwatch.EventBus> = {};
    for (const region of regions) {
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
      if (accounts.length > 0) {
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
    }

    const home = buses[homeRegion]!;
    // Other regions' buses forward to the home bus (a rule may target a bus in another region).
    const remote = regions.filter((r) => r !== homeRegion);
    const forwardRole =
      remote.length === 0
        ? undefined
        : new aws.iam.Role(
            `${name}-events-forward`,
            { assumeRolePolicy: JSON.stringify(serviceTrust('events.amazonaws.com')), tags },
            parent,
          );
    if (forwardRole) {
      new aws.iam.RolePolicy(
        `${name}-events-forward`,
        {
          role: forwardRole.id,
          policy: pulumi.jsonStringify(
            policyDocument({
              Sid: 'ForwardToHomeBus',
              Effect: 'Allow',
              Action: 'events:PutEvents',
              Resource: home.arn,
            }),
          ),
        },
        parent,
      );
    }
    // Rules that target the translator need permission to invoke it; the others target the home bus.
    const translatorRules: aws.cloudwatch.EventRule[] = [];
    for (const region of regions) {
      const atHome = region === homeRegion;
      const target = atHome
        ? { targetArn: translator.arn }
        : { targetArn: home.arn, roleArn: forwardRole!.arn };
      // Member accounts' events, on this region's bus; and the master's own, on its default bus.
      const regional = [
        ...patternRules(
          `${name}-members-${region}`,
          {
            region,
            eventBusName: buses[region]!.name,
            description: 'Member API calls of interest to the translator',
            tags,
            ...target,
          },
          parent,
        ),
        ...patternRules(
          `${name}-own-${region}`,
          { region, description: "The security account's own API calls of interest", tags, ...target },
          parent,
        ),
      ];
      if (atHome) translatorRules.push(...regional);
    }
    translatorRules.forEach((rule, i) => {
      new aws.lambda.Permission(
        `${name}-translator-invoke-${i}`,
        {
          region: homeRegion,
          action: 'lambda:InvokeFunction',
          function: translator.name,
          principal: 'events.amazonaws.com',
          sourceArn: rule.arn,
        },
        parent,
      );
    });
    return buses;
  }

  private createAlarms(
    name: string,
    args: RemediationMasterArgs,
    region: string,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
  ): void {
    const parent = { parent: this };
    const actions = [this.alarmTopic.arn];
    const alarm = (
      alarmName: string,
      spec: Omit<aws.cloudwatch.MetricAlarmArgs, 'alarmActions' | 'region' | 'tags'>,
    ) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${alarmName}`,
        { region, alarmActions: actions, okActions: actions, tags, ...spec },
        parent,
      );
    for (const [fn, f] of Object.entries(this.functions)) {
      alarm(`${fn}-errors`, {
        alarmDescription: `The ${fn} function failed`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: f.name },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
    }
    for (const [label, dlq] of [
      ['resources-dlq', this.resourceDeadLetterQueue],
      ['polls-dlq', this.pollDeadLetterQueue],
    ] as const) {
      alarm(`${label}-depth`, {
        alarmDescription: 'Messages reached a dead-letter queue: they failed five times',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: dlq.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
    }
    alarm('resources-oldest-message', {
      alarmDescription: 'Resource messages wait too long: the remediator is behind or failing',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: this.resourceQueue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 3,
      threshold: args.maxMessageAgeSeconds ?? 3600,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    alarm('resources-loop', {
      alarmDescription: 'Unusually many resource messages for three hours: a remediation loop?',
      namespace: 'AWS/SQS',
      metricName: 'NumberOfMessagesSent',
      dimensions: { QueueName: this.resourceQueue.name },
      statistic: 'Sum',
      period: 3600,
      evaluationPeriods: 3,
      threshold: args.loopMessagesPerHour ?? 5000,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }
}
