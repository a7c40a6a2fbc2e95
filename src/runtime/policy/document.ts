import { isRecord } from '../json';

/** A statement of an IAM policy document, as JSON parsing gives it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** A resource policy document as AWS returns it, with its statements as a list. */
export interface PolicyDocument {
  readonly [key: string]: unknown;
  readonly Statement: readonly PolicyStatement[];
}

/** Parses a policy document (JSON text). A single statement object is read as a list of one. */
export function parsePolicy(text: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`policy document is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(value)) throw new Error('policy document is not a JSON object');
  const raw = value.Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return { ...value, Statement: statements.filter(isRecord) as PolicyStatement[] };
}

/** The same document with other statements; everything else (Version, Id) is kept. */
export function withStatements(
  document: PolicyDocument,
  statements: readonly PolicyStatement[],
): PolicyDocument {
  return { ...document, Statement: statements };
}

export function serializePolicy(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** A statement as a person can find it in the policy: its Sid, else its position. */
export function statementLabel(statement: PolicyStatement, document: PolicyDocument): string {
  if (typeof statement.Sid === 'string' && statement.Sid !== '') return `"${statement.Sid}"`;
  return `#${document.Statement.indexOf(statement) + 1}`;
}

/** `"Sid1", #3` for a message. */
export function statementLabels(statements: readonly PolicyStatement[], document: PolicyDocument): string {
  return statements.map((s) => statementLabel(s, document)).join(', ');
}

export { plural } from '../text';

/** JSON with object keys sorted: equal for documents that differ only in layout or key order. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** Whether two policy texts (or their absence) say the same. */
export function samePolicyText(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return !a && !b;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** Whether a principal element names everyone: `"*"`, `{"AWS": "*"}`, or a list containing `"*"`. */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return Object.values(principal).some((value) => (Array.isArray(value) ? value : [value]).includes('*'));
}
