/**
 * Undo: how `aws-remediation undo` puts back what a fix replaced. Each type with fixes has an
 * `undo.ts` beside its auditor, with one {@link Undo} per check whose fix can be undone; a check whose
 * fix cannot be undone says why in its manifest (`notUndoable`).
 */

import type { AuditContext } from '../auditors/types';
import type { Finding } from '../findings/finding';

/** One write an undo sends, named as AWS names it, with its exact input. */
export interface UndoStep {
  /** The service, as the SDK names it: `SQS`, `S3`, `EC2`. */
  readonly service: string;
  /** The API call: `SetQueueAttributes`. */
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Sends it. */
  run(): Promise<void>;
}

/** What an undo would do to one resource, as read just now. */
export interface UndoPlan {
  /** The resource's state now, in the shape of the finding's `before` (the state the undo replaces). */
  readonly current: unknown;
  /**
   * How the resource differs from the state the fix left, when it does: the undo is refused then
   * (unless forced), since restoring `before` would overwrite a change made since.
   */
  readonly changed?: string;
  /** The writes that restore `before`; empty when the resource is already so. */
  readonly steps: readonly UndoStep[];
}

/** An applied fix's finding: what it replaced, and what it left when the fix said. */
export type AppliedFinding = Finding & { readonly before: unknown };

/** How to undo one check's fix. */
export interface Undo {
  /** Reads the resource and plans the writes that restore the finding's `before`. */
  plan(finding: AppliedFinding, ctx: AuditContext): Promise<UndoPlan>;
}

/** A type's undos, by check id. */
export type UndoTable = Readonly<Record<string, Undo>>;
