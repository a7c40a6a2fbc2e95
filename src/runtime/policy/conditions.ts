/**
 * The condition operators of the IAM JSON policy reference, evaluated against one request value the
 * way AWS does: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

import { type Cidr, cidrContains, parseAddress, parseCidr } from './ip';
import {
  type Pattern,
  type VariableValues,
  compilePattern,
  matchesPattern,
  splitOutsideVariables,
} from './pattern';

type Kind = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

interface BaseOperator {
  readonly kind: Kind;
  /** StringNotEquals, NotIpAddress...: true when no policy value matches, and when the key is absent. */
  readonly negated: boolean;
  readonly ignoreCase?: boolean;
  /** StringLike, ArnLike (and ArnEquals, which allows wildcards in each ARN field too). */
  readonly wildcards?: boolean;
  readonly compare?: (order: number) => boolean;
}

const eq = (o: number) => o === 0;
const lt = (o: number) => o < 0;
const le = (o: number) => o <= 0;
const gt = (o: number) => o > 0;
const ge = (o: number) => o >= 0;

const BASE_OPERATORS: Record<string, BaseOperator> = {
  stringequals: { kind: 'string', negated: false },
  stringnotequals: { kind: 'string', negated: true },
  stringequalsignorecase: { kind: 'string', negated: false, ignoreCase: true },
  stringnotequalsignorecase: { kind: 'string', negated: true, ignoreCase: true },
  stringlike: { kind: 'string', negated: false, wildcards: true },
  stringnotlike: { kind: 'string', negated: true, wildcards: true },
  numericequals: { kind: 'numeric', negated: false, compare: eq },
  numericnotequals: { kind: 'numeric', negated: true, compare: eq },
  numericlessthan: { kind: 'numeric', negated: false, compare: lt },
  numericlessthanequals: { kind: 'numeric', negated: false, compare: le },
  numericgreaterthan: { kind: 'numeric', negated: false, compare: gt },
  numericgreaterthanequals: { kind: 'numeric', negated: false, compare: ge },
  dateequals: { kind: 'date', negated: false, compare: eq },
  datenotequals: { kind: 'date', negated: true, compare: eq },
  datelessthan: { kind: 'date', negated: false, compare: lt },
  datelessthanequals: { kind: 'date', negated: false, compare: le },
  dategreaterthan: { kind: 'date', negated: false, compare: gt },
  dategreaterthanequals: { kind: 'date', negated: false, compare: ge },
  bool: { kind: 'bool', negated: false },
  binaryequals: { kind: 'binary', negated: false },
  ipaddress: { kind: 'ip', negated: false },
  notipaddress: { kind: 'ip', negated: true },
  arnequals: { kind: 'arn', negated: false, wildcards: true },
  arnlike: { kind: 'arn', negated: false, wildcards: true },
  arnnotequals: { kind: 'arn', negated: true, wildcards: true },
  arnnotlike: { kind: 'arn', negated: true, wildcards: true },
  null: { kind: 'null', negated: false },
};

/** A parsed condition operator: its base, set prefix and IfExists suffix. */
export interface Operator extends BaseOperator {
  /** As written in the policy, for messages. */
  readonly name: string;
  readonly set?: 'any' | 'all';
  readonly ifExists: boolean;
}

/** Parses an operator name (case-insensitive); undefined when the IAM reference has no such operator. */
export function parseOperator(name: string): Operator | undefined {
  let rest = name.toLowerCase();
  let set: 'any' | 'all' | undefined;
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('ifexists') && rest !== 'ifexists') {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BASE_OPERATORS[rest];
  // Null takes neither a set prefix nor IfExists.
  if (!base || (base.kind === 'null' && (set || ifExists))) return undefined;
  return { ...base, name, ifExists, ...(set ? { set } : {}) };
}

/** The request's value of a key: undefined when the request does not have the key. */
export type RequestValue = readonly string[] | undefined;

/** A policy value as text: strings as they are, numbers and booleans as JSON writes them. */
export function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Dates as ISO 8601 or as seconds since the epoch (both are accepted by the Date operators). */
export function parseDate(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const ARN_FIELDS = 6;

/** An ARN's six fields (the resource keeps its colons and slashes); undefined when not an ARN. */
export function arnFields(value: string): string[] | undefined {
  const fields = splitOutsideVariables(value, ':', ARN_FIELDS);
  return fields.length === ARN_FIELDS && fields[0] === 'arn' ? fields : undefined;
}

/** A compiled policy value, as an operator compares it. */
export interface CompiledValue {
  readonly text: string;
  /** String and ARN operators: the value as a pattern (one per ARN field for ARN operators). */
  readonly patterns?: readonly Pattern[];
  /** IpAddress / NotIpAddress: the range. */
  readonly cidr?: Cidr;
}

export function compileValue(operator: Operator, text: string, variables: VariableValues): CompiledValue {
  if (operator.kind === 'string') {
    return { text, patterns: [compilePattern(text, operator.wildcards === true, variables)] };
  }
  if (operator.kind === 'arn') {
    const fields = splitOutsideVariables(text, ':', ARN_FIELDS);
    // A lone `*` matches any ARN; anything else must have the six fields.
    if (fields.length !== ARN_FIELDS) return { text, patterns: [compilePattern(text, true, variables)] };
    return { text, patterns: fields.map((f) => compilePattern(f, true, variables)) };
  }
  if (operator.kind === 'ip') {
    const cidr = parseCidr(text);
    return cidr ? { text, cidr } : { text };
  }
  return { text };
}

/** Whether one request value matches one policy value under the operator's base (not negated). */
function matchesOne(operator: Operator, policy: CompiledValue, request: string): boolean {
  switch (operator.kind) {
    case 'string':
      return matchesPattern(policy.patterns![0]!, request, operator.ignoreCase === true);
    case 'arn': {
      const patterns = policy.patterns!;
      if (patterns.length === 1) return matchesPattern(patterns[0]!, request);
      const fields = arnFields(request);
      return fields !== undefined && patterns.every((p, i) => matchesPattern(p, fields[i]!));
    }
    case 'numeric': {
      const a = parseNumber(request);
      const b = parseNumber(policy.text);
      return a !== undefined && b !== undefined && operator.compare!(Math.sign(a - b));
    }
    case 'date': {
      const a = parseDate(request);
      const b = parseDate(policy.text);
      return a !== undefined && b !== undefined && operator.compare!(Math.sign(a - b));
    }
    case 'bool':
      return policy.text.toLowerCase() === request.toLowerCase();
    case 'binary':
      return policy.text === request;
    case 'ip': {
      const cidr = policy.cidr;
      return cidr !== undefined && parseAddress(request) !== undefined && cidrContains(cidr, request);
    }
    case 'null':
      return false;
  }
}

/**
 * Evaluates one operator on one key: the policy's values for the key against the request's value.
 * Several policy values match if any does (positive operators) or if none does (negated ones).
 */
export function evaluateOperator(
  operator: Operator,
  values: readonly CompiledValue[],
  request: RequestValue,
): boolean {
  const present = request !== undefined && request.length > 0;
  if (operator.kind === 'null') {
    // "true": the key must be absent; "false": present.
    return values.some((v) =>
      v.text.toLowerCase() === 'true' ? !present : v.text.toLowerCase() === 'false' && present,
    );
  }
  if (!present) {
    if (operator.ifExists) return true;
    if (operator.set === 'all') return true;
    if (operator.set === 'any') return false;
    return operator.negated;
  }
  const single = (value: string) => {
    const any = values.some((v) => matchesOne(operator, v, value));
    return operator.negated ? !any : any;
  };
  if (operator.set === 'all') return request.every(single);
  if (operator.set === 'any') return request.some(single);
  // A single-valued operator on several values: each must pass a negated test, one a positive test.
  return operator.negated ? request.every(single) : request.some(single);
}
