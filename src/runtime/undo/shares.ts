import type { ResourceMessage } from '../contracts/message';
import type { AuditContext } from '../auditors/types';
import { changedSince } from './compare';
import type { AppliedFinding, Undo, UndoStep } from './types';

/**
 * The undo of a fix that took shares off an image or snapshot: the shares it removed (those in
 * `before` and not now) are added back, when the sharing is still what the fix left.
 */
export function shareUndo(options: {
  /** Every share now, as one value each: `all`, an account id, an organization or OU ARN. */
  read(resource: ResourceMessage, ctx: AuditContext): Promise<string[]>;
  /** The values of a state in the finding's shape (its `before` or `after`). */
  values(state: unknown): string[];
  /** The state of these values, in the finding's shape. */
  state(values: readonly string[]): unknown;
  /** The write that adds these shares back. */
  add(resource: ResourceMessage, ctx: AuditContext, values: readonly string[]): UndoStep;
}): Undo {
  return {
    async plan(finding: AppliedFinding, ctx) {
      const now = await options.read(finding.resource, ctx);
      const current = options.state(now);
      const missing = options.values(finding.before).filter((v) => !now.includes(v));
      return {
        current,
        changed: changedSince(current, finding.after),
        steps: missing.length > 0 ? [options.add(finding.resource, ctx, missing)] : [],
      };
    },
  };
}
