/**
 * The model of a findings report: the findings read (as `remediate` prints them, or as the findings
 * table stores them), in a stable order, and their counts. The renderers (`html.ts`, `csv.ts`,
 * `markdown.ts`, `json.ts`) are pure functions of a {@link Report}.
 */

import { CHECKS, SEVERITIES, type Severity, isCheckId } from '../runtime/contracts/checks';
import { type Finding, REMEDIATION_STATUSES, type RemediationStatus } from '../runtime/findings/finding';
import { FINDING_STATUSES, type FindingStatus } from '../runtime/findings/lifecycle';

/** What the findings table adds to a finding: its life across audits. */
export interface StoredState {
  readonly status: FindingStatus;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt?: string;
}

/** One row of a report: a finding, and its stored state when it came from the findings table. */
export interface ReportItem {
  readonly finding: Finding;
  readonly stored?: StoredState;
}

/** Severities, most severe first (the order of reports). */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

export interface ReportCounts {
  readonly total: number;
  /** Every severity, most severe first, with 0 for those absent. */
  readonly bySeverity: Record<Severity, number>;
  /** Every remediation status, with 0 for those absent. */
  readonly byRemediation: Record<RemediationStatus, number>;
  /** Accounts, most findings first. */
  readonly byAccount: Record<string, number>;
  /** Checks, most findings first. */
  readonly byCheck: Record<string, number>;
  /** Open, resolved and excepted: only when some findings came from the findings table. */
  readonly byStatus?: Record<FindingStatus, number>;
}

export interface Report {
  /** When the report was made (ISO 8601). */
  readonly generatedAt: string;
  /** Where the findings came from, in a few words ("standard input", "findings table x"). */
  readonly source: string;
  readonly items: readonly ReportItem[];
  readonly counts: ReportCounts;
}

/** The title of a check, from the catalogue (empty for a check this version does not know). */
export function checkTitle(check: string): string {
  return isCheckId(check) ? (CHECKS.get(check)?.title ?? '') : '';
}

const severityRank = (severity: Severity) => SEVERITY_ORDER.indexOf(severity);

/** Most severe first, then by account, check, region and resource id. */
export function compareItems(a: ReportItem, b: ReportItem): number {
  const x = a.finding;
  const y = b.finding;
  return (
    severityRank(x.severity) - severityRank(y.severity) ||
    cmp(x.resource.account, y.resource.account) ||
    cmp(x.check, y.check) ||
    cmp(x.resource.region, y.resource.region) ||
    cmp(x.resource.id, y.resource.id) ||
    cmp(x.id, y.id)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts of `values`, most frequent first (then by name). */
function tally(values: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a, m], [b, n]) => n - m || cmp(a, b)));
}

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function countItems(items: readonly ReportItem[]): ReportCounts {
  const bySeverity = zeroed(SEVERITY_ORDER);
  const byRemediation = zeroed(REMEDIATION_STATUSES);
  const byStatus = zeroed(FINDING_STATUSES);
  let stored = false;
  for (const { finding, stored: state } of items) {
    bySeverity[finding.severity] += 1;
    byRemediation[finding.remediation.status] += 1;
    if (state) {
      stored = true;
      byStatus[state.status] += 1;
    }
  }
  return {
    total: items.length,
    bySeverity,
    byRemediation,
    byAccount: tally(items.map((i) => i.finding.resource.account)),
    byCheck: tally(items.map((i) => i.finding.check)),
    ...(stored ? { byStatus } : {}),
  };
}

/** A report of `items`, sorted most severe first. */
export function buildReport(
  items: readonly ReportItem[],
  options: { generatedAt: Date; source: string },
): Report {
  const sorted = [...items].sort(compareItems);
  return {
    generatedAt: options.generatedAt.toISOString(),
    source: options.source,
    items: sorted,
    counts: countItems(sorted),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (v: unknown) => (v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v)));

/** What is wrong with a value as a finding, or undefined when it is one. */
function findingProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `a finding is a JSON object, not ${shown(value)}`;
  for (const field of ['id', 'check', 'message'] as const) {
    if (typeof value[field] !== 'string') return `${field} is ${shown(value[field])}, not a string`;
  }
  if (!(SEVERITIES as readonly unknown[]).includes(value.severity)) {
    return `severity is ${shown(value.severity)}, not one of ${SEVERITY_ORDER.join(', ')}`;
  }
  const resource = value.resource;
  if (!isObject(resource)) return `resource is ${shown(resource)}, not an object`;
  for (const field of ['account', 'region', 'type', 'id'] as const) {
    if (typeof resource[field] !== 'string') {
      return `resource.${field} is ${shown(resource[field])}, not a string`;
    }
  }
  const remediation = value.remediation;
  if (!isObject(remediation)) return `remediation is ${shown(remediation)}, not an object`;
  if (typeof remediation.action !== 'string') {
    return `remediation.action is ${shown(remediation.action)}, not a string`;
  }
  if (!(REMEDIATION_STATUSES as readonly unknown[]).includes(remediation.status)) {
    return `remediation.status is ${shown(remediation.status)}, not one of ${REMEDIATION_STATUSES.join(', ')}`;
  }
  if (remediation.reason !== undefined && typeof remediation.reason !== 'string') {
    return `remediation.reason is ${shown(remediation.reason)}, not a string`;
  }
  return undefined;
}

/**
 * A report item from a JSON value: a finding as `remediate` prints it, or a stored finding as
 * `findings` prints it (its `finding`, with its status, first and last sighting). Returns what is
 * wrong otherwise.
 */
export function reportItem(value: unknown): ReportItem | { readonly problem: string } {
  if (isObject(value) && isObject(value.finding) && 'firstSeen' in value) {
    const problem = findingProblem(value.finding);
    if (problem) return { problem: `not a stored finding: finding.${problem}` };
    if (!(FINDING_STATUSES as readonly unknown[]).includes(value.status)) {
      return {
        problem: `not a stored finding: status is ${shown(value.status)}, not one of ${FINDING_STATUSES.join(', ')}`,
      };
    }
    for (const field of ['firstSeen', 'lastSeen'] as const) {
      if (typeof value[field] !== 'string') {
        return { problem: `not a stored finding: ${field} is ${shown(value[field])}, not a string` };
      }
    }
    return {
      finding: value.finding as unknown as Finding,
      stored: {
        status: value.status as FindingStatus,
        firstSeen: value.firstSeen as string,
        lastSeen: value.lastSeen as string,
        ...(typeof value.resolvedAt === 'string' ? { resolvedAt: value.resolvedAt } : {}),
      },
    };
  }
  const problem = findingProblem(value);
  if (problem) return { problem: `not a finding: ${problem}` };
  return { finding: value as unknown as Finding };
}
