/** Building an undo's writes, and the policy undo the policy types share. */

import type { ResourceMessage } from '../contracts/message';
import type { AuditContext } from '../auditors/types';
import { samePolicyText } from '../policy/document';
import { changedSince } from './compare';
import type { AppliedFinding, Undo, UndoStep } from './types';

interface Sender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<unknown>;
}

/** One write: `Command` (an SDK command class) with `input`, sent by `client`. */
export function step<I extends object>(
  client: Sender,
  service: string,
  Command: new (input: I) => unknown,
  input: I,
): UndoStep {
  return {
    service,
    command: Command.name.replace(/Command$/, ''),
    input: input as Readonly<Record<string, unknown>>,
    run: async () => {
      await client.send(new Command(input));
    },
  };
}

/** The finding's `before`, as an object of this shape (an older or hand-edited finding may lack parts). */
export function beforeOf<T>(finding: AppliedFinding): Partial<T> {
  return (typeof finding.before === 'object' && finding.before !== null ? finding.before : {}) as Partial<T>;
}

/**
 * The undo of a fix that rewrote one policy (queue, key, role trust): the policy is written back as
 * it was, when it is still what the fix left. `field` names the policy in the finding's `before`.
 */
export function policyUndo(options: {
  readonly field: string;
  /** The policy text now ("" when there is none). */
  read(resource: ResourceMessage, ctx: AuditContext): Promise<string>;
  /** The write that puts `text` back. */
  write(resource: ResourceMessage, ctx: AuditContext, text: string): UndoStep;
}): Undo {
  return {
    async plan(finding, ctx) {
      const text = await options.read(finding.resource, ctx);
      const current = { [options.field]: text };
      const before = beforeOf<Record<string, string>>(finding)[options.field] ?? '';
      return {
        current,
        changed: changedSince(current, finding.after),
        steps: samePolicyText(text || undefined, before || undefined)
          ? []
          : [options.write(finding.resource, ctx, before)],
      };
    },
  };
}
