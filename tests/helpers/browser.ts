/**
 * Headless Chromium for the browser tests (Debian's `chromium`, driven by playwright-core), plus what the
 * tests around it need: screenshots in tests/.screenshots/ and a record of script errors on a page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught exceptions and console errors (CSP violations among them), in order. */
  errors: string[];
  close(): Promise<void>;
}

/** A desktop-sized context; one per test file is enough, pages in it are cheap. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, ...options });
}

/**
 * A page with its script errors recorded, so a test can insist there were none: a new page of `context`,
 * or of a fresh context made with `options` (closed with the page) when given a browser.
 */
export async function openPage(target: Browser | BrowserContext, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const owned = 'newContext' in target ? await newContext(target, options) : null;
  const page = await (owned ?? (target as BrowserContext)).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, errors, close: () => (owned ? owned.close() : page.close()) };
}

/** Saves a screenshot as tests/.screenshots/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * The one page a browser test has open: `open` makes it (on `desktop`, or a fresh context when given
 * options), `close` ends it and returns the script errors it saw, so `afterEach` can insist on none.
 */
export function pageSlot(): { open(desktop: BrowserContext, browser: Browser, options?: BrowserContextOptions): Promise<WatchedPage>; close(): Promise<string[]> } {
  let current: WatchedPage | null = null;
  return {
    async open(desktop, browser, options = {}) {
      current = await (Object.keys(options).length > 0 ? openPage(browser, options) : openPage(desktop));
      return current;
    },
    async close() {
      const errors = current?.errors ?? [];
      await current?.close();
      current = null;
      return errors;
    },
  };
}

/** Closes what a test file started, in order, skipping what was never made. */
export async function closeAll(...resources: ({ close(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const resource of resources) await resource?.close();
}
