// Keeps the generated parts of README.md in step with the code. `npx tsx scripts/readme.ts` rewrites
// them; a test fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_RULES } from '../src/runtime/events/table';

export const README = resolve(__dirname, '..', 'README.md');

/** The translation table as Markdown: one row per service and resource type. */
export function renderEventTable(): string {
  const rows = new Map<string, { source: string; types: string; names: string[] }>();
  for (const rule of EVENT_RULES) {
    const types = rule.targets
      .map((t) => `\`${t.type}\`${t.delay ? ` (after ${t.delay} s)` : ''}`)
      .join(' or ');
    const key = `${rule.eventSource}|${types}`;
    const row = rows.get(key) ?? { source: rule.eventSource, types, names: [] };
    row.names.push(rule.eventName);
    rows.set(key, row);
  }
  const lines = ['| Event source | Event names | Resource messages |', '| --- | --- | --- |'];
  for (const row of rows.values()) lines.push(`| ${row.source} | ${row.names.join(', ')} | ${row.types} |`);
  return `${lines.join('\n')}\n\n${EVENT_RULES.length} API calls in all.`;
}

const SECTIONS: Record<string, () => string> = { events: renderEventTable };

/** README.md with every generated section replaced by its current content. */
export function renderReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

if (require.main === module) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
}
