/**
 * Values of a policy as patterns: `*` and `?` wildcards (where the operator allows them) and policy
 * variables (`${aws:username}`), which the IAM reference lets appear in condition values and ARNs.
 */

/** Matches any run of characters. */
export const ANY = Symbol('any');
/** Matches exactly one character. */
export const ONE = Symbol('one');
export type Part = string | typeof ANY | typeof ONE;

/** A compiled value: literal text, wildcards, and variables resolved or left open. */
export interface Pattern {
  readonly source: string;
  readonly parts: readonly Part[];
}

/**
 * What a policy variable stands for: a fixed value (the resource's own account), or undefined when
 * the caller decides it (`${aws:username}`, `${aws:PrincipalTag/team}`): it then matches anything.
 */
export type VariableValues = (name: string) => string | undefined;

export const NO_VARIABLES: VariableValues = () => undefined;

/** `${*}`, `${?}` and `${$}` are how a policy writes those characters literally. */
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Compiles a value. `wildcards` says whether `*` and `?` are wildcards (StringLike, ArnLike, actions,
 * resources) or plain characters (StringEquals).
 */
export function compilePattern(source: string, wildcards: boolean, variables: VariableValues): Pattern {
  const parts: Part[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') parts.push(text);
    text = '';
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (char === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end > 0) {
        const inner = source.slice(i + 2, end).trim();
        const escaped = ESCAPES[inner];
        if (escaped !== undefined) {
          text += escaped;
        } else {
          // `${aws:username, 'default'}`: the name is before the comma.
          const value = variables(inner.split(',')[0]!.trim().toLowerCase());
          if (value === undefined) {
            flush();
            parts.push(ANY);
          } else {
            text += value;
          }
        }
        i = end;
        continue;
      }
    }
    if (wildcards && (char === '*' || char === '?')) {
      flush();
      parts.push(char === '*' ? ANY : ONE);
    } else {
      text += char;
    }
  }
  flush();
  return { source, parts };
}

/** Whether the pattern is a fixed value: no wildcard, no caller-chosen variable. */
export function isFixed(pattern: Pattern): boolean {
  return pattern.parts.every((p) => typeof p === 'string');
}

const regexCache = new Map<string, RegExp>();

function toRegExp(pattern: Pattern, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern.parts.map((p) => (p === ANY ? '\u0000*' : p === ONE ? '\u0000?' : p)).join('\u0001')}`;
  let regex = regexCache.get(key);
  if (!regex) {
    const body = pattern.parts
      .map((p) =>
        p === ANY ? '[\\s\\S]*' : p === ONE ? '[\\s\\S]' : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
      )
      .join('');
    regex = new RegExp(`^${body}$`, ignoreCase ? 'iu' : 'u');
    if (regexCache.size > 5000) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex;
}

export function matchesPattern(pattern: Pattern, value: string, ignoreCase = false): boolean {
  if (pattern.parts.length === 1 && typeof pattern.parts[0] === 'string') {
    return ignoreCase ? pattern.parts[0].toLowerCase() === value.toLowerCase() : pattern.parts[0] === value;
  }
  return toRegExp(pattern, ignoreCase).test(value);
}

/** A value the pattern matches: each `*` and `?` filled with `fill` (one character of it for `?`). */
export function exampleOf(pattern: Pattern, fill = 'x'): string {
  return pattern.parts.map((p) => (p === ANY ? fill : p === ONE ? fill.slice(0, 1) || 'x' : p)).join('');
}

/** The fixed text before the first wildcard or open variable. */
export function fixedPrefix(pattern: Pattern): string {
  let prefix = '';
  for (const part of pattern.parts) {
    if (typeof part !== 'string') break;
    prefix += part;
  }
  return prefix;
}

const lower = (p: Part): Part => (typeof p === 'string' ? p.toLowerCase() : p);

const tokenCache = { exact: new WeakMap<Pattern, Part[]>(), folded: new WeakMap<Pattern, Part[]>() };

/** The pattern's parts, one character (or wildcard) each. */
function tokens(pattern: Pattern, ignoreCase: boolean): Part[] {
  const cache = ignoreCase ? tokenCache.folded : tokenCache.exact;
  let list = cache.get(pattern);
  if (!list) {
    list = splitTokens(pattern, ignoreCase);
    cache.set(pattern, list);
  }
  return list;
}

function splitTokens(pattern: Pattern, ignoreCase: boolean): Part[] {
  return pattern.parts.flatMap((p) =>
    typeof p === 'string' ? [...(ignoreCase ? p.toLowerCase() : p)] : [lower(p)],
  );
}

/**
 * Whether every value `inner` matches is also matched by `outer` (e.g. `s3:*` covers `s3:Get*`). Exact
 * for the patterns policies use: a wildcard of `inner` must be met by a wildcard of `outer` at least
 * as wide.
 */
export function patternCovers(outer: Pattern, inner: Pattern, ignoreCase = false): boolean {
  const a = tokens(outer, ignoreCase);
  const b = tokens(inner, ignoreCase);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let result: boolean;
    if (i === a.length) result = j === b.length;
    else if (a[i] === ANY) result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j === b.length) result = false;
    else if (a[i] === ONE) result = b[j] !== ANY && go(i + 1, j + 1);
    else result = a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Whether some value matches both patterns (e.g. `s3:Get*` and `s3:*Object`). */
export function patternsIntersect(first: Pattern, second: Pattern, ignoreCase = false): boolean {
  const a = tokens(first, ignoreCase);
  const b = tokens(second, ignoreCase);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let result = false;
    if (i < a.length && a[i] === ANY && go(i + 1, j)) result = true;
    else if (j < b.length && b[j] === ANY && go(i, j + 1)) result = true;
    else if (i === a.length && j === b.length) result = true;
    else if (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      const compatible = typeof x !== 'string' || typeof y !== 'string' || x === y;
      if (compatible) {
        const nextI = x === ANY ? [i, i + 1] : [i + 1];
        const nextJ = y === ANY ? [j, j + 1] : [j + 1];
        result = nextI.some((ni) => nextJ.some((nj) => (ni !== i || nj !== j) && go(ni, nj)));
      }
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Splits on `separator` outside `${...}` (a variable such as `${aws:username}` holds a colon), at most
 * `limit - 1` times: the last piece keeps the rest.
 */
export function splitOutsideVariables(value: string, separator: string, limit: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && pieces.length < limit - 1; i += 1) {
    if (value[i] === '$' && value[i + 1] === '{') depth += 1;
    else if (value[i] === '}' && depth > 0) depth -= 1;
    else if (value[i] === separator && depth === 0) {
      pieces.push(value.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(value.slice(start));
  return pieces;
}
