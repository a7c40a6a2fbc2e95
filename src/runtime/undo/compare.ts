/** Saying how a resource differs from the state a fix left, in a few words a person can check. */

import { canonicalJson } from '../policy/document';

/** Policy text, and other JSON in strings, compared as the JSON it holds. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text);
  } catch {
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = canonicalJson(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Statements are keyed by their Sid when they have one, so a reordering is no difference. */
function keyed(list: readonly unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of list) {
    const sid = (item as { Sid?: unknown } | null)?.Sid;
    if (typeof sid !== 'string' || sid === '' || map.has(sid)) return undefined;
    map.set(sid, item);
  }
  return map;
}

function walk(now: unknown, left: unknown, path: string, out: string[]): void {
  if (out.length >= 3) return;
  now = parsed(now);
  left = parsed(left);
  if (canonicalJson(now ?? null) === canonicalJson(left ?? null)) return;
  if (Array.isArray(now) && Array.isArray(left)) {
    const a = keyed(now);
    const b = keyed(left);
    if (a && b) {
      for (const sid of new Set([...b.keys(), ...a.keys()]))
        walk(a.get(sid), b.get(sid), `${path}[${sid}]`, out);
      return;
    }
    const sorted = (l: readonly unknown[]) => l.map((x) => canonicalJson(x)).sort();
    const added = sorted(now).filter((x) => !sorted(left as unknown[]).includes(x));
    const gone = sorted(left).filter((x) => !sorted(now as unknown[]).includes(x));
    if (added.length === 0 && gone.length === 0) return;
    out.push(
      `${path || 'the list'}: ${[
        ...(added.length ? [`now has ${added.map((x) => describe(JSON.parse(x))).join(', ')}`] : []),
        ...(gone.length ? [`no longer has ${gone.map((x) => describe(JSON.parse(x))).join(', ')}`] : []),
      ].join('; ')}`,
    );
    return;
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(now) && isObject(left)) {
    const a = now as Record<string, unknown>;
    const b = left as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  const nowPolicy = statementsOf(now);
  const leftPolicy = statementsOf(left);
  if (nowPolicy && isNone(left)) {
    out.push(`${path || 'the policy'}: now a policy with ${nowPolicy}, the fix left none`);
    return;
  }
  if (leftPolicy && isNone(now)) {
    out.push(`${path || 'the policy'}: now none, the fix left a policy with ${leftPolicy}`);
    return;
  }
  out.push(`${path || 'the state'} is ${describe(now)}, the fix left ${describe(left)}`);
}

const isNone = (v: unknown) => v === undefined || v === null || v === '';

/** A policy's statements named by their Sids ("statements A, B"), or counted. */
function statementsOf(v: unknown): string | undefined {
  const statements = (v as { Statement?: unknown } | null)?.Statement;
  if (typeof v !== 'object' || v === null || statements === undefined) return undefined;
  const list = [statements].flat() as { Sid?: unknown }[];
  const sids = list.map((s) => (typeof s?.Sid === 'string' && s.Sid ? s.Sid : undefined));
  if (sids.every((x) => x !== undefined))
    return `${list.length === 1 ? 'statement' : 'statements'} ${sids.join(', ')}`;
  return `${list.length} ${list.length === 1 ? 'statement' : 'statements'}`;
}

/**
 * How `now` differs from `left` (the state the fix left), naming up to three places, e.g.
 * `Policy.Statement[Partner]: absent, the fix left {...}`; undefined when they are the same (JSON in
 * strings compared as JSON, statements with Sids in any order).
 */
export function difference(now: unknown, left: unknown): string | undefined {
  const out: string[] = [];
  walk(now, left, '', out);
  return out.length > 0 ? out.join('; ') : undefined;
}

/** The same as {@link difference}, but the state a fix left may be unknown (an older finding). */
export function changedSince(now: unknown, after: unknown): string | undefined {
  if (after === undefined)
    return 'the finding does not say what the fix left, so a change since cannot be ruled out';
  return difference(now, after);
}
