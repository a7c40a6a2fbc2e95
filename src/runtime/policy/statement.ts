/** A policy statement read into the parts the evaluator works with. */

import { isRecord } from '../json';
import { type CompiledValue, type Operator, compileValue, parseOperator, valueText } from './conditions';
import { type Pattern, type VariableValues, compilePattern } from './pattern';
import type { PolicyStatement } from './document';

/** One entry of a Principal or NotPrincipal element: `{"AWS": "arn:..."}` gives kind AWS. */
export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare `"Principal": "*"`. */
  readonly kind: string;
  readonly value: string;
}

/** The account an `AWS` entry names, read once (see {@link principalAccount}). */
const entryAccounts = new WeakMap<PrincipalEntry, string | null>();

export function entryAccount(entry: PrincipalEntry): string | undefined {
  let account = entryAccounts.get(entry);
  if (account === undefined) {
    account = entry.kind === 'AWS' ? (principalAccount(entry.value) ?? null) : null;
    entryAccounts.set(entry, account);
  }
  return account ?? undefined;
}

/** Principal / NotPrincipal, Action / NotAction, Resource / NotResource. */
export interface Element<T> {
  readonly not: boolean;
  readonly items: readonly T[];
}

/** One operator on one key: `"StringEquals": {"aws:SourceAccount": ["111122223333"]}`. */
export interface ConditionTerm {
  /** Undefined when the operator is not one of the IAM reference (the term is then not judged). */
  readonly operator?: Operator;
  readonly operatorName: string;
  /** The key as written. */
  readonly key: string;
  readonly values: readonly CompiledValue[];
  /** The values as written, for messages. */
  readonly written: readonly string[];
}

export interface ParsedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly statement: PolicyStatement;
  /** Undefined when the statement has neither Principal nor NotPrincipal. */
  readonly principals?: Element<PrincipalEntry>;
  readonly actions?: Element<Pattern>;
  readonly resources?: Element<Pattern>;
  /** By key, lower-cased. */
  readonly conditions: ReadonlyMap<string, readonly ConditionTerm[]>;
  /** Parts that could not be read and were left out of the judgement. */
  readonly problems: readonly string[];
}

const toList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function principalElement(value: unknown, not: boolean): Element<PrincipalEntry> {
  if (value === '*') return { not, items: [{ kind: '*', value: '*' }] };
  const items: PrincipalEntry[] = [];
  if (isRecord(value)) {
    for (const [kind, entries] of Object.entries(value)) {
      for (const entry of toList(entries)) {
        const text = valueText(entry);
        if (text !== undefined) items.push({ kind, value: text });
      }
    }
  }
  return { not, items };
}

function patternElement(
  statement: PolicyStatement,
  name: 'Action' | 'Resource',
  variables: VariableValues,
): Element<Pattern> | undefined {
  const positive = statement[name];
  const negative = statement[`Not${name}`];
  const raw = positive !== undefined ? positive : negative;
  if (raw === undefined) return undefined;
  const items = toList(raw)
    .map(valueText)
    .filter((v): v is string => v !== undefined)
    // Action names are case-insensitive: compare them in lower case.
    .map((v) => compilePattern(name === 'Action' ? v.toLowerCase() : v, true, variables));
  return { not: positive === undefined, items };
}

export function parseStatement(
  statement: PolicyStatement,
  index: number,
  variables: VariableValues,
): ParsedStatement {
  const problems: string[] = [];
  const conditions = new Map<string, ConditionTerm[]>();
  if (statement.Condition !== undefined) {
    if (!isRecord(statement.Condition)) {
      problems.push('its Condition is not an object and was not judged');
    } else {
      for (const [operatorName, block] of Object.entries(statement.Condition)) {
        const operator = parseOperator(operatorName);
        if (!operator)
          problems.push(`condition operator ${operatorName} is not one AWS knows and was not judged`);
        if (!isRecord(block)) {
          problems.push(`condition ${operatorName} is not an object of keys and values and was not judged`);
          continue;
        }
        for (const [key, rawValues] of Object.entries(block)) {
          const written = toList(rawValues)
            .map(valueText)
            .filter((v): v is string => v !== undefined);
          const term: ConditionTerm = {
            ...(operator ? { operator } : {}),
            operatorName,
            key,
            written,
            values: operator ? written.map((w) => compileValue(operator, w, variables)) : [],
          };
          const lower = key.toLowerCase();
          conditions.set(lower, [...(conditions.get(lower) ?? []), term]);
        }
      }
    }
  }
  const effect = statement.Effect === 'Allow' || statement.Effect === 'Deny' ? statement.Effect : undefined;
  const principals =
    statement.Principal !== undefined
      ? principalElement(statement.Principal, false)
      : statement.NotPrincipal !== undefined
        ? principalElement(statement.NotPrincipal, true)
        : undefined;
  const actions = patternElement(statement, 'Action', () => undefined);
  const resources = patternElement(statement, 'Resource', variables);
  return {
    index,
    ...(typeof statement.Sid === 'string' && statement.Sid !== '' ? { sid: statement.Sid } : {}),
    effect,
    statement,
    ...(principals ? { principals } : {}),
    ...(actions ? { actions } : {}),
    ...(resources ? { resources } : {}),
    conditions,
    problems,
  };
}

/** The account an AWS principal names: an account id, or the account field of an IAM or STS ARN. */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const fields = value.split(':');
  if (fields[0] === 'arn' && fields.length >= 6 && /^\d{12}$/.test(fields[4] ?? '')) return fields[4];
  return undefined;
}
