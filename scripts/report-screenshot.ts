/**
 * Makes docs/report.png, the picture of the HTML report in README.md: the sample findings of the
 * report tests (less the hostile one), one row opened, in headless Chromium (`apt-get install -y
 * chromium`). Run: npx tsx scripts/report-screenshot.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildReport, renderHtml } from '../src/report';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/report/chromium';
import { HOSTILE_ID, SAMPLE } from '../test/report/sample';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'report-shot-'));
  const file = join(dir, 'report.html');
  const items = SAMPLE.filter((f) => f.resource.id !== HOSTILE_ID).map((finding) => ({ finding }));
  writeFileSync(
    file,
    renderHtml(
      buildReport(items, { generatedAt: new Date('2026-12-01T09:30:00Z'), source: 'standard input' }),
    ),
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1120 } });
    await page.goto(pathToFileURL(file).href);
    await page
      .locator('tbody[data-i]', { hasText: 'prod-invoices' })
      .first()
      .locator('button.toggle')
      .click();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: resolve(__dirname, '..', 'docs', 'report.png') });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
