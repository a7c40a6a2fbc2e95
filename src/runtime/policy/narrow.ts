/**
 * Fixes that narrow: a public statement loses only the principals that let strangers in; it goes only
 * when nothing legitimate is left, or when it cannot be narrowed (NotPrincipal, `"Principal": "*"`, or
 * still public once narrowed).
 */

import { isRecord } from '../json';
import { type PolicyDocument, type PolicyStatement, withStatements } from './document';
import { type JudgeOptions, type PolicyVerdict, judgePolicy } from './evaluate';
import { parseOperator, valueText } from './conditions';
import { ACCOUNT_KINDS, ARN_KINDS, type KeyKind, ORG_KINDS, ORG_PATH_KINDS, keyKind } from './keys';
import { type PrincipalEntry, principalAccount } from './statement';

export interface Narrowing {
  /** The policy with the public principals or statements taken out. */
  readonly document: PolicyDocument;
  /** Statements removed whole. */
  readonly removed: readonly PolicyStatement[];
  /** Statements kept with fewer principals: what they were, and what they are now. */
  readonly narrowed: readonly { readonly before: PolicyStatement; readonly after: PolicyStatement }[];
  /** Statements left as they were. */
  readonly kept: number;
}

/** A principal element without the given entries; undefined when nothing is left. */
function withoutEntries(principal: unknown, drop: readonly PrincipalEntry[]): unknown {
  if (!isRecord(principal)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [kind, value] of Object.entries(principal)) {
    const list = Array.isArray(value) ? value : [value];
    const left = list.filter((v) => !drop.some((d) => d.kind === kind && d.value === valueText(v)));
    if (left.length > 0) out[kind] = Array.isArray(value) && left.length > 1 ? left : left[0];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Takes the public principals (or statements) out of a policy, until nothing in it is public. */
export function narrowPublic(
  document: PolicyDocument,
  verdict: PolicyVerdict,
  options: JudgeOptions,
): Narrowing {
  const removed: PolicyStatement[] = [];
  const narrowed = new Map<PolicyStatement, PolicyStatement>();
  let statements: PolicyStatement[] = document.Statement.flatMap((statement, index) => {
    const v = verdict.statements[index];
    if (!v?.public) return [statement];
    const principal = v.notPrincipal ? undefined : withoutEntries(statement.Principal, v.publicPrincipals);
    if (principal === undefined) {
      removed.push(statement);
      return [];
    }
    const after = { ...statement, Principal: principal };
    narrowed.set(statement, after);
    return [after];
  });
  // A narrowed statement that is still public (its other principals let strangers in too) goes whole.
  for (;;) {
    const next = withStatements(document, statements);
    const again = judgePolicy(next, options);
    if (!again.public) break;
    const stillPublic = new Set(again.statements.filter((s) => s.public).map((s) => statements[s.index]!));
    statements = removeWhole(statements, stillPublic, narrowed, removed);
  }
  return narrowing(document, statements, narrowed, removed);
}

/**
 * Takes `drop` out of the working statements: a narrowed one is recorded as its original removed (it
 * is no longer narrowed), any other as itself. The statements left.
 */
function removeWhole(
  statements: readonly PolicyStatement[],
  drop: ReadonlySet<PolicyStatement>,
  narrowed: Map<PolicyStatement, PolicyStatement>,
  removed: PolicyStatement[],
): PolicyStatement[] {
  for (const statement of drop) {
    const original = [...narrowed].find(([, after]) => after === statement)?.[0];
    if (original !== undefined) {
      narrowed.delete(original);
      removed.push(original);
    } else if (!removed.includes(statement)) {
      removed.push(statement);
    }
  }
  return statements.filter((s) => !drop.has(s));
}

/** The result of a narrowing: the document of the statements left, and what changed. */
function narrowing(
  document: PolicyDocument,
  statements: readonly PolicyStatement[],
  narrowed: ReadonlyMap<PolicyStatement, PolicyStatement>,
  removed: readonly PolicyStatement[],
): Narrowing {
  return {
    document: withStatements(document, statements),
    removed,
    narrowed: [...narrowed].map(([before, after]) => ({ before, after })),
    kept: statements.length - narrowed.size,
  };
}

/** The account or organization a fixed condition value identifies, for keys that name one. */
function conditionIdentity(kind: KeyKind, value: string): string | undefined {
  if (ACCOUNT_KINDS.has(kind)) return /^\d{12}$/.test(value) ? value : undefined;
  if (ORG_KINDS.has(kind)) return /[*?$]/.test(value) ? undefined : value;
  if (ORG_PATH_KINDS.has(kind)) {
    const org = value.split('/')[0]!;
    return /[*?$]/.test(org) ? undefined : org;
  }
  if (ARN_KINDS.has(kind)) return principalAccount(value);
  return undefined;
}

/**
 * A statement without the grants to `unknown` accounts and organizations: its `AWS` principals in those
 * accounts, and the values naming them in positive conditions on account, organization and ARN keys
 * (fewer values of `StringEquals`, `ArnLike`... match fewer callers; negated operators are never
 * touched, as fewer values would let more in). Undefined when nothing of the statement is left (no
 * principal, or a condition with no value).
 */
function withoutGrantsTo(
  statement: PolicyStatement,
  unknown: ReadonlySet<string>,
  type: string,
): PolicyStatement | undefined {
  let out: PolicyStatement = statement;
  if (isRecord(statement.Principal)) {
    const drop: PrincipalEntry[] = [];
    for (const [kind, value] of Object.entries(statement.Principal)) {
      if (kind !== 'AWS') continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        const text = valueText(v);
        const account = text === undefined ? undefined : principalAccount(text);
        if (text !== undefined && account !== undefined && unknown.has(account))
          drop.push({ kind, value: text });
      }
    }
    if (drop.length > 0) {
      const principal = withoutEntries(statement.Principal, drop);
      if (principal === undefined) return undefined;
      out = { ...out, Principal: principal };
    }
  }
  if (isRecord(statement.Condition)) {
    const condition: Record<string, unknown> = {};
    let changed = false;
    for (const [operatorName, block] of Object.entries(statement.Condition)) {
      const operator = parseOperator(operatorName);
      if (!operator || operator.negated || operator.kind === 'null' || !isRecord(block)) {
        condition[operatorName] = block;
        continue;
      }
      const keys: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(block)) {
        const kind = keyKind(key, type);
        const list = Array.isArray(raw) ? raw : [raw];
        const left = list.filter((v) => {
          const text = valueText(v);
          // A wildcard after the part naming the owner still names it (principalAccount reads that part).
          const id = text === undefined ? undefined : conditionIdentity(kind, text);
          return id === undefined || !unknown.has(id);
        });
        if (left.length === list.length) {
          keys[key] = raw;
          continue;
        }
        if (left.length === 0) return undefined;
        changed = true;
        keys[key] = Array.isArray(raw) && left.length > 1 ? left : left[0];
      }
      condition[operatorName] = keys;
    }
    if (changed) out = { ...out, Condition: condition };
  }
  return out;
}

/**
 * Takes the grants to `unknown` accounts and organizations (account ids, `o-...` ids) out of a policy:
 * an Allow statement that reaches them (as the evaluator judges it) loses only the principals and
 * condition values naming them, and goes whole only when nothing is left of it or it still reaches
 * them another way. Deny statements, and statements that do not reach them, are never changed.
 */
export function narrowExternal(
  document: PolicyDocument,
  unknown: ReadonlySet<string>,
  options: JudgeOptions,
): Narrowing {
  const removed: PolicyStatement[] = [];
  const narrowed = new Map<PolicyStatement, PolicyStatement>();
  // Only the statements found to reach them are changed (a service's statement pinned to a source
  // account is not a grant to that account, and stays).
  const verdict = judgePolicy(document, options);
  const reaching = new Set(
    verdict.statements.filter((s) => s.external.some((id) => unknown.has(id))).map((s) => s.index),
  );
  let statements: PolicyStatement[] = document.Statement.flatMap((statement, index) => {
    if (statement.Effect !== 'Allow' || !reaching.has(index)) return [statement];
    const after = withoutGrantsTo(statement, unknown, options.type);
    if (after === undefined) {
      removed.push(statement);
      return [];
    }
    if (after !== statement) narrowed.set(statement, after);
    return [after];
  });
  // A statement that still reaches them (a principal this cannot name, a condition of another kind) goes.
  const again = judgePolicy(withStatements(document, statements), options);
  const still = new Set(
    again.statements.filter((s) => s.external.some((id) => unknown.has(id))).map((s) => statements[s.index]!),
  );
  statements = removeWhole(statements, still, narrowed, removed);
  return narrowing(document, statements, narrowed, removed);
}
