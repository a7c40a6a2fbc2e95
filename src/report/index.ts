import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import type { Report } from './summary';

export { renderCsv, renderHtml, renderJson, renderMarkdown };
export * from './summary';

export const REPORT_FORMATS = ['html', 'csv', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The format an output file's name implies: `.csv`, `.md`/`.markdown`, `.json`; html otherwise. */
export function formatForOutput(file: string | undefined): ReportFormat {
  const name = (file ?? '').toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  if (name.endsWith('.json')) return 'json';
  return 'html';
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'csv':
      return renderCsv(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'json':
      return renderJson(report);
  }
}
