/** The Chromium the browser test (and scripts/report-screenshot.ts) drive: the distribution's. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and nothing of Chromium's own that would reach the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
