// Keeps the generated parts of README.md in step with the code. `npx tsx scripts/readme.ts` rewrites
// them; a test fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CORE_READ_ACTIONS, registry } from '../src/runtime/auditors/registry';
import { MANIFESTS } from '../src/runtime/types';
import { type CheckId, DISRUPTIVE_CHECKS, NAMED_ONLY_CHECKS } from '../src/runtime/contracts/checks';
import { EVENT_RULES } from '../src/runtime/events/table';
import { memberRoleActions, remediationActions } from '../src/runtime/permissions';

export const README = resolve(__dirname, '..', 'README.md');

/** The resource types as Markdown, from their manifests: each with its message id, scope and counts. */
export function renderTypesTable(): string {
  const lines = [
    '| Type | Message `id` | Listed | Checks | Fixes | API calls |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const m of MANIFESTS) {
    const listed =
      m.listing === undefined
        ? 'in each region (the poller sends one message per account and region)'
        : 'listedWith' in m.listing
          ? `in each region, with \`${m.listing.listedWith}\``
          : m.global === true
            ? 'once per account (global)'
            : 'in each region';
    const fixes = m.checks.filter((c) => c.fix !== undefined).length;
    const calls = m.events.reduce((n, row) => n + row.eventNames.length, 0);
    lines.push(`| \`${m.type}\` | ${m.id} | ${listed} | ${m.checks.length} | ${fixes} | ${calls} |`);
  }
  const global = MANIFESTS.filter((m) => m.global === true).length;
  const checks = registry.checks();
  const fixes = checks.filter((c) => c.fix !== undefined).length;
  return [
    lines.join('\n'),
    '',
    `${MANIFESTS.length} resource types (${global} global), ${checks.length} checks (${fixes} with a fix); one folder each in \`src/runtime/types/\`.`,
  ].join('\n');
}

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

/** The consent a fix needs beyond `remediate: true`, for the checks table. */
function consentOf(check: CheckId, fix: string | undefined): string {
  if (fix === undefined) return '';
  if (NAMED_ONLY_CHECKS.has(check)) return 'partner access: only when the check is named';
  if (DISRUPTIVE_CHECKS.has(check))
    return '**disruptive**: `remediateDisruptive`, or the check or type named';
  return '';
}

/** The checks of the auditor registry as Markdown, with what each fix does and the consent it needs. */
export function renderChecksTable(): string {
  const lines = [
    '| Check | Severity | Finds | Automatic fix (when enabled) | Needs more than `remediate: true` | FSBP | CIS v3.0.0 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const ids = (list: readonly string[] | undefined) => (list ?? []).join(', ');
  for (const check of registry.checks()) {
    lines.push(
      `| \`${check.id}\` | ${check.severity} | ${check.title} | ${check.fix ?? 'none: reported only'} | ${consentOf(check.id, check.fix)} | ${ids(check.compliance?.fsbp)} | ${ids(check.compliance?.cis)} |`,
    );
  }
  return [
    lines.join('\n'),
    '',
    `${registry.checks().length} checks over ${MANIFESTS.length} resource types.`,
  ].join('\n');
}

/** The IAM actions of the member role, from the auditors' and the poller's declarations. */
export function renderMemberActions(): string {
  const read = memberRoleActions(false);
  const write = remediationActions();
  return [
    `Always (read): ${read.map((a) => `\`${a}\``).join(', ')}.`,
    '',
    `Only when remediation is on: ${write.map((a) => `\`${a}\``).join(', ')}.`,
    '',
    `(\`${CORE_READ_ACTIONS.join('`, `')}\` are used only in the management accounts listed in \`organizationAccounts\`.)`,
  ].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  types: renderTypesTable,
  events: renderEventTable,
  checks: renderChecksTable,
  'member-actions': renderMemberActions,
};

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
