/**
 * The life of a finding across audits: open when a check fails, resolved when it passes again (or the
 * resource is gone, or a fix made it pass), excepted while settings except the resource. Each audit
 * moves the stored finding on, and says what changed, so only changes need a notification.
 */

import type { CheckId, Severity } from '../contracts/checks';
import type { ResourceMessage, ResourceType } from '../contracts/message';
import type { Finding, RemediationStatus } from './finding';

export const FINDING_STATUSES = ['open', 'resolved', 'excepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * What changed for a finding, for notifications: a new finding, one that came back after it was
 * resolved, a fix applied, a fix that failed, a finding resolved (the check passes, or the resource
 * is gone).
 */
export const CHANGES = ['new', 'regressed', 'fixed', 'failed', 'resolved'] as const;
export type Change = (typeof CHANGES)[number];

/** One fix, or undo, made on a finding: the undo log. */
export interface HistoryEntry {
  readonly at: string;
  readonly event: 'applied' | 'failed' | 'undone';
  readonly action: string;
  /** The state the fix replaced (applied), or the state an undo replaced (undone). */
  readonly before?: unknown;
  /** The state an applied fix left (what `undo` expects to find). */
  readonly after?: unknown;
  readonly reason?: string;
}

/** A finding as the findings store keeps it (partition key `id`). */
export interface StoredFinding {
  readonly id: string;
  readonly check: CheckId;
  readonly severity: Severity;
  readonly account: string;
  readonly region: string;
  readonly type: ResourceType;
  readonly resourceId: string;
  readonly status: FindingStatus;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt?: string;
  readonly lastRemediation?: {
    readonly status: RemediationStatus | 'undone';
    readonly at: string;
    readonly action: string;
    readonly reason?: string;
  };
  /** Fixes and undos, oldest first, at most {@link MAX_HISTORY}. */
  readonly history: readonly HistoryEntry[];
  /** The latest finding seen. */
  readonly finding: Finding;
  /** Increases with every write: a write insists on the version it read (no lost update). */
  readonly version: number;
  /** When a resolved finding is deleted (DynamoDB TTL, seconds since the epoch). */
  readonly expiresAt?: number;
}

/** The most fixes and undos a stored finding keeps (a DynamoDB item holds at most 400 KB). */
export const MAX_HISTORY = 20;

/** How long a resolved finding stays in the store unless said otherwise, in days. */
export const DEFAULT_RETENTION_DAYS = 90;

/** The longest a resolved finding may be kept, in days (ten years). */
export const MAX_RETENTION_DAYS = 3650;

/**
 * What is wrong with a retention in days, or undefined when it is one: a number above 0 and at most
 * {@link MAX_RETENTION_DAYS}.
 */
export function retentionDaysProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_RETENTION_DAYS) {
    return undefined;
  }
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return `${shown} is not a number of days above 0 and at most ${MAX_RETENTION_DAYS}: write how many days a resolved finding is kept, e.g. ${DEFAULT_RETENTION_DAYS}`;
}

export interface TransitionOptions {
  readonly now: Date;
  /** How long a resolved finding is kept, in days. */
  readonly retentionDays: number;
}

/** The stored finding after one audit, and what changed (undefined when nothing changed). */
export interface Transition {
  readonly next?: StoredFinding;
  readonly change?: Change;
}

function statusOf(finding: Finding): FindingStatus {
  if (finding.remediation.status === 'excepted') return 'excepted';
  // A fix made the check pass.
  if (finding.remediation.status === 'applied') return 'resolved';
  return 'open';
}

const withHistory = (history: readonly HistoryEntry[], entry: HistoryEntry | undefined) =>
  entry ? [...history, entry].slice(-MAX_HISTORY) : history;

/** A failing check of a resource, seen by an audit. */
export function seen(
  existing: StoredFinding | undefined,
  finding: Finding,
  options: TransitionOptions,
): Transition {
  const at = options.now.toISOString();
  const status = statusOf(finding);
  const { remediation } = finding;
  const fixEvent: HistoryEntry | undefined =
    remediation.status === 'applied' || (remediation.status === 'failed' && finding.before !== undefined)
      ? {
          at,
          event: remediation.status === 'applied' ? 'applied' : 'failed',
          action: remediation.action,
          ...(finding.before !== undefined ? { before: finding.before } : {}),
          ...(finding.after !== undefined ? { after: finding.after } : {}),
          ...(remediation.reason ? { reason: remediation.reason } : {}),
        }
      : remediation.status === 'failed'
        ? {
            at,
            event: 'failed',
            action: remediation.action,
            ...(remediation.reason ? { reason: remediation.reason } : {}),
          }
        : undefined;
  // A failure that changed nothing and repeats the last one (a fix that keeps failing, sweep after
  // sweep) adds nothing to the history: it would push the fixes an undo needs out of it.
  const repeatedFailure =
    remediation.status === 'failed' &&
    finding.before === undefined &&
    existing?.lastRemediation?.status === 'failed';
  const tried = remediation.status === 'applied' || remediation.status === 'failed';
  const next: StoredFinding = {
    id: finding.id,
    check: finding.check,
    severity: finding.severity,
    account: finding.resource.account,
    region: finding.resource.region,
    type: finding.resource.type,
    resourceId: finding.resource.id,
    status,
    firstSeen: existing?.firstSeen ?? at,
    lastSeen: at,
    ...(status === 'resolved' ? { resolvedAt: at, expiresAt: expiry(options) } : {}),
    ...(tried
      ? {
          lastRemediation: {
            status: remediation.status,
            at,
            action: remediation.action,
            ...(remediation.reason ? { reason: remediation.reason } : {}),
          },
        }
      : existing?.lastRemediation
        ? { lastRemediation: existing.lastRemediation }
        : {}),
    history: withHistory(existing?.history ?? [], repeatedFailure ? undefined : fixEvent),
    finding,
    version: (existing?.version ?? 0) + 1,
  };
  let change: Change | undefined;
  if (remediation.status === 'applied') change = 'fixed';
  else if (!existing) change = 'new';
  else if (existing.status === 'resolved') change = 'regressed';
  else if (remediation.status === 'failed' && existing.lastRemediation?.status !== 'failed')
    change = 'failed';
  else if (existing.status === 'excepted' && status === 'open') change = 'regressed';
  return { next, ...(change ? { change } : {}) };
}

/** A check of a resource that passed, or whose resource is gone. */
export function passed(existing: StoredFinding | undefined, options: TransitionOptions): Transition {
  if (!existing || existing.status === 'resolved') return {};
  const at = options.now.toISOString();
  return {
    next: {
      ...existing,
      status: 'resolved',
      resolvedAt: at,
      expiresAt: expiry(options),
      version: existing.version + 1,
    },
    change: 'resolved',
  };
}

function expiry(options: TransitionOptions): number {
  return Math.floor(options.now.getTime() / 1000) + Math.round(options.retentionDays * 86_400);
}

/** The resource a stored finding is about, as a message. */
export function storedResource(item: StoredFinding): ResourceMessage {
  return item.finding.resource;
}
