import {
  DeleteResourcePolicyCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetResourcePolicyCommand,
  ListTagsOfResourceCommand,
  PutResourcePolicyCommand,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import type { AccessCheckResourceType } from '@aws-sdk/client-accessanalyzer';
import { isAwsError, unless } from '../../aws/errors';
import type { CheckId } from '../../contracts/checks';
import type { ResourceMessage } from '../../contracts/message';
import { ConcurrentChangeError, PartialFixError } from '../../errors';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type AuditContext, type Auditor, Fixed, GONE, type Violation } from '../../auditors/types';

/** The two policies of a table: its own (which also governs its indexes), and its stream's. */
export type PolicyPart = 'table' | 'stream';

/** One policy as the finding's `before` and `after` hold it ("" when there is none). */
export interface PartState {
  readonly ResourceArn: string;
  readonly Policy: string;
}

/** A fix's `before` and `after`: the state of each policy it changed. */
export type TablePolicies = Partial<Record<PolicyPart, PartState>>;

const PART: Record<
  PolicyPart,
  { noun: string; whole: string; accessAnalyzer: AccessCheckResourceType; governs: (arn: string) => string[] }
> = {
  table: {
    noun: 'Table policy',
    whole: 'table policy',
    accessAnalyzer: 'AWS::DynamoDB::Table',
    // A table's policy governs its indexes too
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).
    governs: (arn) => [arn, `${arn}/index/*`],
  },
  stream: {
    noun: 'Stream policy',
    whole: 'stream policy',
    accessAnalyzer: 'AWS::DynamoDB::Stream',
    governs: (arn) => [arn],
  },
};

/** A policy as read, with the revision a conditional write names. */
interface Read {
  readonly text: string | undefined;
  readonly revision: string | undefined;
}

/**
 * Reading and writing one resource policy (table or stream), every write conditional on the revision
 * last read (ExpectedRevisionId: a policy changed since is refused with PolicyNotFoundException,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html).
 * GetResourcePolicy is eventually consistent: just after a write it may still answer with the revision
 * the write replaced; that answer is taken for what was written.
 */
function policyAccess(dynamo: DynamoDBClient, ResourceArn: string, first: Read, whole: string) {
  let revision = first.revision;
  let written: { replaced?: string; text?: string; revision?: string } | undefined;
  return {
    async reread(): Promise<string | undefined> {
      const now = await readPolicy(dynamo, ResourceArn, ['PolicyNotFoundException']);
      if (written && now.revision !== undefined && now.revision === written.replaced) {
        revision = written.revision;
        return written.text;
      }
      revision = now.revision;
      return now.text;
    },
    async write(next: string | undefined): Promise<void> {
      try {
        if (next === undefined) {
          await dynamo.send(new DeleteResourcePolicyCommand({ ResourceArn, ExpectedRevisionId: revision }));
          written = { replaced: revision };
        } else {
          const out = await dynamo.send(
            new PutResourcePolicyCommand({
              ResourceArn,
              Policy: next,
              // NO_POLICY: only if the resource still has none.
              ExpectedRevisionId: revision ?? 'NO_POLICY',
            }),
          );
          written = { replaced: revision, text: next, revision: out.RevisionId };
        }
      } catch (error) {
        if (isAwsError(error, 'PolicyNotFoundException')) throw new ConcurrentChangeError(`the ${whole}`);
        throw error;
      }
      revision = written?.revision;
    },
  };
}

/** A resource policy and its revision; none when AWS answers with one of `none`. */
async function readPolicy(dynamo: DynamoDBClient, ResourceArn: string, none: string[]): Promise<Read> {
  const out = await unless(dynamo.send(new GetResourcePolicyCommand({ ResourceArn })), none, undefined);
  return { text: out?.Policy || undefined, revision: out?.RevisionId };
}

/** Every tag of the table (ListTagsOfResource pages with NextToken). */
async function tableTags(dynamo: DynamoDBClient, ResourceArn: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  let NextToken: string | undefined;
  do {
    const page = await dynamo.send(
      new ListTagsOfResourceCommand({ ResourceArn, ...(NextToken ? { NextToken } : {}) }),
    );
    tags.push(...(page.Tags ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}

/** The violations of one policy, each check's with the part it came from. */
async function partViolations(
  dynamo: DynamoDBClient,
  resource: ResourceMessage,
  ctx: AuditContext,
  part: PolicyPart,
  ResourceArn: string,
  read: Read,
): Promise<{ part: PolicyPart; violation: Violation }[]> {
  const spec = PART[part];
  const access = policyAccess(dynamo, ResourceArn, read, spec.whole);
  const violations = await resourcePolicyViolations({
    check: 'dynamodb_table.public',
    unknownAccountCheck: 'dynamodb_table.shared_unknown_account',
    resource,
    ctx,
    text: read.text,
    noun: spec.noun,
    whole: spec.whole,
    resourceArns: spec.governs(ResourceArn),
    accessAnalyzerType: spec.accessAnalyzer,
    reread: access.reread,
    write: access.write,
    before: (Policy): PartState => ({ ResourceArn, Policy }),
  });
  return violations.map((violation) => ({ part, violation }));
}

/**
 * One violation of a check from those of the table policy and the stream policy: both messages, both
 * actions, and a fix that fixes the table's policy, then the stream's, its `before` and `after` holding
 * each policy it changed (`{ table: {...}, stream: {...} }`). When the stream's fix fails after the
 * table's was written, the table's `before` is kept (PartialFixError).
 */
function merged(check: CheckId, parts: readonly { part: PolicyPart; violation: Violation }[]): Violation {
  if (parts.length === 1) {
    const [{ part, violation }] = parts as [{ part: PolicyPart; violation: Violation }];
    return {
      ...violation,
      fix: async () => {
        const fixed = (await violation.fix!()) as Fixed;
        return new Fixed({ [part]: fixed.before }, { [part]: fixed.after });
      },
    };
  }
  return {
    check,
    message: parts.map((p) => p.violation.message).join(' '),
    action: parts.map((p) => `${PART[p.part].whole}: ${p.violation.action}`).join('; '),
    fix: async () => {
      const before: TablePolicies = {};
      const after: TablePolicies = {};
      for (const { part, violation } of parts) {
        let fixed: Fixed;
        try {
          fixed = (await violation.fix!()) as Fixed;
        } catch (error) {
          if (Object.keys(before).length > 0) throw new PartialFixError(before, error);
          throw error;
        }
        before[part] = fixed.before as PartState;
        after[part] = fixed.after as PartState;
      }
      return new Fixed(before, after);
    },
  };
}

/**
 * DynamoDB tables (id: the table name): the table's resource-based policy and its stream's must not
 * let anyone, or an unknown account, in. Each check is one finding naming the policies it concerns,
 * with a fix that narrows each (see resourcePolicyViolations), written conditionally on the revision
 * read just before.
 */
export const auditor: Auditor = {
  type: 'dynamodb_table',

  async inspect(resource, ctx) {
    const dynamo = ctx.client(DynamoDBClient, 'DynamoDB');
    // ResourceNotFoundException (the table is gone) is the manifest's notFound.
    const table = (await dynamo.send(new DescribeTableCommand({ TableName: resource.id }))).Table;
    const tableArn = table?.TableArn;
    if (!tableArn || tableArn.split(':')[4] !== resource.account) return GONE;
    // A disabled stream keeps its ARN and its policy while it can still be read
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-attach-resource-policy-streams.html).
    const streamArn = table?.LatestStreamArn;

    const [tablePolicy, streamPolicy, tags] = await Promise.all([
      readPolicy(dynamo, tableArn, ['PolicyNotFoundException']),
      // A stream past its retention is gone (ResourceNotFoundException): it has no policy then.
      streamArn
        ? readPolicy(dynamo, streamArn, ['PolicyNotFoundException', 'ResourceNotFoundException'])
        : Promise.resolve(undefined),
      tableTags(dynamo, tableArn),
    ]);

    const found = [
      ...(await partViolations(dynamo, resource, ctx, 'table', tableArn, tablePolicy)),
      ...(streamArn && streamPolicy
        ? await partViolations(dynamo, resource, ctx, 'stream', streamArn, streamPolicy)
        : []),
    ];
    const violations: Violation[] = [];
    for (const check of ['dynamodb_table.public', 'dynamodb_table.shared_unknown_account'] as const) {
      const parts = found.filter((f) => f.violation.check === check);
      if (parts.length > 0) violations.push(merged(check, parts));
    }
    return { tags: tagsFromList(tags), violations };
  },
};
