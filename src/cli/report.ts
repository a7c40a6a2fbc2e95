import { writeFileSync } from 'node:fs';
import { ConfigurationError, UsageError } from '../runtime/errors';
import type { StoredFinding } from '../runtime/findings/lifecycle';
import {
  REPORT_FORMATS,
  type ReportFormat,
  type ReportItem,
  SEVERITY_ORDER,
  buildReport,
  formatForOutput,
  isReportFormat,
  renderReport,
  reportItem,
} from '../report';
import { plural } from '../runtime/text';
import { type CommandIO, readJsonInput } from './io';

/**
 * The format of `report`: `--format` when given (an unknown one is a one-line usage error), else the
 * one `--output`'s extension implies, else html.
 */
export function reportFormat(format: string | undefined, output: string | undefined): ReportFormat {
  if (format === undefined) return formatForOutput(output);
  if (!isReportFormat(format)) {
    throw new UsageError(`--format ${format}: not a report format; use one of ${REPORT_FORMATS.join(', ')}`);
  }
  return format;
}

export interface ReportOptions {
  readonly format?: string;
  /** The file to write; stdout when absent. */
  readonly output?: string;
  /** Read the stored findings of a findings table instead of stdin. */
  readonly table?: { readonly name: string; readonly list: () => AsyncIterable<StoredFinding> };
  /** The time the report says it was made (now by default). */
  readonly now?: Date;
}

/**
 * `aws-remediation report`: reads findings (JSON lines or a JSON array on stdin, as `remediate` or
 * `findings` print them; or the stored findings of `table`) and writes a report of them to `output`
 * or stdout, with a one-line summary on stderr. A value that is not a finding is reported on stderr
 * (`line N: ...`) and left out. Returns the exit code: 0, or 1 when some input was left out.
 */
export async function runReport(io: CommandIO, options: ReportOptions): Promise<number> {
  const format = reportFormat(options.format, options.output);
  const items: ReportItem[] = [];
  let bad = 0;
  const take = (where: string, value: unknown) => {
    const item = reportItem(value);
    if ('problem' in item) {
      bad += 1;
      io.stderr.write(`${where}: ${item.problem}\n`);
    } else {
      items.push(item);
    }
  };
  if (options.table) {
    for await (const stored of options.table.list()) take(`table item ${String(stored.id)}`, stored);
  } else {
    for await (const input of readJsonInput(io.stdin)) {
      if ('error' in input) {
        bad += 1;
        io.stderr.write(`${input.where}: ${input.error}\n`);
      } else {
        take(input.where, input.value);
      }
    }
  }
  const source = options.table ? `findings table ${options.table.name}` : 'standard input';
  const report = buildReport(items, { generatedAt: options.now ?? new Date(), source });
  const text = renderReport(report, format);
  if (options.output !== undefined) {
    try {
      writeFileSync(options.output, text);
    } catch (error) {
      throw new ConfigurationError(
        `--output ${options.output}: cannot write it (${(error as Error).message})`,
      );
    }
  } else {
    await new Promise<void>((resolve, reject) =>
      io.stdout.write(text, (error) => (error ? reject(error) : resolve())),
    );
  }
  const severities = SEVERITY_ORDER.map((s) => `${report.counts.bySeverity[s]} ${s}`).join(', ');
  io.stderr.write(
    `report: ${plural(items.length, 'finding')} (${severities}) from ${source}${bad > 0 ? `, ${plural(bad, 'input')} left out` : ''}; ${format} written to ${options.output ?? 'stdout'}\n`,
  );
  return bad > 0 ? 1 : 0;
}
