import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { type Browser, type Page, chromium } from 'playwright-core';
import { runReport } from '../../src/cli/report';
import { captureIO } from '../helpers/cli';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { DEV, HOSTILE_ID, HOSTILE_MESSAGE, SAMPLE, storedSample } from './sample';

/** Writes the HTML report of `lines` (stdin of `report`) to `file`, as the CLI does. */
async function writeReport(lines: readonly unknown[], file: string): Promise<void> {
  const { io, stderr } = captureIO(lines.map((l) => JSON.stringify(l)).join('\n'));
  const code = await runReport(io, { output: file, now: new Date('2026-12-01T09:30:00Z') });
  expect(code, stderr()).to.equal(0);
}

describe('report: the HTML page in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: the browser test of the HTML report needs Chromium; install it with \`apt-get install -y chromium\` (.ci/run does)`,
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'report-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the report of `lines`; collects every request, dialog and error of the page. */
  async function open(lines: readonly unknown[], name: string) {
    const file = join(dir, name);
    await writeReport(lines, file);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    return { page, url, requests, problems };
  }

  const visible = (page: Page) => page.locator('#findings tbody[data-i]:visible');
  const column = (page: Page, n: number) =>
    page.$$eval(
      '#findings tbody[data-i]:not([hidden]) tr.row',
      (rows, i) =>
        rows.map((r) =>
          (r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells[
            i
          ]!.textContent!.trim(),
        ),
      n,
    );

  it('shows the counts, filters, sorts and expands rows, runs no injected script, and loads nothing', async () => {
    const { page, url, requests, problems } = await open(SAMPLE, 'report.html');
    try {
      expect(await page.title()).to.equal('AWS remediation report: 12 findings');
      expect(await page.locator('#total').textContent()).to.equal('12 findings');
      const cards = await page.$$eval('#summary [data-count]', (cards) =>
        cards.map((c) => `${c.getAttribute('data-count')} ${c.querySelector('b')!.textContent}`),
      );
      expect(cards).to.deep.equal(['critical 4', 'high 4', 'medium 4', 'low 0']);
      expect(await page.locator('.breakdown').textContent()).to.contain('applied3');
      expect(await visible(page).count()).to.equal(12);
      expect(await page.locator('#shown').textContent()).to.equal('12 of 12 shown');

      // The hostile resource id and message are shown as text; their script never ran.
      const hostile = page.locator('tbody[data-i]', { hasText: 'pwned' }).first();
      expect(await hostile.locator('td.res .mono').textContent()).to.equal(HOSTILE_ID);
      expect(await hostile.locator('td.msg').textContent()).to.equal(HOSTILE_MESSAGE);
      expect(await page.locator('#findings img, #findings script').count()).to.equal(0);

      // Filters: severity, account, text, together.
      await page.selectOption('select[data-filter=severity]', 'high');
      expect(await visible(page).count()).to.equal(4);
      expect(await page.locator('#shown').textContent()).to.equal('4 of 12 shown');
      await page.selectOption('select[data-filter=account]', DEV);
      expect(await visible(page).count()).to.equal(2);
      await page.fill('#q', 'ssh');
      expect(await visible(page).count()).to.equal(1);
      expect(await column(page, 2)).to.deep.equal([
        'security_group.public_ingressSecurity group allows ingress from anywhere',
      ]);
      await page.fill('#q', 'no such thing');
      expect(await visible(page).count()).to.equal(0);
      expect(await page.locator('#none').isVisible()).to.equal(true);
      await page.selectOption('select[data-filter=severity]', '');
      await page.selectOption('select[data-filter=account]', '');
      await page.fill('#q', 'PROD-INVOICES');
      expect(await visible(page).count()).to.equal(2);
      await page.selectOption('select[data-filter=remediation]', 'applied');
      expect(await visible(page).count()).to.equal(1);
      await page.selectOption('select[data-filter=remediation]', '');
      await page.fill('#q', '');
      expect(await visible(page).count()).to.equal(12);

      // Sorting: by account, up then down; by severity, most severe first.
      const accounts = await column(page, 4);
      await page.click('th button:text-is("Account")');
      expect(await page.getAttribute('th:has(button:text-is("Account"))', 'aria-sort')).to.equal('ascending');
      expect(await column(page, 4)).to.deep.equal([...accounts].sort());
      await page.click('th button:text-is("Account")');
      expect(await column(page, 4)).to.deep.equal([...accounts].sort().reverse());
      await page.click('th button:text-is("Resource")');
      const resources = await column(page, 3);
      expect(resources).to.deep.equal(
        [...resources].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
      );
      await page.click('th button:text-is("Severity")');
      expect(await column(page, 1)).to.deep.equal([
        ...Array(4).fill('critical'),
        ...Array(4).fill('high'),
        ...Array(4).fill('medium'),
      ]);

      // Expanding a row shows its remediation and before and after.
      const ec2 = page.locator('tbody[data-i]', { hasText: 'i-0123456789abcdef0' });
      const detail = ec2.locator('tr.detail');
      expect(await detail.isVisible()).to.equal(false);
      await ec2.locator('button.toggle').click();
      expect(await detail.isVisible()).to.equal(true);
      expect(await ec2.locator('button.toggle').getAttribute('aria-expanded')).to.equal('true');
      expect(JSON.parse((await detail.locator('pre.before').textContent())!)).to.deep.equal({
        HttpTokens: 'optional',
      });
      expect(JSON.parse((await detail.locator('pre.after').textContent())!)).to.deep.equal({
        HttpTokens: 'required',
      });
      expect(await detail.textContent()).to.contain('fix ec2.imdsv1_allowed');
      const bucket = page.locator('tbody[data-i]', { hasText: 'pwned' }).first();
      await bucket.locator('button.toggle').click();
      expect(await bucket.locator('pre.before').textContent()).to.contain('</pre><script>');

      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: '/tmp/report.png', fullPage: true });
      expect(await page.title()).to.equal('AWS remediation report: 12 findings');
      expect(problems).to.deep.equal([]);
      expect(requests).to.deep.equal([url]);
    } finally {
      await page.close();
    }
  });

  it('filters stored findings by status, with the status counts', async () => {
    const { page, url, requests, problems } = await open(storedSample(), 'stored.html');
    try {
      expect(await page.locator('.breakdown').textContent()).to.contain('open8resolved3excepted1');
      await page.selectOption('select[data-filter=status]', 'resolved');
      expect(await visible(page).count()).to.equal(3);
      expect(await column(page, 7)).to.deep.equal(['resolved', 'resolved', 'resolved']);
      expect(problems).to.deep.equal([]);
      expect(requests).to.deep.equal([url]);
    } finally {
      await page.close();
    }
  });
});
