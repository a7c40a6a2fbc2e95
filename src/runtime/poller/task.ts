import * as z from 'zod/mini';
import { MessageError } from '../errors';
import { parseJsonOr } from '../json';
import { AccountIdSchema, RegionSchema, expected, formatIssues } from '../contracts/validation';

/**
 * A poll task: one account in one region, the unit of work the planner sends to the poll queue and a
 * worker sweeps. `global` is true in the account's first configured region only, where the global
 * types (IAM users and roles, S3 buckets) and the account-level checks are listed.
 */
export const PollTaskSchema = z.object({
  account: AccountIdSchema,
  region: RegionSchema,
  global: z._default(z.boolean({ error: expected('true or false') }), false),
  onlyTestResources: z._default(z.boolean({ error: expected('true or false') }), false),
});

export type PollTask = z.output<typeof PollTaskSchema>;

/**
 * Poll tasks per worker invocation (the poll queue's batch size): 20, so that the 17,000 tasks of
 * 1,000 accounts x 17 regions fit in one wave of 1,000 concurrent invocations (Lambda's default
 * quota), each invocation sweeping its tasks at once.
 */
export const POLL_TASKS_PER_INVOCATION = 20;

/** Parses a poll-queue body; throws {@link MessageError} naming each bad field. */
export function parsePollTask(body: string): PollTask {
  const value = parseJsonOr(body, (problem) => new MessageError([problem]));
  const result = PollTaskSchema.safeParse(value);
  if (!result.success) throw new MessageError(formatIssues('task', result.error));
  return result.data;
}

export function serializePollTask(task: PollTask): string {
  const { account, region, global, onlyTestResources } = task;
  return JSON.stringify({ account, region, global, onlyTestResources });
}
