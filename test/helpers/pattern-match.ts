/**
 * A small EventBridge pattern matcher for the operators the package's patterns use: lists of exact
 * values, `{ "exists": bool }`, nested objects and `$or`. Enough to check that the generated patterns
 * route the events the translator expects, offline.
 */
export function matches(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) {
    throw new Error(`unsupported pattern node ${JSON.stringify(pattern)}`);
  }
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(rule as unknown[]).some((alternative) => matches(alternative, event))) return false;
      continue;
    }
    const value =
      typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) {
      if (!rule.some((r) => matchesValue(r, value))) return false;
    } else if (!matches(rule, value)) {
      return false;
    }
  }
  return true;
}

function matchesValue(rule: unknown, value: unknown): boolean {
  if (typeof rule === 'object' && rule !== null) {
    if ('exists' in rule) return (rule as { exists: boolean }).exists === (value !== undefined);
    if ('prefix' in rule)
      return typeof value === 'string' && value.startsWith((rule as { prefix: string }).prefix);
    throw new Error(`unsupported operator ${JSON.stringify(rule)}`);
  }
  return Array.isArray(value) ? value.includes(rule) : value === rule;
}
