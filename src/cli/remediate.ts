import { readSettingsFile } from '../runtime/config';
import { CHECK_IDS } from '../runtime/contracts/checks';
import { RESOURCE_TYPES, parseResourceMessage } from '../runtime/contracts/message';
import { type ResolvedSettings, validateLocalSettings } from '../runtime/contracts/settings';
import type { ClientSource } from '../runtime/aws/clients';
import { describeError } from '../runtime/aws/errors';
import { ConfigurationError, ValidationError } from '../runtime/errors';
import type { Finding } from '../runtime/findings/finding';
import type { Notifier } from '../runtime/remediator/notify';
import { Remediator } from '../runtime/remediator/remediator';
import { type CommandIO, readJsonInput, writeLine } from './io';

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
}

/** Counts of findings by check and status, and of messages, for the summary on stderr. */
class RemediateTally {
  messages = 0;
  audited = 0;
  unaudited = 0;
  failed = 0;
  bad = 0;
  private readonly byCheck = new Map<string, Map<string, number>>();

  add(finding: Finding): void {
    const statuses = this.byCheck.get(finding.check) ?? new Map<string, number>();
    statuses.set(finding.remediation.status, (statuses.get(finding.remediation.status) ?? 0) + 1);
    this.byCheck.set(finding.check, statuses);
  }

  lines(): string[] {
    const findings = [...this.byCheck.values()].reduce(
      (n, m) => n + [...m.values()].reduce((a, b) => a + b, 0),
      0,
    );
    const head = [
      `${this.messages} ${this.messages === 1 ? 'message' : 'messages'}`,
      `${this.audited} audited`,
      ...(this.unaudited ? [`${this.unaudited} of a type without an auditor`] : []),
      ...(this.failed ? [`${this.failed} failed`] : []),
      ...(this.bad ? [`${this.bad} bad input`] : []),
      `${findings} ${findings === 1 ? 'finding' : 'findings'}`,
    ].join(', ');
    const checks = [...this.byCheck.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([check, statuses]) => {
        const parts = [...statuses.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([s, n]) => `${n} ${s}`);
        return `  ${check}: ${parts.join(', ')}`;
      });
    return [`remediate: ${head}`, ...checks];
  }
}

/**
 * `aws-remediation remediate`: resource messages on stdin (JSON lines or a JSON array), each audited
 * in its account by the same remediator the Lambda runs; findings on stdout, one JSON per line; bad
 * lines and failed audits on stderr, then a summary by check and status. Returns the exit code: 1
 * when any input was bad or any audit failed.
 */
export async function runRemediate(io: CommandIO, options: RemediateCommandOptions): Promise<number> {
  const remediator = new Remediator({
    settings: options.settings,
    clients: options.clients,
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  const tally = new RemediateTally();
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
      if (report.audited) tally.audited += 1;
      else {
        tally.unaudited += 1;
        io.stderr.write(`${where}: no auditor for type ${report.resource.type} yet; skipped\n`);
      }
      for (const finding of report.findings) {
        tally.add(finding);
        await writeLine(io.stdout, JSON.stringify(finding));
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        tally.bad += 1;
        io.stderr.write(`${where}: ${error.problems.join('; ')}\n`);
      } else {
        tally.failed += 1;
        io.stderr.write(`${where}: ${describeError(error)}\n`);
      }
    }
  };

  for await (const item of readJsonInput(io.stdin)) {
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

  io.stderr.write(`${tally.lines().join('\n')}\n`);
  return tally.bad > 0 || tally.failed > 0 ? 1 : 0;
}

/**
 * The settings of a `remediate` run. Without `--remediate` nothing is ever changed, whatever the file
 * says. With it, the file's `remediate` decides which fixes are applied; when the file does not set
 * `remediate`, every fix is. Without a file, the known accounts are the messages' own, so every fix is
 * applied but the removal of shares with other accounts (`*.shared_unknown_account`).
 */
export function remediateSettings(
  config: string | undefined,
  applyFixes: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSettings {
  let settings: ResolvedSettings;
  let fileSetsRemediate = false;
  if (config) {
    const file = readSettingsFile(config);
    settings = file.settings;
    fileSetsRemediate = file.given.has('remediate');
  } else {
    settings = validateLocalSettings({ regions: [env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'] });
  }
  let remediate: ResolvedSettings['remediate'] = !applyFixes
    ? false
    : fileSetsRemediate
      ? settings.remediate
      : true;
  if (applyFixes && !config) {
    // Without settings the only known account is each message's own: sharing with any other account
    // would look like sharing with a stranger, so those shares are reported, not removed.
    remediate = {
      ...Object.fromEntries(RESOURCE_TYPES.map((type) => [type, true])),
      ...Object.fromEntries(
        CHECK_IDS.filter((id) => id.endsWith('.shared_unknown_account')).map((id) => [id, false]),
      ),
    };
  }
  return { ...settings, remediate };
}
