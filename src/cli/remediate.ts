import { readSettingsFile } from '../runtime/config';
import { CHECK_IDS, type CheckId, DISRUPTIVE_CHECKS, isCheckId } from '../runtime/contracts/checks';
import { enabledChecks } from '../runtime/auditors/decision';
import { RESOURCE_TYPES, parseResourceMessage } from '../runtime/contracts/message';
import { type ResolvedSettings, validateLocalSettings } from '../runtime/contracts/settings';
import type { ClientSource } from '../runtime/aws/clients';
import { describeError } from '../runtime/aws/errors';
import { runFailure } from '../runtime/aws/failures';
import { ConfigurationError, UsageError, ValidationError } from '../runtime/errors';
import type { Finding } from '../runtime/findings/finding';
import { CHANGES, type Change } from '../runtime/findings/lifecycle';
import type { FindingStore } from '../runtime/findings/store';
import type { Notifier } from '../runtime/remediator/notify';
import { Remediator } from '../runtime/remediator/remediator';
import { type CommandIO, readJsonInput, writeLine } from './io';
import { plural } from '../runtime/text';

export interface RemediateCommandOptions {
  /** Settings as they will be used: the caller has already decided `remediate` (dry run or not). */
  readonly settings: ResolvedSettings;
  readonly clients: ClientSource;
  readonly notifier?: Notifier;
  /** How many messages are audited at once. Default 8. */
  readonly concurrency?: number;
  /**
   * With the caller's own credentials (`--no-assume-role`), the account they belong to: messages of
   * any other account fail, since their calls would reach the caller's account instead.
   */
  readonly onlyAccount?: string;
  /**
   * The findings store (`--table`): each audit moves the stored findings on, and with settings
   * `notify: 'changes'` (the default) only changes are published. Every finding is still printed.
   */
  readonly store?: { readonly store: FindingStore; readonly table: string; readonly retentionDays?: number };
}

/** Counts of findings by check and status, and of messages, for the summary on stderr. */
class RemediateTally {
  messages = 0;
  audited = 0;
  unaudited = 0;
  failed = 0;
  bad = 0;
  private readonly byCheck = new Map<string, Map<string, number>>();
  private readonly changes = new Map<Change, number>();

  change(change: Change): void {
    this.changes.set(change, (this.changes.get(change) ?? 0) + 1);
  }

  add(finding: Finding): void {
    const statuses = this.byCheck.get(finding.check) ?? new Map<string, number>();
    statuses.set(finding.remediation.status, (statuses.get(finding.remediation.status) ?? 0) + 1);
    this.byCheck.set(finding.check, statuses);
  }

  lines(table?: string): string[] {
    const findings = [...this.byCheck.values()].reduce(
      (n, m) => n + [...m.values()].reduce((a, b) => a + b, 0),
      0,
    );
    const head = [
      plural(this.messages, 'message'),
      `${this.audited} audited`,
      ...(this.unaudited ? [`${this.unaudited} of a type without an auditor`] : []),
      ...(this.failed ? [`${this.failed} failed`] : []),
      ...(this.bad ? [`${this.bad} bad input`] : []),
      plural(findings, 'finding'),
    ].join(', ');
    const checks = [...this.byCheck.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([check, statuses]) => {
        const parts = [...statuses.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([s, n]) => `${n} ${s}`);
        return `  ${check}: ${parts.join(', ')}`;
      });
    if (table === undefined) return [`remediate: ${head}`, ...checks];
    const changes = [...this.changes.values()].reduce((a, b) => a + b, 0);
    const kinds = CHANGES.filter((c) => this.changes.has(c)).map((c) => `${this.changes.get(c)} ${c}`);
    const stored = `remediate: ${plural(changes, 'change')} in table ${table}${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`;
    return [`remediate: ${head}`, ...checks, stored];
  }
}

/**
 * `aws-remediation remediate`: resource messages on stdin (JSON lines or a JSON array), each audited
 * in its account by the same remediator the Lambda runs; findings on stdout, one JSON per line; bad
 * lines and failed audits on stderr, then a summary by check and status. Returns the exit code: 1
 * when any input was bad or any audit failed.
 */
export async function runRemediate(io: CommandIO, options: RemediateCommandOptions): Promise<number> {
  const tally = new RemediateTally();
  const remediator = new Remediator({
    settings: options.settings,
    clients: options.clients,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.store
      ? {
          store: options.store.store,
          ...(options.store.retentionDays !== undefined
            ? { retentionDays: options.store.retentionDays }
            : {}),
        }
      : {}),
    trigger: 'cli',
    // Findings are printed as soon as they exist, before they are published: a fix is never unrecorded.
    record: async (findings) => {
      for (const finding of findings) {
        tally.add(finding);
        await writeLine(io.stdout, JSON.stringify(finding));
      }
    },
  });
  // A failure of the whole run (no credentials, AWS out of reach): stop, and say it once.
  let stopped: string | undefined;
  const limit = Math.max(1, options.concurrency ?? 8);
  const running = new Set<Promise<void>>();

  const auditOne = async (where: string, value: unknown) => {
    try {
      const message = parseResourceMessage(value);
      if (options.onlyAccount !== undefined && message.account !== options.onlyAccount) {
        throw new ConfigurationError(
          `this message is for account ${message.account} but your credentials are of account ${options.onlyAccount}; drop --no-assume-role to assume the member role there`,
        );
      }
      const report = await remediator.audit(message);
      for (const { change } of report.changes ?? []) tally.change(change);
      if (report.audited) tally.audited += 1;
      else {
        tally.unaudited += 1;
        io.stderr.write(`${where}: no auditor for type ${report.resource.type} yet; skipped\n`);
      }
    } catch (error) {
      const failure = runFailure(error);
      if (failure !== undefined) {
        stopped ??= failure;
        tally.failed += 1;
      } else if (error instanceof ValidationError) {
        tally.bad += 1;
        io.stderr.write(`${where}: ${error.problems.join('; ')}\n`);
      } else {
        tally.failed += 1;
        io.stderr.write(`${where}: ${describeError(error)}\n`);
      }
    }
  };

  for await (const item of readJsonInput(io.stdin)) {
    if (stopped !== undefined) break;
    tally.messages += 1;
    if ('error' in item) {
      tally.bad += 1;
      io.stderr.write(`${item.where}: ${item.error}\n`);
      continue;
    }
    const task = auditOne(item.where, item.value).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);

  if (stopped !== undefined) {
    io.stderr.write(`aws-remediation: ${stopped}\n${tally.lines(options.store?.table).join('\n')}\n`);
    return 2;
  }
  io.stderr.write(`${tally.lines(options.store?.table).join('\n')}\n`);
  return tally.bad > 0 || tally.failed > 0 ? 1 : 0;
}

/** What a `remediate` run will do: a dry run, or the fixes of these checks. */
export interface RemediatePlan {
  readonly settings: ResolvedSettings;
  readonly apply: boolean;
  /** The checks whose fixes are applied (with `apply`), or would be with `--remediate` (without). */
  readonly checks: readonly CheckId[];
  /** The checks a fix of which is disruptive, among {@link checks}. */
  readonly disruptive: readonly CheckId[];
  /** Why nothing would be fixed, when {@link checks} is empty. */
  readonly none?: string;
}

/** The value of `--remediate`: absent, bare, or a list of checks and types (`all` for every one). */
export type RemediateFlag = boolean | string | undefined;

const NAME_WHAT = 'name the checks to fix (--remediate sqs.public,s3_bucket.public, or --remediate all)';

/** `--remediate a,b`: a map naming each check or type, or `true` for `all`. */
function namedFixes(list: string): ResolvedSettings['remediate'] {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw new UsageError(`--remediate was given an empty list; ${NAME_WHAT}`);
  if (names.includes('all')) {
    if (names.length > 1) throw new UsageError('--remediate all names every check: give it alone');
    return true;
  }
  const unknown = names.filter((n) => !isCheckId(n) && !(RESOURCE_TYPES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--remediate ${unknown.join(', ')}: not a check id or resource type; use check ids (${CHECK_IDS.join(', ')}) or types (${RESOURCE_TYPES.join(', ')}), or all`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, true]));
}

/**
 * The settings and plan of a `remediate` run. Without `--remediate` nothing is ever changed. Bare
 * `--remediate` applies the fixes the settings file turns on, and refuses when there is no file or it
 * turns none on; `--remediate CHECK,TYPE,...` (or `all`) applies those, whatever the file says.
 * Disruptive fixes and the removal of partner access follow the same consent rules as the functions
 * (`remediateDisruptive`, or naming them). Throws {@link UsageError} (exit 2) when it refuses.
 */
export function remediatePlan(
  config: string | undefined,
  flag: RemediateFlag,
  env: NodeJS.ProcessEnv = process.env,
): RemediatePlan {
  let settings: ResolvedSettings;
  if (config) {
    settings = readSettingsFile(config).settings;
  } else {
    settings = validateLocalSettings({ regions: [env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'] });
  }
  const chosen = typeof flag === 'string' ? { ...settings, remediate: namedFixes(flag) } : settings;
  const checks = enabledChecks(chosen);
  const disruptive = checks.filter((c) => DISRUPTIVE_CHECKS.has(c));
  const none =
    checks.length > 0
      ? undefined
      : config
        ? `${config} turns no fix on (its remediate is false or unset)`
        : 'no settings file says which fixes to apply';
  if (flag === true && none !== undefined) throw new UsageError(`--remediate: ${none}; ${NAME_WHAT}`);
  const apply = flag !== undefined && flag !== false;
  return {
    settings: { ...chosen, remediate: apply ? chosen.remediate : false },
    apply,
    checks,
    disruptive,
    ...(none !== undefined ? { none } : {}),
  };
}

/** The line on stderr that says what a run will change. */
export function planBanner(plan: RemediatePlan): string {
  const list = (checks: readonly CheckId[]) => checks.join(', ');
  const disruptive =
    plan.disruptive.length > 0 ? `; disruptive (they stop or delete): ${list(plan.disruptive)}` : '';
  if (plan.apply) return `remediate: applying the fixes of ${list(plan.checks)}${disruptive}`;
  const would =
    plan.checks.length > 0
      ? `--remediate would fix ${list(plan.checks)}${disruptive}`
      : `${plan.none}; to fix, ${NAME_WHAT}`;
  return `remediate: dry run, nothing is changed (${would})`;
}
