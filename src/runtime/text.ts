/** Words for counts, in findings, summaries and errors. */

/** The noun in the number the count needs: `noun(1, 'statement')` is "statement", else "statements". */
export function noun(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}

/** The count with its noun: `1 statement`, `2 statements`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${noun(count, singular, pluralForm)}`;
}

/** "is" or "are", for a count of things. */
export function isAre(count: number): string {
  return count === 1 ? 'is' : 'are';
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry): `baseMs` doubled each time,
 * with jitter (between half and all of it), so retries of many callers spread out.
 */
export function backoffMs(baseMs: number, attempt: number): number {
  return baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
}
