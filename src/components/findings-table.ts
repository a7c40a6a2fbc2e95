import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { DEFAULT_RETENTION_DAYS, retentionDaysProblem } from '../runtime/findings/lifecycle';
import type { MasterKey } from './key';

/** The findings table of a RemediationMaster (its `findingsTable` argument). */
export interface FindingsTableOptions {
  /**
   * DynamoDB deletion protection. Default true: the table is the one place that keeps every
   * finding's state and the `before` state of every applied fix (what an undo restores; the logs
   * expire, notifications scatter), so a `pulumi destroy`, or a change that would replace the table,
   * fails rather than deletes it. To delete the table, set false and run `pulumi up` first; for a
   * trial stack you mean to destroy, set false from the start.
   */
  readonly deletionProtection?: boolean;
  /**
   * Days a resolved finding is kept before DynamoDB's TTL deletes it, above 0 and at most 3650.
   * Open and excepted findings are kept as long as they stay so. Default 90.
   */
  readonly retentionDays?: number;
}

/** The table's settings, every default filled in. */
export interface ResolvedFindingsTable {
  readonly deletionProtection: boolean;
  readonly retentionDays: number;
}

const OPTIONS: readonly (keyof FindingsTableOptions)[] = ['deletionProtection', 'retentionDays'];

/** One line per problem of the `findingsTable` argument (named `field`). */
export function findingsTableProblems(field: string, value: unknown): string[] {
  if (value === undefined || value === false) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      `${field}: must be false (no table) or { deletionProtection?, retentionDays? } ({} for the defaults), not ${JSON.stringify(value)}`,
    ];
  }
  const options = value as Record<string, unknown>;
  const problems = Object.keys(options)
    .filter((key) => !(OPTIONS as readonly string[]).includes(key))
    .map(
      (key) =>
        `${field}: unknown field ${JSON.stringify(key)}; allowed: ${OPTIONS.map((o) => JSON.stringify(o)).join(', ')}`,
    );
  if (options.deletionProtection !== undefined && typeof options.deletionProtection !== 'boolean') {
    problems.push(`${field}.deletionProtection: must be true or false`);
  }
  if (options.retentionDays !== undefined) {
    const problem = retentionDaysProblem(options.retentionDays);
    if (problem !== undefined) problems.push(`${field}.retentionDays: ${problem}`);
  }
  return problems;
}

/**
 * The table's settings with their defaults, or undefined when it is turned off. Checked by
 * {@link findingsTableProblems} first.
 */
export function resolveFindingsTable(
  value: false | FindingsTableOptions | undefined,
): ResolvedFindingsTable | undefined {
  if (value === false) return undefined;
  return {
    deletionProtection: value?.deletionProtection ?? true,
    retentionDays: value?.retentionDays ?? DEFAULT_RETENTION_DAYS,
  };
}

export interface FindingsTableArgs {
  readonly region: string;
  readonly key: MasterKey;
  readonly deletionProtection: boolean;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The findings store, `<name>-findings-table`: a finding per item (partition key `id`, a string),
 * billed per request, with point-in-time recovery, encrypted with the master's key (or DynamoDB's
 * AWS-owned key), and a TTL on `expiresAt`, which the remediator sets on resolved findings only.
 */
export function findingsTable(
  parent: pulumi.Resource,
  name: string,
  args: FindingsTableArgs,
): aws.dynamodb.Table {
  return new aws.dynamodb.Table(
    `${name}-findings-table`,
    {
      region: args.region,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'id',
      attributes: [{ name: 'id', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: args.key.findingsTable,
      ttl: { attributeName: 'expiresAt', enabled: true },
      deletionProtectionEnabled: args.deletionProtection,
      tags: args.tags,
    },
    { parent },
  );
}
