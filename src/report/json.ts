import type { Report } from './summary';

/**
 * The report as one JSON document: `{generatedAt, source, counts, findings}`, each finding as
 * `remediate` prints it, with `stored` (`status`, `firstSeen`, `lastSeen`, `resolvedAt`) when it came
 * from the findings table.
 */
export function renderJson(report: Report): string {
  const document = {
    generatedAt: report.generatedAt,
    source: report.source,
    counts: report.counts,
    findings: report.items.map(({ finding, stored }) => (stored ? { ...finding, stored } : finding)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
