import { REMEDIATION_STATUSES } from '../runtime/findings/finding';
import { FINDING_STATUSES } from '../runtime/findings/lifecycle';
import { plural } from '../runtime/text';
import { type Report, SEVERITY_ORDER, checkTitle } from './summary';

/**
 * Text for a Markdown table cell: characters Markdown would read as a table edge, emphasis, a link,
 * code, strike-through or HTML (`| \ * _ ` [ ] < > & ~`) are backslash-escaped, and line breaks become
 * spaces, so attacker-chosen text (resource ids, policy statements) is shown as written.
 */
export function markdownCell(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\|*_`[\]<>&~]/g, (c) => `\\${c}`);
}

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** The report as Markdown: a summary table, then a findings table. */
export function renderMarkdown(report: Report): string {
  const { counts } = report;
  const summary: string[][] = [
    ...SEVERITY_ORDER.map((s) => [`severity ${s}`, String(counts.bySeverity[s])]),
    ...REMEDIATION_STATUSES.map((s) => [`remediation ${s}`, String(counts.byRemediation[s])]),
    ...(counts.byStatus ? FINDING_STATUSES.map((s) => [`status ${s}`, String(counts.byStatus![s])]) : []),
    ...Object.entries(counts.byAccount).map(([a, n]) => [`account ${markdownCell(a)}`, String(n)]),
    ...Object.entries(counts.byCheck).map(([c, n]) => [`check ${markdownCell(c)}`, String(n)]),
  ];
  const stored = counts.byStatus !== undefined;
  const header = [
    'severity',
    'check',
    'resource',
    'account',
    'region',
    'remediation',
    ...(stored ? ['status'] : []),
    'message',
  ];
  const rows = report.items.map(({ finding, stored: state }) => {
    const title = checkTitle(finding.check);
    return [
      finding.severity,
      `${markdownCell(finding.check)}${title ? ` (${markdownCell(title)})` : ''}`,
      `${markdownCell(finding.resource.type)} ${markdownCell(finding.resource.id)}`.trimEnd(),
      markdownCell(finding.resource.account),
      markdownCell(finding.resource.region),
      finding.remediation.status,
      ...(stored ? [state?.status ?? ''] : []),
      markdownCell(finding.message),
    ];
  });
  return [
    '# AWS remediation report',
    '',
    `Generated ${report.generatedAt} from ${plural(counts.total, 'finding')} (${markdownCell(report.source)}).`,
    '',
    '## Summary',
    '',
    ...table(['group', 'findings'], summary),
    '',
    '## Findings',
    '',
    ...(rows.length > 0 ? table(header, rows) : ['No findings.']),
    '',
  ].join('\n');
}
