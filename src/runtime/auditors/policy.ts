/**
 * What the policy auditors (queue, bucket, key, function, role trust) share: judging a resource's
 * policy, saying why it is public, and, when settings ask for it, IAM Access Analyzer's second opinion
 * before a fix is written.
 */

import type { AccessCheckResourceType } from '@aws-sdk/client-accessanalyzer';
import type { CheckId } from '../contracts/checks';
import { partitionOf } from '../aws/credentials';
import type { ResourceMessage } from '../contracts/message';
import { RemediationError } from '../errors';
import { ConcurrentChangeError } from '../errors';
import {
  type PolicyDocument,
  parsePolicy,
  plural,
  samePolicyText,
  serializePolicy,
  statementLabel,
} from '../policy/document';
import { type JudgeOptions, type PolicyVerdict, judgePolicy } from '../policy/evaluate';
import { type Narrowing, narrowExternal, narrowPublic } from '../policy/narrow';
import { type AuditContext, Fixed, type Violation } from './types';
import { isAre } from '../text';
import { awsServiceAccount } from '../policy/aws-accounts';

/** How a resource's policy is judged: its type and account, and what the policy governs. */
export function judgeOptionsFor(resource: ResourceMessage, resourceArns?: readonly string[]): JudgeOptions {
  return {
    type: resource.type,
    account: resource.account,
    partition: partitionOf(resource.region),
    ...(resourceArns ? { resourceArns } : {}),
  };
}

export function judgeResourcePolicy(
  document: PolicyDocument,
  resource: ResourceMessage,
  resourceArns?: readonly string[],
): PolicyVerdict {
  return judgePolicy(document, judgeOptionsFor(resource, resourceArns));
}

/**
 * `Queue policy statement "Open" is public: Principal "*" lets in anyone...; no condition pins the
 * caller.` Each public statement with its reasons.
 */
export function publicMessage(noun: string, document: PolicyDocument, verdict: PolicyVerdict): string {
  const open = verdict.statements.filter((s) => s.public);
  const why = (index: number) => verdict.statements[index]!.reasons.join('; ');
  if (open.length === 1) {
    const s = open[0]!;
    return `${noun} statement ${statementLabel(document.Statement[s.index]!, document)} is public: ${why(s.index)}.`;
  }
  return `${noun} statements ${open.map((s) => statementLabel(document.Statement[s.index]!, document)).join(', ')} are public: ${open
    .map((s) => `${statementLabel(document.Statement[s.index]!, document)}: ${why(s.index)}`)
    .join('. ')}.`;
}

/** What a narrowing fix does, e.g. "take the public principals out of 1 statement, remove 1 statement, keep 2". */
export function narrowingAction(narrowing: Narrowing, whole: string, statement = 'policy statement'): string {
  if (narrowing.narrowed.length === 0 && narrowing.kept === 0) {
    return `remove the ${whole} (its only ${plural(narrowing.removed.length, 'statement')} ${isAre(narrowing.removed.length)} public)`;
  }
  const parts: string[] = [];
  if (narrowing.narrowed.length > 0) {
    parts.push(
      `take the public principals out of ${plural(narrowing.narrowed.length, 'statement')} (its named principals stay)`,
    );
  }
  if (narrowing.removed.length > 0)
    parts.push(`remove ${plural(narrowing.removed.length, `public ${statement}`)}`);
  if (narrowing.kept > 0) parts.push(`keep the other ${plural(narrowing.kept, 'statement')}`);
  return parts.join(', ');
}

/** The resource types IAM Access Analyzer's CheckNoPublicAccess knows, by message type. */
const ACCESS_ANALYZER_TYPES: Readonly<Record<string, AccessCheckResourceType>> = {
  sqs: 'AWS::SQS::Queue',
  s3_bucket: 'AWS::S3::Bucket',
  kms_key: 'AWS::KMS::Key',
  lambda_function: 'AWS::Lambda::Function',
  iam_role: 'AWS::IAM::AssumeRolePolicyDocument',
  sns_topic: 'AWS::SNS::Topic',
  secretsmanager_secret: 'AWS::SecretsManager::Secret',
  efs_file_system: 'AWS::EFS::FileSystem',
  opensearch_domain: 'AWS::OpenSearchService::Domain',
  dynamodb_table: 'AWS::DynamoDB::Table',
};

/** IAM Access Analyzer does not agree that a fix is needed, or that it is enough: nothing is changed. */
export class AccessAnalyzerDisagreement extends RemediationError {
  constructor(message: string) {
    super(message);
    this.name = 'AccessAnalyzerDisagreement';
  }
}

/**
 * With `confirmWithAccessAnalyzer`, asks IAM Access Analyzer (CheckNoPublicAccess, in the resource's
 * account and region) whether the current policy is public and the fixed one (`next`; undefined when
 * the policy is removed) is not. Throws {@link AccessAnalyzerDisagreement} with AWS's answer when it
 * disagrees, before anything is written. `resourceType` names what the policy is attached to when it
 * is not the resource type's own (a DynamoDB table's stream).
 */
export async function confirmWithAccessAnalyzer(
  ctx: AuditContext,
  resource: ResourceMessage,
  current: string,
  next: string | undefined,
  resourceType: AccessCheckResourceType | undefined = ACCESS_ANALYZER_TYPES[resource.type],
): Promise<void> {
  if (!ctx.settings.confirmWithAccessAnalyzer) return;
  if (!resourceType) return;
  const { AccessAnalyzerClient, CheckNoPublicAccessCommand } = await import('@aws-sdk/client-accessanalyzer');
  const analyzer = ctx.client(AccessAnalyzerClient, 'AccessAnalyzer');
  const check = (policyDocument: string) =>
    analyzer.send(new CheckNoPublicAccessCommand({ policyDocument, resourceType }));
  const answer = (r: { message?: string; reasons?: { description?: string }[] }) =>
    [r.message, ...(r.reasons ?? []).map((x) => x.description)].filter(Boolean).join('; ');
  const before = await check(current);
  if (before.result !== 'FAIL') {
    throw new AccessAnalyzerDisagreement(
      `IAM Access Analyzer finds no public access in the current policy (${before.result ?? 'no result'}${answer(before) ? `: ${answer(before)}` : ''}); nothing was changed`,
    );
  }
  if (next === undefined) return;
  const after = await check(next);
  if (after.result !== 'PASS') {
    throw new AccessAnalyzerDisagreement(
      `IAM Access Analyzer finds the fixed policy still public (${after.result ?? 'no result'}${answer(after) ? `: ${answer(after)}` : ''}); nothing was changed`,
    );
  }
}

/** One resource policy to audit: where it is, and how to read it again and write it. */
export interface ResourcePolicy {
  readonly check: CheckId;
  readonly resource: ResourceMessage;
  readonly ctx: AuditContext;
  /** The policy's text as read; undefined or "" when the resource has none. */
  readonly text: string | undefined;
  /** "Queue policy", for messages. */
  readonly noun: string;
  /** "queue policy", for the action. */
  readonly whole: string;
  /** What a statement of it is called in the action: "policy statement" (default), "trust statement". */
  readonly statement?: string;
  /** ARN patterns of what the policy governs (see JudgeOptions.resourceArns). */
  readonly resourceArns?: readonly string[];
  /** What IAM Access Analyzer calls the policy's resource, when not the type's own (a table's stream). */
  readonly accessAnalyzerType?: AccessCheckResourceType;
  /** Reads the policy text again, just before the write. */
  reread(): Promise<string | undefined>;
  /** Writes the fixed policy (its text); undefined removes the policy. */
  write(next: string | undefined): Promise<void>;
  /** The state of a policy text, as the finding's `before` (the text read) and `after` (written). */
  before(text: string): unknown;
  /**
   * The fix, when it is not the narrowing one: the fixed document and what the fix does (KMS
   * re-points public principals to the account root).
   */
  fix?(document: PolicyDocument, verdict: PolicyVerdict): { document: PolicyDocument; action: string };
  /**
   * The check of grants to accounts and organizations that are not known (`sqs.shared_unknown_account`);
   * absent: only public access is audited.
   */
  readonly unknownAccountCheck?: CheckId;
  /**
   * What the policy becomes when no statement is left (a role trust: one that denies everyone): the
   * document, what the public fix then does, and what the document is in words ("one that denies
   * everyone", the default) for the unknown-account fix.
   */
  readonly whenEmpty?: { readonly document: PolicyDocument; readonly action: string; readonly is?: string };
}

/** The public part of a policy's audit: its violation, and the policy text its fix leaves. */
function publicPart(
  policy: ResourcePolicy,
): { violation: Violation; nextText: string | undefined } | undefined {
  const { text, resource, ctx } = policy;
  if (!text) return undefined;
  const document = parsePolicy(text);
  const verdict = judgeResourcePolicy(document, resource, policy.resourceArns);
  if (!verdict.public) return undefined;
  let next: PolicyDocument | undefined;
  let action: string;
  if (policy.fix) {
    ({ document: next, action } = policy.fix(document, verdict));
  } else {
    const narrowing = narrowPublic(document, verdict, judgeOptionsFor(resource, policy.resourceArns));
    const empty = narrowing.document.Statement.length === 0;
    next = empty ? policy.whenEmpty?.document : narrowing.document;
    action =
      empty && policy.whenEmpty
        ? policy.whenEmpty.action
        : narrowingAction(narrowing, policy.whole, policy.statement);
  }
  const nextText = next ? serializePolicy(next) : undefined;
  const violation: Violation = {
    check: policy.check,
    message: publicMessage(policy.noun, document, verdict),
    action,
    fix: async () => {
      if (!samePolicyText(await policy.reread(), text))
        throw new ConcurrentChangeError(`the ${policy.whole}`);
      await confirmWithAccessAnalyzer(ctx, resource, text, nextText, policy.accessAnalyzerType);
      await policy.write(nextText);
      // What it left, in the same shape: no policy is "" (as SQS has it).
      return new Fixed(policy.before(text), policy.before(nextText ?? ''));
    },
  };
  return { violation, nextText };
}

/**
 * The audit every resource policy gets: parse it, judge it whole, and when it is public, the violation
 * whose fix reads the policy again (failing with ConcurrentChangeError when it changed since), asks IAM
 * Access Analyzer when settings say so, and writes the narrowed (or otherwise fixed) policy. Undefined
 * when nothing is public. {@link resourcePolicyViolations} adds the grants to unknown accounts.
 */
export function resourcePolicyViolation(policy: ResourcePolicy): Violation | undefined {
  return publicPart(policy)?.violation;
}

/** A grant of a policy to accounts or organizations that are not known. */
export interface UnknownGrant {
  /** The statement's position in the document. */
  readonly index: number;
  /** The statement's label (`"Sid"` or `#2`). */
  readonly statement: string;
  /** Account ids and organization ids (o-...), as the statement names them. */
  readonly ids: readonly string[];
}

/**
 * The grants of a policy to accounts and organizations that are neither the resource's own account,
 * named in settings (`accounts`, and the accounts of `organizationAccounts`), configured organizations, nor AWS's own
 * service accounts (src/runtime/policy/aws-accounts.ts): those the
 * evaluator finds reach a statement (a principal in the account, or a condition that names it).
 * Public statements are not listed: they grant everyone.
 */
export async function unknownGrants(
  document: PolicyDocument,
  resource: ResourceMessage,
  ctx: AuditContext,
  resourceArns?: readonly string[],
): Promise<UnknownGrant[]> {
  const verdict = judgeResourcePolicy(document, resource, resourceArns);
  const named = [...new Set(verdict.statements.flatMap((s) => s.external))];
  if (named.length === 0) return [];
  const organizations = named.some((id) => id.startsWith('o-')) ? await ctx.organizationIds() : new Set();
  const unknown = new Set<string>();
  for (const id of named) {
    // AWS's own accounts (load balancers' log delivery) are not strangers.
    if (awsServiceAccount(id) !== undefined) continue;
    const known = id.startsWith('o-') ? organizations.has(id) : await ctx.isKnownAccount(id);
    if (!known) unknown.add(id);
  }
  return verdict.statements
    .map((s) => ({
      index: s.index,
      statement: statementLabel(document.Statement[s.index]!, document),
      ids: s.external.filter((id) => unknown.has(id)),
    }))
    .filter((g) => g.ids.length > 0);
}

/** `account 111122223333` / `organization o-abc`. */
export function grantee(id: string): string {
  return `${id.startsWith('o-') ? 'organization' : 'account'} ${id}`;
}

/**
 * `Queue policy grants an account outside the known accounts and organizations: statement "P" grants
 * account 999999999999.` Each statement with the accounts and organizations it grants.
 */
export function unknownGrantsMessage(noun: string, grants: readonly UnknownGrant[]): string {
  const ids = [...new Set(grants.flatMap((g) => g.ids))];
  return `${noun} grants ${strangers(ids)} outside the known accounts and organizations: ${grants
    .map((g) => `statement ${g.statement} grants ${g.ids.map(grantee).join(', ')}`)
    .join('; ')}.`;
}

/** What a fix that takes unknown accounts out does: "take account 1111... out of 1 statement, keep 2". */
export function externalAction(ids: readonly string[], narrowing: Narrowing, whole: string): string {
  const parts: string[] = [];
  const who = ids.map(grantee).join(', ');
  if (narrowing.narrowed.length > 0)
    parts.push(
      `take ${who} out of ${plural(narrowing.narrowed.length, 'statement')} (the others it names stay)`,
    );
  if (narrowing.removed.length > 0)
    parts.push(
      `remove ${plural(narrowing.removed.length, 'statement')} granting ${narrowing.narrowed.length > 0 ? 'them' : who} (nothing else is left of ${narrowing.removed.length === 1 ? 'it' : 'them'})`,
    );
  if (narrowing.kept > 0) parts.push(`keep the other ${plural(narrowing.kept, 'statement')}`);
  if (narrowing.document.Statement.length === 0)
    return `remove the ${whole} (nothing is left once ${who} ${ids.length === 1 ? 'is' : 'are'} taken out)`;
  return parts.join(', ');
}

/** "an account", "an organization", "accounts", "organizations", "accounts and organizations". */
export function strangers(ids: readonly string[]): string {
  const orgs = ids.filter((id) => id.startsWith('o-')).length;
  const accounts = ids.length - orgs;
  if (ids.length === 1) return orgs === 1 ? 'an organization' : 'an account';
  if (orgs === 0) return 'accounts';
  return accounts === 0 ? 'organizations' : 'accounts and organizations';
}

/**
 * The audit of a resource policy with both checks: public ({@link resourcePolicyViolation}) and, when
 * `unknownAccountCheck` is given, grants to unknown accounts and organizations. The second is judged
 * on the policy as the public fix leaves it, and its fix narrows what it reads again: the policy as
 * audited, or as the public fix left it (any other text is a concurrent change). It takes out only
 * the principals and condition values naming those accounts (see narrowExternal); a statement goes
 * only when nothing else is left of it.
 */
export async function resourcePolicyViolations(policy: ResourcePolicy): Promise<Violation[]> {
  const pub = publicPart(policy);
  const violations = pub ? [pub.violation] : [];
  const { text, resource, ctx, unknownAccountCheck } = policy;
  if (!unknownAccountCheck || !text) return violations;
  const audited = pub ? pub.nextText : text;
  if (!audited) return violations;
  const grants = await unknownGrants(parsePolicy(audited), resource, ctx, policy.resourceArns);
  if (grants.length === 0) return violations;
  const unknown = new Set(grants.flatMap((g) => g.ids));
  const ids = [...unknown];
  const options = judgeOptionsFor(resource, policy.resourceArns);
  const narrow = (from: string) => {
    const narrowing = narrowExternal(parsePolicy(from), unknown, options);
    const empty = narrowing.document.Statement.length === 0;
    const next = empty ? policy.whenEmpty?.document : narrowing.document;
    return { narrowing, nextText: next ? serializePolicy(next) : undefined };
  };
  const planned = narrow(audited);
  violations.push({
    check: unknownAccountCheck,
    message: unknownGrantsMessage(policy.noun, grants),
    action:
      planned.narrowing.document.Statement.length === 0 && policy.whenEmpty
        ? `replace the ${policy.whole}, which grants only ${ids.map(grantee).join(', ')}, with ${policy.whenEmpty.is ?? 'one that denies everyone'}`
        : externalAction(ids, planned.narrowing, policy.whole),
    fix: async () => {
      const current = await policy.reread();
      const from = [text, pub?.nextText].find((t) => t !== undefined && samePolicyText(current, t));
      if (from === undefined) throw new ConcurrentChangeError(`the ${policy.whole}`);
      const { nextText } = narrow(from);
      await policy.write(nextText);
      return new Fixed(policy.before(from), policy.before(nextText ?? ''));
    },
  });
  return violations;
}
