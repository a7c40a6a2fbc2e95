import { defineType } from '../manifest';
import { arnPart, req, res } from '../../events/ids';

/** A table name from a table name, or from a table or stream ARN (`...:table/<name>[/stream/<label>]`). */
function tableName(value: string | undefined): string[] {
  if (value === undefined) return [];
  const name = value.startsWith('arn:') ? arnPart(value, ':table/') : value;
  return name ? [name] : [];
}

/**
 * PutResourcePolicy is eventually consistent: a GetResourcePolicy right after it may still answer with
 * the policy it replaced, for a few seconds
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html).
 */
const POLICY_SETTLES = 30;

/**
 * DynamoDB tables (id: the table name): the resource-based policies of the table and of its stream
 * must not let anyone, or an unknown account, in. DynamoDB's own Block Public Access refuses most
 * public policies when they are written
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html); the check finds
 * what the package's judgement still calls public, and grants to accounts nobody named.
 */
export const dynamodbTable = defineType({
  type: 'dynamodb_table',
  id: 'the table name',
  checks: [
    {
      id: 'dynamodb_table.public',
      severity: 'high',
      title: 'DynamoDB table or stream policy allows anyone',
      fix: 'take the public principals out of the table and stream policies (a statement goes only when nothing legitimate is left); the others stay',
    },
    {
      id: 'dynamodb_table.shared_unknown_account',
      severity: 'high',
      title: 'DynamoDB table or stream policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the table and stream policies; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['dynamodb:DescribeTable', 'dynamodb:GetResourcePolicy', 'dynamodb:ListTagsOfResource'],
  remediateActions: ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy'],
  notFound: ['ResourceNotFoundException'],
  events: [
    // CreateTable takes the table's policy (ResourcePolicy). A stream gets a policy only from
    // PutResourcePolicy, never from CreateTable or UpdateTable, so enabling a stream opens nothing
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-attach-resource-policy-streams.html).
    {
      eventSource: 'dynamodb.amazonaws.com',
      eventNames: ['CreateTable'],
      ids: (d) => tableName(res(d, 'tableDescription', 'tableName') ?? req(d, 'tableName')),
      delay: POLICY_SETTLES,
    },
    {
      eventSource: 'dynamodb.amazonaws.com',
      eventNames: ['PutResourcePolicy'],
      ids: (d) => tableName(req(d, 'resourceArn')),
      delay: POLICY_SETTLES,
    },
  ],
  listing: { actions: ['dynamodb:ListTables'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsDynamoDbTable',
    arn: (r, p) => `arn:${p}:dynamodb:${r.region}:${r.account}:table/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['dynamodb:PutResourcePolicy'],
});
