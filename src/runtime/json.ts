/** Whether a parsed JSON value is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, or throws what `fail` makes of the parser's complaint. */
export function parseJsonOr(text: string, fail: (problem: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
}
