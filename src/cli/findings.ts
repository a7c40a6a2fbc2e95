import { DescribeTableCommand, type DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import { CHECK_IDS, isCheckId } from '../runtime/contracts/checks';
import { RESOURCE_TYPES } from '../runtime/contracts/message';
import { describeError, isAwsError } from '../runtime/aws/errors';
import { runFailure } from '../runtime/aws/failures';
import { UsageError } from '../runtime/errors';
import type { FindingStatus } from '../runtime/findings/lifecycle';
import type { FindingFilter, FindingStore } from '../runtime/findings/store';
import { plural } from '../runtime/text';
import { type CommandIO, writeLine } from './io';

/** The part of a DynamoDB client {@link verifyTable} uses. */
export interface TableDescriber {
  send(command: DescribeTableCommand): Promise<Pick<DescribeTableCommandOutput, 'Table'>>;
}

/** What each command needs on the findings table, for the error that says what to change. */
export const TABLE_ACTIONS = {
  remediate: 'dynamodb:DescribeTable, dynamodb:BatchGetItem and dynamodb:PutItem',
  findings: 'dynamodb:DescribeTable and dynamodb:Scan',
  undo: 'dynamodb:DescribeTable, dynamodb:BatchGetItem and dynamodb:PutItem',
  report: 'dynamodb:DescribeTable and dynamodb:Scan',
} as const;

/**
 * Checks, before anything is audited or listed, that the findings table exists in `region`, can be
 * used, and has the store's key (partition key `id`, a string, no sort key). Throws a
 * {@link UsageError} (one line, exit 2) that says what to change otherwise.
 */
export async function verifyTable(
  dynamodb: TableDescriber,
  table: string,
  region: string,
  command: keyof typeof TABLE_ACTIONS,
): Promise<void> {
  let output: Pick<DescribeTableCommandOutput, 'Table'>;
  try {
    output = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    const failure = runFailure(error);
    if (failure) throw new UsageError(failure);
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new UsageError(
        `--table ${table}: no such DynamoDB table in ${region} in your credentials' account; give the name of the RemediationMaster's findings table (or create one with partition key id, a string), and set AWS_REGION to its region`,
      );
    }
    if (isAwsError(error, 'AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation')) {
      throw new UsageError(
        `--table ${table}: your credentials may not use it (${describeError(error)}); ${command} --table needs ${TABLE_ACTIONS[command]} on the table`,
      );
    }
    throw new UsageError(`--table ${table}: the table cannot be used (${describeError(error)})`);
  }
  const description = output.Table ?? {};
  const keys = description.KeySchema ?? [];
  const idType = description.AttributeDefinitions?.find((a) => a.AttributeName === 'id')?.AttributeType;
  if (keys.length !== 1 || keys[0]?.AttributeName !== 'id' || keys[0]?.KeyType !== 'HASH' || idType !== 'S') {
    const has = keys
      .map((k) => `${k.KeyType === 'HASH' ? 'partition' : 'sort'} key ${k.AttributeName}`)
      .join(', ');
    throw new UsageError(
      `--table ${table}: not a findings table (it has ${has || 'no key'}${idType && idType !== 'S' ? ` of type ${idType}` : ''}); the findings store needs partition key id, a string, and no sort key`,
    );
  }
  const status = description.TableStatus;
  if (status !== undefined && status !== 'ACTIVE' && status !== 'UPDATING') {
    throw new UsageError(`--table ${table}: the table is ${status}; wait until it is ACTIVE`);
  }
}

/**
 * The filter of `findings`: `--account` must be an account id and `--check` a check id (a one-line
 * error otherwise, naming the checks of the type when the type is right).
 */
export function findingsFilter(options: {
  status?: string;
  account?: string;
  check?: string;
}): FindingFilter {
  const { account, check, status } = options;
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new UsageError(`--account ${account}: not an AWS account id (12 digits, like 123456789012)`);
  }
  if (check !== undefined && !isCheckId(check)) {
    const type = check.includes('.') ? check.slice(0, check.indexOf('.')) : check;
    const checksOf = CHECK_IDS.filter((c) => c.startsWith(`${type}.`));
    const known = (RESOURCE_TYPES as readonly string[]).includes(type);
    throw new UsageError(
      known
        ? `--check ${check}: not a check id; the checks of ${type} are ${checksOf.join(', ')}`
        : `--check ${check}: not a check id; a check id is <type>.<name>, like sqs.public or s3_bucket.public (the README's checks table lists them)`,
    );
  }
  return {
    ...(status !== undefined ? { status: status as FindingStatus } : {}),
    ...(account !== undefined ? { account } : {}),
    ...(check !== undefined ? { check } : {}),
  };
}

/**
 * `aws-remediation findings`: prints the stored findings that match `filter`, one JSON per line (in
 * the table's order), and a count on stderr. Returns the exit code.
 */
export async function runFindings(
  io: CommandIO,
  options: { store: FindingStore; table: string; filter: FindingFilter },
): Promise<number> {
  let count = 0;
  for await (const item of options.store.list(options.filter)) {
    count += 1;
    await writeLine(io.stdout, JSON.stringify(item));
  }
  const filters = Object.entries(options.filter).map(([k, v]) => `${k} ${String(v)}`);
  io.stderr.write(
    `findings: ${plural(count, 'finding')} in table ${options.table}${filters.length > 0 ? ` (${filters.join(', ')})` : ''}\n`,
  );
  return 0;
}
