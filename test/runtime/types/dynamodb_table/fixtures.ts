/** DynamoDB tables (id: the table name): a table, and its stream, whose resource policies are stateful like DynamoDB's. */
import {
  ACCOUNT,
  accountStatement,
  KNOWN,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
  STRANGER,
  tagList,
} from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import type { ListingFixture } from '../../../helpers/listing';

export const TABLE_NAME = 'orders';
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE_NAME}`;
export const STREAM_ARN = `${TABLE_ARN}/stream/2026-11-01T08:00:00.000`;

export interface DynamoOptions {
  /** The table's policy; none when absent. */
  readonly table?: object;
  /** The stream's policy (null: a stream without a policy); no stream when absent. */
  readonly stream?: object | null;
  readonly tags?: Record<string, string>;
  /** False: the table is gone. */
  readonly exists?: boolean;
  /**
   * Eventually consistent like GetResourcePolicy: the first read after a write still answers with the
   * policy the write replaced.
   */
  readonly stale?: boolean;
}

/**
 * A table as DynamoDB answers for it: DescribeTable (with LatestStreamArn when it has a stream),
 * GetResourcePolicy per ARN (PolicyNotFoundException when none), and PutResourcePolicy and
 * DeleteResourcePolicy conditional on ExpectedRevisionId (PolicyNotFoundException when it does not
 * match, or NO_POLICY meets a policy), each write a new revision.
 */
export function dynamodbWorld(options: DynamoOptions = {}): World {
  let revisions = 0;
  const policies = new Map<string, { text: string; revision: string }>();
  const set = (arn: string, p: object | null | undefined) => {
    if (p) policies.set(arn, { text: JSON.stringify(p), revision: `rev-${(revisions += 1)}` });
  };
  set(TABLE_ARN, options.table);
  const hasStream = options.stream !== undefined;
  if (hasStream) set(STREAM_ARN, options.stream);
  // What a read answers until it catches up with the last write (stale worlds only).
  const lagging = new Map<string, { text: string; revision: string } | undefined>();
  const known = (arn: string) => {
    if (options.exists === false || !(arn === TABLE_ARN || (hasStream && arn === STREAM_ARN))) {
      throw awsError('ResourceNotFoundException', `Requested resource not found: ${arn}`);
    }
  };
  const expect = (arn: string, expected: string | undefined) => {
    const now = policies.get(arn);
    if (expected === undefined) return;
    if (expected === 'NO_POLICY' ? now !== undefined : now?.revision !== expected) {
      throw awsError(
        'PolicyNotFoundException',
        `Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id ${expected}`,
      );
    }
  };
  const wrote = (arn: string, before: { text: string; revision: string } | undefined) => {
    if (options.stale) lagging.set(arn, before);
  };
  return {
    'DynamoDB.DescribeTable': (input: { TableName: string }) => {
      if (options.exists === false || input.TableName !== TABLE_NAME) {
        throw awsError(
          'ResourceNotFoundException',
          `Requested resource not found: Table: ${input.TableName} not found`,
        );
      }
      return {
        Table: {
          TableName: TABLE_NAME,
          TableArn: TABLE_ARN,
          TableStatus: 'ACTIVE',
          ...(hasStream
            ? {
                StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
                LatestStreamLabel: STREAM_ARN.slice(STREAM_ARN.lastIndexOf('/') + 1),
                LatestStreamArn: STREAM_ARN,
              }
            : {}),
        },
      };
    },
    'DynamoDB.GetResourcePolicy': (input: { ResourceArn: string }) => {
      known(input.ResourceArn);
      const current = lagging.has(input.ResourceArn)
        ? lagging.get(input.ResourceArn)
        : policies.get(input.ResourceArn);
      lagging.delete(input.ResourceArn);
      if (!current) {
        throw awsError(
          'PolicyNotFoundException',
          `Resource-based policy not found for the provided ResourceArn: ${input.ResourceArn}`,
        );
      }
      return { Policy: current.text, RevisionId: current.revision };
    },
    'DynamoDB.PutResourcePolicy': (input: {
      ResourceArn: string;
      Policy: string;
      ExpectedRevisionId?: string;
    }) => {
      known(input.ResourceArn);
      expect(input.ResourceArn, input.ExpectedRevisionId);
      const before = policies.get(input.ResourceArn);
      set(input.ResourceArn, JSON.parse(input.Policy));
      wrote(input.ResourceArn, before);
      return { RevisionId: policies.get(input.ResourceArn)!.revision };
    },
    'DynamoDB.DeleteResourcePolicy': (input: { ResourceArn: string; ExpectedRevisionId?: string }) => {
      known(input.ResourceArn);
      if (!policies.has(input.ResourceArn)) {
        throw awsError(
          'PolicyNotFoundException',
          `Resource-based policy not found for the provided ResourceArn: ${input.ResourceArn}`,
        );
      }
      expect(input.ResourceArn, input.ExpectedRevisionId);
      const before = policies.get(input.ResourceArn);
      policies.delete(input.ResourceArn);
      wrote(input.ResourceArn, before);
      return {};
    },
    'DynamoDB.ListTagsOfResource': { Tags: tagList(options.tags) },
  };
}

/** A statement of a table policy letting a known account read. */
export const knownReader = accountStatement('KnownReads', 'dynamodb:GetItem', KNOWN, TABLE_ARN);

export const noncompliant: Scenario = {
  resource: resource('dynamodb_table', TABLE_NAME),
  world: () =>
    dynamodbWorld({
      table: policy(publicStatement('Open', 'dynamodb:GetItem', TABLE_ARN), knownReader),
      stream: policy(accountStatement('StrangerReads', 'dynamodb:GetRecords', STRANGER, STREAM_ARN)),
    }),
  failing: ['dynamodb_table.public', 'dynamodb_table.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { dynamodb_table: [0, 8] },
  responders: (estate) => ({
    'DynamoDB.ListTables': estate.list('dynamodb_table', 'TableNames', {
      input: 'ExclusiveStartTableName',
      output: 'LastEvaluatedTableName',
    }),
  }),
};
