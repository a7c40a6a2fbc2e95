import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { HANDLER_ENV } from '../runtime/handlers/env';
import type { AssumePolicy } from './assume';
import { type BundledFunction, functionCode, policyDocument, serviceTrust } from './shared';

/** Each function's timeout (seconds), memory (MB) and description. */
export const FUNCTIONS: Record<
  BundledFunction,
  { timeout: number; memorySize: number; description: string }
> = {
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

export interface MasterFunctionsArgs {
  readonly homeRegion: string;
  /** The regions the translator runs in (a rule can only invoke a function of its own region). */
  readonly eventRegions: readonly string[];
  /** What settings.json holds. */
  readonly settings: pulumi.Output<ResolvedSettings>;
  /** What each function's own policy grants besides its logs (functionStatements). */
  readonly statements: Record<BundledFunction, Record<string, unknown>[]>;
  /** Managed policies the remediator and the poll worker get too (memberAssumeGrant's). */
  readonly assumePolicies: readonly AssumePolicy[];
  readonly resourceQueue: aws.sqs.Queue;
  readonly pollQueue: aws.sqs.Queue;
  readonly notificationTopic: aws.sns.Topic;
  /** The findings store the remediator keeps, and how many days it keeps resolved findings; none: off. */
  readonly findingsTable?: { readonly name: pulumi.Input<string>; readonly retentionDays: number };
  readonly onlyTestResources?: boolean;
  readonly logRetentionDays?: pulumi.Input<number>;
  readonly reservedConcurrency?: Partial<Record<BundledFunction, pulumi.Input<number>>>;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface MasterFunctions {
  /** The functions of the home region (the translator of the home region under `translator`). */
  readonly functions: Record<BundledFunction, aws.lambda.Function>;
  /** The translator of each watched region. */
  readonly translators: Record<string, aws.lambda.Function>;
  readonly roles: Record<BundledFunction, aws.iam.Role>;
}

/**
 * Each bundled function with its own role, policy and log groups: in the home region, and the
 * translator in every watched region too.
 */
export function masterFunctions(
  parent: pulumi.Resource,
  name: string,
  args: MasterFunctionsArgs,
): MasterFunctions {
  const { homeRegion, tags } = args;
  const environment: Record<BundledFunction, Record<string, pulumi.Input<string>>> = {
    translator: { [HANDLER_ENV.resourceQueueUrl]: args.resourceQueue.url },
    remediator: {
      [HANDLER_ENV.notificationTopicArn]: args.notificationTopic.arn,
      // Resources that are not ready yet (a database being created) are sent again, later.
      [HANDLER_ENV.resourceQueueUrl]: args.resourceQueue.url,
      ...(args.findingsTable
        ? {
            [HANDLER_ENV.findingsTable]: args.findingsTable.name,
            [HANDLER_ENV.findingsRetentionDays]: String(args.findingsTable.retentionDays),
          }
        : {}),
    },
    'poll-planner': {
      [HANDLER_ENV.pollQueueUrl]: args.pollQueue.url,
      [HANDLER_ENV.onlyTestResources]: String(args.onlyTestResources ?? false),
    },
    'poll-worker': { [HANDLER_ENV.resourceQueueUrl]: args.resourceQueue.url },
  };

  const roles = {} as Record<BundledFunction, aws.iam.Role>;
  const functions = {} as Record<BundledFunction, aws.lambda.Function>;
  const translators: Record<string, aws.lambda.Function> = {};
  for (const fn of Object.keys(FUNCTIONS) as BundledFunction[]) {
    const fnRegions = fn === 'translator' ? args.eventRegions : [homeRegion];
    const logGroups = fnRegions.map(
      (r) =>
        new aws.cloudwatch.LogGroup(
          r === homeRegion ? `${name}-${fn}-logs` : `${name}-${fn}-logs-${r}`,
          { region: r, retentionInDays: args.logRetentionDays ?? 90, tags },
          { parent },
        ),
    );
    const role = new aws.iam.Role(
      `${name}-${fn}`,
      { assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')), tags },
      { parent },
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
            ...args.statements[fn],
          ),
        ),
      },
      { parent },
    );
    // Past 100 listed accounts, the AssumeRole permission of the remediator and the poll worker is in
    // managed policies (see memberAssumeGrant), each attachment named by its policy's part.
    const attachments =
      fn === 'remediator' || fn === 'poll-worker'
        ? args.assumePolicies.map(
            ({ part, policy }) =>
              new aws.iam.RolePolicyAttachment(
                `${name}-${fn}-assume-members-${part}`,
                { role: role.name, policyArn: policy.arn },
                { parent },
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
          code: functionCode(fn, args.settings, parent),
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
        { parent, dependsOn: [rolePolicy, ...attachments] },
      );
      if (r === homeRegion) functions[fn] = f;
      if (fn === 'translator') translators[r] = f;
    });
    roles[fn] = role;
  }
  return { functions, translators, roles };
}
