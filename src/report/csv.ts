import { type Report, type ReportItem, checkTitle } from './summary';

/** The columns of the CSV report, in order (the header row). */
export const CSV_COLUMNS = [
  'severity',
  'check',
  'title',
  'account',
  'region',
  'resource_type',
  'resource_id',
  'remediation_status',
  'remediation_action',
  'remediation_reason',
  'message',
  'observed_at',
  'status',
  'first_seen',
  'last_seen',
  'id',
] as const;

/**
 * A value a spreadsheet would not take for a formula: one that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe (findings hold attacker-chosen text, such as resource
 * ids and policy statements).
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  const text = defuseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(item: ReportItem): string[] {
  const { finding, stored } = item;
  return [
    finding.severity,
    finding.check,
    checkTitle(finding.check),
    finding.resource.account,
    finding.resource.region,
    finding.resource.type,
    finding.resource.id,
    finding.remediation.status,
    finding.remediation.action,
    finding.remediation.reason ?? '',
    finding.message,
    finding.observedAt ?? '',
    stored?.status ?? '',
    stored?.firstSeen ?? '',
    stored?.lastSeen ?? '',
    finding.id,
  ];
}

/** The report as CSV (RFC 4180: CRLF line ends, a header row, one row per finding). */
export function renderCsv(report: Report): string {
  const lines = [[...CSV_COLUMNS], ...report.items.map(row)].map((fields) => fields.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
