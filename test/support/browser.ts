import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium; the browser tests skip themselves without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchBrowser = (extraArgs: string[] = []): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });

export interface OpenPage {
  page: Page;
  /** Console errors and uncaught exceptions: what the CSP blocked, what threw. */
  problems: string[];
}

/** A page in a browser context of its own (its own storage: another person's browser), noting its problems. */
export async function openPage(browser: Browser, url: string): Promise<OpenPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A busy machine is slow: wait generously for what the page shows.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems };
}

/** The value a bar chart draws for a label (the chart carries it as data-value). */
export async function barValue(page: Page, chart: string, label: RegExp): Promise<number> {
  const bars = page.locator(`${chart} .bar`);
  for (const bar of await bars.all()) {
    if (label.test((await bar.getAttribute('data-label')) ?? '')) return Number(await bar.getAttribute('data-value'));
  }
  throw new Error(`no bar labelled ${label} in ${chart}`);
}
