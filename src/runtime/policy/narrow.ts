/**
 * Fixes that narrow: a public statement loses only the principals that let strangers in; it goes only
 * when nothing legitimate is left, or when it cannot be narrowed (NotPrincipal, `"Principal": "*"`, or
 * still public once narrowed).
 */

import { isRecord } from '../json';
import { type PolicyDocument, type PolicyStatement, withStatements } from './document';
import { type JudgeOptions, type PolicyVerdict, judgePolicy } from './evaluate';
import { valueText } from './conditions';
import type { PrincipalEntry } from './statement';

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
    for (const [before, after] of narrowed) {
      if (stillPublic.has(after)) {
        narrowed.delete(before);
        removed.push(before);
      }
    }
    // Anything else still public was never narrowed: take it out too.
    for (const statement of stillPublic) {
      if (![...narrowed.values()].includes(statement) && !removed.includes(statement))
        removed.push(statement);
    }
    statements = statements.filter((s) => !stillPublic.has(s));
  }
  return {
    document: withStatements(document, statements),
    removed,
    narrowed: [...narrowed].map(([before, after]) => ({ before, after })),
    kept: statements.length - narrowed.size,
  };
}
