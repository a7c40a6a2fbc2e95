import type { Readable } from 'node:stream';
import { remediationEnabled } from '../runtime/auditors/decision';
import type { AuditContext } from '../runtime/auditors/types';
import type { ClientSource } from '../runtime/aws/clients';
import { isCheckId } from '../runtime/contracts/checks';
import { parseResourceMessage } from '../runtime/contracts/message';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { runFailure } from '../runtime/aws/failures';
import { describeError } from '../runtime/aws/errors';
import type { Finding } from '../runtime/findings/finding';
import type { FindingStore } from '../runtime/findings/store';
import { plural } from '../runtime/text';
import {
  UNDO_STATUSES,
  type UndoOutcome,
  type UndoStatus,
  findingToUndo,
  undoFinding,
} from '../runtime/undo/run';
import { type CommandIO, readJsonInput, writeLine } from './io';

export interface UndoCommandOptions {
  readonly settings: ResolvedSettings;
  readonly clients: ClientSource;
  readonly apply: boolean;
  readonly force: boolean;
  /** The findings store (`--table`): ids can be given, and each undo is recorded. */
  readonly store?: FindingStore;
  /** With the caller's own credentials (`--no-assume-role`): the only account they can reach. */
  readonly onlyAccount?: string;
}

const FINDING_ID = /^"?([0-9a-f]{64})"?$/;

/** One input item: a finding as `remediate` prints it, or a finding id (with a store). */
type Item =
  { where: string; finding: Finding } | { where: string; id: string } | { where: string; error: string };

/** The items on stdin, read as every command reads JSON input; a line that is a finding id is one. */
async function readItems(input: Readable): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of readJsonInput(input)) {
    if (!('error' in item)) items.push(itemOf(item.where, item.value));
    else {
      const id = item.text !== undefined ? FINDING_ID.exec(item.text)?.[1] : undefined;
      items.push(id ? { where: item.where, id } : item);
    }
  }
  return items;
}

function itemOf(where: string, value: unknown): Item {
  if (typeof value === 'string' && FINDING_ID.test(value)) return { where, id: value };
  const f = value as Partial<Finding> | null;
  if (
    !f ||
    typeof f !== 'object' ||
    typeof f.id !== 'string' ||
    !f.remediation ||
    !isCheckId(String(f.check))
  ) {
    return {
      where,
      error: 'not a finding as remediate prints it (id, check, resource, remediation, before)',
    };
  }
  try {
    parseResourceMessage(f.resource);
  } catch (error) {
    return { where, error: `its resource is not a resource message: ${describeError(error)}` };
  }
  return { where, finding: f as Finding };
}

/**
 * `aws-remediation undo`: findings on stdin (JSON lines as `remediate` prints them, or ids with a
 * store), each applied fix's `before` put back through the member role, latest fix first. A dry run
 * unless `apply`; a resource changed since its fix is refused unless `force`. Prints one outcome per
 * finding on stdout and a summary on stderr; returns the exit code (1 when any was refused, failed,
 * or was bad input).
 */
export async function runUndo(io: CommandIO, options: UndoCommandOptions): Promise<number> {
  const items = await readItems(io.stdin);
  const counts = new Map<UndoStatus, number>();
  let bad = 0;
  const findings: { where: string; finding: Finding }[] = [];
  for (const item of items) {
    if ('error' in item) {
      bad += 1;
      io.stderr.write(`${item.where}: ${item.error}\n`);
    } else if ('finding' in item) {
      findings.push({ where: item.where, finding: item.finding });
    } else if (!options.store) {
      bad += 1;
      io.stderr.write(
        `${item.where}: a finding id needs --table to look it up; or give the finding as remediate prints it\n`,
      );
    } else {
      const stored = (await options.store.get([item.id])).get(item.id);
      const { finding, reason } = stored ? findingToUndo(stored) : { reason: 'no such finding in the table' };
      if (finding) findings.push({ where: item.where, finding });
      else {
        bad += stored ? 0 : 1;
        if (stored) counts.set('skipped', (counts.get('skipped') ?? 0) + 1);
        io.stderr.write(`${item.where}: ${item.id}: ${reason}\n`);
      }
    }
  }

  const contextFor = (resource: Finding['resource']): AuditContext => ({
    settings: options.settings,
    client: (Client, serviceId) => options.clients.get(Client, serviceId, resource.account, resource.region),
    isKnownAccount: async (account) => account === resource.account,
    organizationIds: async () => new Set(),
    now: () => new Date(),
    recheckLater: () => undefined,
  });

  let stopped: string | undefined;
  // The latest fix first: a resource's later fixes started from what its earlier ones left.
  for (const { where, finding } of [...findings].reverse()) {
    let outcome: UndoOutcome;
    if (options.onlyAccount !== undefined && finding.resource.account !== options.onlyAccount) {
      outcome = {
        id: finding.id,
        check: finding.check,
        resource: finding.resource,
        status: 'failed',
        reason: `this finding is of account ${finding.resource.account} but your credentials are of account ${options.onlyAccount}; drop --no-assume-role to assume the member role there`,
        steps: [],
      };
    } else {
      try {
        outcome = await undoFinding(finding, {
          apply: options.apply,
          force: options.force,
          contextFor,
          ...(options.store ? { store: options.store } : {}),
        });
      } catch (error) {
        const failure = runFailure(error);
        if (failure !== undefined) {
          stopped = failure;
          break;
        }
        outcome = {
          id: finding.id,
          check: finding.check,
          resource: finding.resource,
          status: 'failed',
          reason: describeError(error),
          steps: [],
        };
      }
    }
    counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
    await writeLine(io.stdout, JSON.stringify(outcome));
    if (outcome.reason && (outcome.status === 'refused' || outcome.status === 'failed')) {
      io.stderr.write(`${where}: ${finding.check} ${finding.resource.id}: ${outcome.reason}\n`);
    }
    if (
      (outcome.status === 'restored' || outcome.status === 'would_restore') &&
      remediationEnabled(options.settings, finding.check)
    ) {
      io.stderr.write(
        `${where}: note: remediation of ${finding.check} is on in the settings: the next audit fixes ${finding.resource.id} again unless it is excepted (settings exceptions or the exception tag)\n`,
      );
    }
  }

  const parts = UNDO_STATUSES.filter((s) => counts.has(s)).map(
    (s) => `${counts.get(s)} ${s.replace('_', ' ')}`,
  );
  const head = `undo${options.apply ? '' : ' (dry run, nothing is written; --apply restores)'}: ${plural(findings.length, 'finding')}${parts.length ? `: ${parts.join(', ')}` : ''}${bad ? `; ${bad} bad input` : ''}`;
  if (stopped !== undefined) {
    io.stderr.write(`aws-remediation: ${stopped}\n${head}\n`);
    return 2;
  }
  io.stderr.write(`${head}\n`);
  return bad > 0 || counts.has('refused') || counts.has('failed') ? 1 : 0;
}
