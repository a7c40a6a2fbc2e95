/**
 * Undoing applied fixes: each finding's `before` is put back through the type's undo, in the reverse
 * order of the fixes, only while the resource is as the fix left it (unless forced), and recorded in
 * the findings store when there is one.
 */

import type { AuditContext } from '../auditors/types';
import { describeError, isAwsError } from '../aws/errors';
import type { Finding } from '../findings/finding';
import type { HistoryEntry, StoredFinding } from '../findings/lifecycle';
import { MAX_HISTORY } from '../findings/lifecycle';
import type { FindingStore } from '../findings/store';
import { manifestOf } from '../types/index';
import type { AppliedFinding, UndoStep } from './types';

/**
 * What became of one finding's undo:
 * - `would_restore`: a dry run; `steps` are the writes `--apply` sends;
 * - `restored`: the writes were sent;
 * - `already`: the resource is as it was before the fix; nothing to write;
 * - `refused`: the resource changed since the fix (`reason` says how); `--force` restores anyway;
 * - `not_undoable`: the fix cannot be undone (`reason` says why);
 * - `skipped`: no fix was applied (a dry run, an exception), or it was undone already;
 * - `gone`: the resource no longer exists;
 * - `failed`: reading or writing failed (`reason`).
 */
export const UNDO_STATUSES = [
  'would_restore',
  'restored',
  'already',
  'refused',
  'not_undoable',
  'skipped',
  'gone',
  'failed',
] as const;
export type UndoStatus = (typeof UNDO_STATUSES)[number];

/** What `undo` prints for one finding. */
export interface UndoOutcome {
  readonly id: string;
  readonly check: string;
  readonly resource: Finding['resource'];
  readonly status: UndoStatus;
  readonly reason?: string;
  /** The writes (sent, or to send), as AWS names them, with their exact input. */
  readonly steps: readonly { readonly service: string; readonly command: string; readonly input: unknown }[];
}

export interface UndoOptions {
  /** Send the writes (otherwise a dry run). */
  readonly apply: boolean;
  /** Restore even when the resource changed since the fix. */
  readonly force: boolean;
  /** The context of a resource's account and region (clients through the member role, or not). */
  contextFor(resource: Finding['resource']): AuditContext;
  /** Where the undo is recorded (with `--table`). */
  readonly store?: FindingStore;
  readonly now?: () => Date;
}

const described = (steps: readonly UndoStep[]) =>
  steps.map(({ service, command, input }) => ({ service, command, input }));

/** Whether an applied (or partly applied) fix left a `before` to restore. */
function applied(finding: Finding): finding is AppliedFinding {
  const { status } = finding.remediation;
  return finding.before !== undefined && (status === 'applied' || status === 'failed');
}

/** Undoes one finding's fix (or says what it would do). */
export async function undoFinding(finding: Finding, options: UndoOptions): Promise<UndoOutcome> {
  const base = { id: finding.id, check: finding.check, resource: finding.resource };
  const outcome = (status: UndoStatus, reason?: string, steps: readonly UndoStep[] = []): UndoOutcome => ({
    ...base,
    status,
    ...(reason !== undefined ? { reason } : {}),
    steps: described(steps),
  });
  const manifest = manifestOf(finding.resource.type);
  const spec = manifest?.checks.find((c) => c.id === finding.check);
  if (!manifest || !spec) return outcome('failed', `${finding.check} is not a check of this package`);
  if (!applied(finding)) {
    return outcome('skipped', `no fix to undo: its remediation is ${finding.remediation.status}`);
  }
  if (spec.notUndoable !== undefined) return outcome('not_undoable', spec.notUndoable);
  const undo = (await manifest.undo?.())?.[finding.check];
  if (!undo) return outcome('not_undoable', `${finding.check} has no undo`);

  const ctx = options.contextFor(finding.resource);
  let plan;
  try {
    plan = await undo.plan(finding, ctx);
  } catch (error) {
    if (isAwsError(error, ...(manifest.notFound ?? [])))
      return outcome('gone', 'the resource no longer exists');
    return outcome('failed', describeError(error));
  }
  if (plan.steps.length === 0) {
    return outcome(
      'already',
      plan.changed === undefined
        ? 'nothing to write: the resource has again what the fix took away'
        : `nothing to write (changed since the fix: ${plan.changed})`,
    );
  }
  if (plan.changed !== undefined && !options.force) {
    return outcome(
      'refused',
      `changed since the fix: ${plan.changed}; nothing was written (--force restores it anyway)`,
      plan.steps,
    );
  }
  if (!options.apply) return outcome('would_restore', undefined, plan.steps);
  const sent: UndoStep[] = [];
  try {
    for (const s of plan.steps) {
      await s.run();
      sent.push(s);
    }
  } catch (error) {
    const done = sent.length > 0 ? ` (after ${sent.map((s) => s.command).join(', ')} succeeded)` : '';
    return outcome('failed', `${describeError(error)}${done}`, plan.steps);
  }
  if (options.store)
    await recordUndo(options.store, finding, plan.current, plan.steps, options.now?.() ?? new Date());
  return outcome('restored', undefined, plan.steps);
}

/**
 * Writes the undo into the store: the finding is open again (its check fails once more), its last
 * remediation is `undone`, and the history keeps the state the undo replaced.
 */
export async function recordUndo(
  store: FindingStore,
  finding: Finding,
  replaced: unknown,
  steps: readonly UndoStep[],
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const action = `undo: ${steps.map((s) => `${s.service} ${s.command}`).join(', ')}`;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const existing = (await store.get([finding.id])).get(finding.id);
    if (!existing) return false;
    const entry: HistoryEntry = { at, event: 'undone', action, before: replaced };
    const open: { -readonly [K in keyof StoredFinding]: StoredFinding[K] } = { ...existing };
    delete open.resolvedAt;
    delete open.expiresAt;
    const next: StoredFinding = {
      ...open,
      status: 'open',
      lastSeen: at,
      lastRemediation: { status: 'undone', at, action },
      history: [...existing.history, entry].slice(-MAX_HISTORY),
      version: existing.version + 1,
    };
    if (await store.put(next, existing.version)) return true;
  }
  return false;
}

/**
 * The finding to undo from a stored one: its latest applied fix, with what it replaced and left.
 * Undefined (with the reason) when the latest fix was undone already or none was applied.
 */
export function findingToUndo(item: StoredFinding): { finding?: Finding; reason?: string } {
  const last = [...item.history].reverse().find((h) => h.event === 'applied' || h.event === 'undone');
  if (!last || last.event !== 'applied') {
    return {
      reason: last ? `its last fix was undone at ${last.at}` : 'no fix of it was applied',
    };
  }
  return {
    finding: {
      ...item.finding,
      remediation: { action: last.action, status: 'applied' },
      before: last.before,
      ...(last.after !== undefined ? { after: last.after } : {}),
    },
  };
}
