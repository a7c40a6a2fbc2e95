import { createHash } from 'node:crypto';
import { REMEDIATION_STATUSES } from '../runtime/findings/finding';
import { FINDING_STATUSES } from '../runtime/findings/lifecycle';
import { plural } from '../runtime/text';
import { type Report, type ReportItem, SEVERITY_ORDER, checkTitle } from './summary';

/** Text as HTML, for element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;

/** JSON of a value, pretty-printed, as HTML text. */
const jsonHtml = (value: unknown) => e(JSON.stringify(value, null, 2) ?? String(value));

/** `2026-11-22T12:00:00.000Z` as `2026-11-22 12:00 UTC` (other text as it is). */
function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;
--critical:#8b0a1a;--high:#cf222e;--medium:#9a6700;--low:#3d6e99;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg)}
*{box-sizing:border-box}
body{margin:0 auto;padding:24px 28px 40px;max-width:1480px;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:15px;margin:0 0 8px}
.meta{color:var(--muted);margin:0 0 20px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:16px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:118px;background:var(--soft)}
.card b{display:block;font-size:24px;line-height:1.2}
.card span{color:var(--muted);text-transform:capitalize}
.card.critical{border-left:5px solid var(--critical)}.card.high{border-left:5px solid var(--high)}
.card.medium{border-left:5px solid var(--medium)}.card.low{border-left:5px solid var(--low)}
.breakdown{display:flex;flex-wrap:wrap;gap:14px 28px;margin-bottom:26px}
.breakdown section{flex:1 1 200px;min-width:0}
.breakdown section.wide{flex:3 1 520px}
.breakdown .list{columns:2 250px;column-gap:28px}
.kv{display:flex;justify-content:space-between;gap:12px;padding:3px 0;border-bottom:1px solid #eaeef2;break-inside:avoid}
.kv b{font-variant-numeric:tabular-nums}
.kv.zero{color:#8c959f}.kv.zero b{font-weight:normal}
.sub{display:block;color:var(--muted);font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff;
white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge.critical{background:var(--critical)}.badge.high{background:var(--high)}
.badge.medium{background:var(--medium)}.badge.low{background:var(--low)}
.pill{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;border:1px solid var(--line);white-space:nowrap;background:#fff}
.pill.applied,.pill.resolved{border-color:#1a7f37;color:#1a7f37}
.pill.failed,.pill.open{border-color:var(--high);color:var(--high)}
.pill.excepted{border-color:#8250df;color:#8250df}
.pill.dry_run{border-color:var(--medium);color:var(--medium)}
.pill.not_available{color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:0 0 10px}
.controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
.controls input{min-width:280px}
.controls label{color:var(--muted)}
.controls .shown{margin-left:auto;color:var(--muted)}
#findings{width:100%;border-collapse:collapse;table-layout:auto}
#findings th{text-align:left;font-weight:600;background:var(--soft);border-bottom:2px solid var(--line);
padding:0;position:sticky;top:0;z-index:1;white-space:nowrap}
#findings th button{all:unset;display:block;padding:7px 8px;cursor:pointer}
#findings th button:focus-visible{outline:2px solid var(--accent)}
#findings th button::after{content:"\\2195";color:#afb8c1;margin-left:4px;font-size:11px}
#findings th[aria-sort=ascending] button::after{content:"\\25B2";color:var(--fg)}
#findings th[aria-sort=descending] button::after{content:"\\25BC";color:var(--fg)}
#findings th.t{width:28px}
#findings td{padding:7px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
#findings tbody:hover tr.row td{background:#f6f8fa}
#findings td.res{min-width:200px;max-width:340px;overflow-wrap:anywhere}
#findings td.msg{min-width:220px;max-width:520px;overflow-wrap:anywhere}
#findings td.check{min-width:150px;max-width:230px}
#findings td.nowrap{white-space:nowrap}
.toggle{all:unset;cursor:pointer;display:inline-block;width:18px;text-align:center;color:var(--muted);border-radius:4px}
.toggle:focus-visible{outline:2px solid var(--accent)}
.toggle::before{content:"\\25B8"}
.toggle[aria-expanded=true]::before{content:"\\25BE"}
tr.detail td{background:#fbfcfd;padding:10px 14px 14px 38px;box-shadow:inset 3px 0 0 var(--accent)}
#findings tbody.open tr.row td{background:#f1f6fd}
#findings tbody.open tr.row td:first-child{box-shadow:inset 3px 0 0 var(--accent)}
.js tr.detail{display:none}
.js tr.detail.open{display:table-row}
dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0 0 8px}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.states{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
pre{margin:4px 0 0;padding:8px 10px;background:#fff;border:1px solid var(--line);border-radius:6px;
max-height:360px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.empty{padding:24px;text-align:center;color:var(--muted)}
footer{margin-top:22px;color:var(--muted);font-size:12px}
@media print{body{padding:0;max-width:none;font-size:11px}code,pre,.mono,.sub,.badge,.pill{font-size:10px}
#findings td.res,#findings td.msg,#findings td.check{min-width:0}#findings td{padding:4px 5px}.controls,.toggle,#findings th button::after{display:none}
#findings th{position:static}#findings tbody{break-inside:avoid}pre{max-height:none}
.js tr.detail.open{display:table-row}}
`;

/** Sorting, filtering and expanding; the page reads fine without it. */
const SCRIPT = `
(function () {
  document.documentElement.className = 'js';
  var table = document.getElementById('findings');
  var bodies = Array.prototype.slice.call(table.tBodies).filter(function (b) { return b.dataset.i; });
  var text = document.getElementById('q');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var shown = document.getElementById('shown');
  var none = document.getElementById('none');
  function filter() {
    var q = text.value.trim().toLowerCase();
    var n = 0;
    bodies.forEach(function (b) {
      var ok = !q || b.rows[0].textContent.toLowerCase().indexOf(q) >= 0;
      selects.forEach(function (s) { if (s.value && b.dataset[s.dataset.filter] !== s.value) ok = false; });
      b.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = n + ' of ' + bodies.length + ' shown';
    none.hidden = n > 0;
  }
  text.addEventListener('input', filter);
  selects.forEach(function (s) { s.addEventListener('change', filter); });
  function key(b, col) {
    var cell = b.rows[0].cells[col];
    return cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim().toLowerCase();
  }
  table.tHead.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-col]');
    if (!button) return;
    var th = button.parentNode;
    var col = Number(button.dataset.col);
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
    bodies.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      return (x < y ? -1 : x > y ? 1 : 0) * dir || a.dataset.i - b.dataset.i;
    });
    bodies.forEach(function (b) { table.insertBefore(b, none); });
  });
  table.addEventListener('click', function (event) {
    var button = event.target.closest('button.toggle');
    if (!button) return;
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.closest('tbody').classList.toggle('open', open);
    document.getElementById(button.getAttribute('aria-controls')).classList.toggle('open', open);
  });
  filter();
})();
`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * Nothing may load from anywhere, and only this page's own style and script may run, so even text
 * that escaped escaping could not run or call out.
 */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const label = (status: string) => status.replace(/_/g, ' ');

function breakdown(
  title: string,
  entries: readonly (readonly [string, number, string?])[],
  render: (key: string) => string = e,
  wide = false,
): string {
  const rows = entries
    .map(
      ([key, n, sub]) =>
        `<div class="kv${n === 0 ? ' zero' : ''}"><span>${render(key)}${sub ? `<span class="sub">${e(sub)}</span>` : ''}</span><b>${n}</b></div>`,
    )
    .join('');
  return `<section${wide ? ' class="wide"' : ''}><h2>${e(title)}</h2><div class="list">${rows || '<div class="kv zero"><span>none</span><b>0</b></div>'}</div></section>`;
}

function summary(report: Report): string {
  const { counts } = report;
  const cards = [
    `<div class="card"><b>${counts.total}</b><span>findings</span></div>`,
    ...SEVERITY_ORDER.map(
      (s) => `<div class="card ${s}" data-count="${s}"><b>${counts.bySeverity[s]}</b><span>${s}</span></div>`,
    ),
  ].join('');
  const sections = [
    breakdown(
      'Remediation',
      REMEDIATION_STATUSES.map((s) => [s, counts.byRemediation[s]] as const),
      (s) => `<span class="pill ${s}">${e(label(s))}</span>`,
    ),
    ...(counts.byStatus
      ? [
          breakdown(
            'Status',
            FINDING_STATUSES.map((s) => [s, counts.byStatus![s]] as const),
            (s) => `<span class="pill ${s}">${e(s)}</span>`,
          ),
        ]
      : []),
    breakdown(
      'Accounts',
      Object.entries(counts.byAccount).map(([a, n]) => [a, n] as const),
      (a) => `<span class="mono">${e(a)}</span>`,
    ),
    breakdown(
      'Checks',
      Object.entries(counts.byCheck).map(([c, n]) => [c, n, checkTitle(c)] as const),
      (c) => `<code>${e(c)}</code>`,
      true,
    ),
  ].join('');
  return `<div class="cards" id="summary">${cards}</div><div class="breakdown">${sections}</div>`;
}

function select(name: string, filter: string, values: readonly string[], text = label): string {
  const options = values.map((v) => `<option value="${e(v)}">${e(text(v))}</option>`).join('');
  return `<label>${e(name)} <select data-filter="${filter}" aria-label="${e(name)}"><option value="">all</option>${options}</select></label>`;
}

function controls(report: Report): string {
  const { counts } = report;
  return [
    '<div class="controls">',
    '<input id="q" type="search" placeholder="Filter by any text…" aria-label="Filter the findings">',
    select('Severity', 'severity', SEVERITY_ORDER),
    select('Remediation', 'remediation', REMEDIATION_STATUSES),
    ...(counts.byStatus ? [select('Status', 'status', FINDING_STATUSES)] : []),
    select('Account', 'account', Object.keys(counts.byAccount).sort(), (a) => a),
    `<span class="shown" id="shown">${plural(counts.total, 'finding')}</span>`,
    '</div>',
  ].join('');
}

function detail(item: ReportItem, id: string, columns: number): string {
  const { finding, stored } = item;
  const { remediation } = finding;
  const facts: [string, string][] = [
    ['Action', e(remediation.action)],
    ...(remediation.reason ? [['Reason', e(remediation.reason)] as [string, string]] : []),
    ...(finding.notUndoable ? [['Not undoable', e(finding.notUndoable)] as [string, string]] : []),
    ...(finding.observedAt ? [['Observed', e(when(finding.observedAt))] as [string, string]] : []),
    ...(finding.trigger ? [['Trigger', e(finding.trigger)] as [string, string]] : []),
    ...(stored
      ? ([
          ['First seen', e(when(stored.firstSeen))],
          ['Last seen', e(when(stored.lastSeen))],
          ...(stored.resolvedAt ? [['Resolved', e(when(stored.resolvedAt))]] : []),
        ] as [string, string][])
      : []),
    ['Finding id', `<span class="mono">${e(finding.id)}</span>`],
  ];
  const states = [
    ...(finding.before !== undefined
      ? [
          `<div><b>Before</b> (what the fix replaced)<pre class="before">${jsonHtml(finding.before)}</pre></div>`,
        ]
      : []),
    ...(finding.after !== undefined
      ? [`<div><b>After</b> (what the fix left)<pre class="after">${jsonHtml(finding.after)}</pre></div>`]
      : []),
  ];
  return [
    `<tr class="detail" id="${id}"><td colspan="${columns}">`,
    `<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    states.length > 0 ? `<div class="states">${states.join('')}</div>` : '',
    '</td></tr>',
  ].join('');
}

function findingRows(report: Report, stored: boolean, columns: number): string {
  return report.items
    .map((item, i) => {
      const { finding } = item;
      const { resource, remediation } = finding;
      const id = `d${i + 1}`;
      const title = checkTitle(finding.check);
      const cells = [
        `<td><button type="button" class="toggle" aria-expanded="false" aria-controls="${id}" aria-label="Details"></button></td>`,
        `<td data-v="${SEVERITY_ORDER.indexOf(finding.severity)}"><span class="badge ${finding.severity}">${finding.severity}</span></td>`,
        `<td class="check"><code>${e(finding.check)}</code>${title ? `<span class="sub">${e(title)}</span>` : ''}</td>`,
        `<td class="res"><span class="sub">${e(resource.type)}</span><span class="mono">${e(resource.id || '(account and region)')}</span></td>`,
        `<td class="mono nowrap">${e(resource.account)}</td>`,
        `<td class="nowrap">${e(resource.region)}</td>`,
        `<td><span class="pill ${remediation.status}">${e(label(remediation.status))}</span></td>`,
        ...(stored
          ? [
              `<td>${item.stored ? `<span class="pill ${item.stored.status}">${item.stored.status}</span>` : ''}</td>`,
            ]
          : []),
        `<td class="msg">${e(finding.message)}</td>`,
      ];
      const data = [
        `data-i="${i + 1}"`,
        `data-severity="${finding.severity}"`,
        `data-remediation="${remediation.status}"`,
        `data-account="${e(resource.account)}"`,
        ...(item.stored ? [`data-status="${item.stored.status}"`] : []),
      ].join(' ');
      return `<tbody ${data}><tr class="row">${cells.join('')}</tr>${detail(item, id, columns)}</tbody>`;
    })
    .join('\n');
}

/**
 * The report as one self-contained HTML page: inline style and script only (nothing is loaded, a
 * Content-Security-Policy says so), every value escaped. A summary, then a table of the findings
 * that sorts by a click on a column, filters by text, severity, remediation, status and account, and
 * opens a row to show the remediation and the `before` and `after` states.
 */
export function renderHtml(report: Report): string {
  const stored = report.counts.byStatus !== undefined;
  const headers = [
    'Severity',
    'Check',
    'Resource',
    'Account',
    'Region',
    'Remediation',
    ...(stored ? ['Status'] : []),
    'Message',
  ];
  const columns = headers.length + 1;
  const head = `<tr><th class="t"><span hidden>Details</span></th>${headers
    .map((h, i) => `<th><button type="button" data-col="${i + 1}">${h}</button></th>`)
    .join('')}</tr>`;
  const total = report.counts.total;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<title>AWS remediation report: ${plural(total, 'finding')}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>AWS remediation report</h1>
<p class="meta">Generated <time datetime="${e(report.generatedAt)}">${e(when(report.generatedAt))}</time> from <b id="total">${plural(total, 'finding')}</b> (${e(report.source)}).</p>
</header>
<main>
${summary(report)}
${controls(report)}
<table id="findings">
<thead>${head}</thead>
${findingRows(report, stored, columns)}
<tbody id="none"${total > 0 ? ' hidden' : ''}><tr><td class="empty" colspan="${columns}">${total > 0 ? 'No finding matches the filters.' : 'No findings.'}</td></tr></tbody>
</table>
</main>
<footer>aws-remediation report</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
