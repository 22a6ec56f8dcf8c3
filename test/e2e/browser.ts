import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium, as TESTING.md says: never a downloaded browser. Each
// launch gets a fresh profile directory, removed on close.
export const CHROMIUM = process.env['WGDESK_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // performance.memory with real numbers, for the renderer bench.
  '--enable-precise-memory-info',
];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far (a CSP violation shows up here). */
  readonly errors: string[];
  /** Runs `steps`; if they throw, saves what the page showed as `path` first. */
  capturingFailure<T>(path: string, steps: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function launch(
  opts: {
    colorScheme?: 'light' | 'dark';
    locale?: string;
    /** Another Chromium launcher, e.g. one that enters a network namespace first. */
    executablePath?: string;
  } = {},
): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'wgdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.executablePath ?? CHROMIUM,
    args: ARGS,
    viewport: { width: 1360, height: 820 },
    deviceScaleFactor: 1,
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    errors,
    async capturingFailure(path, steps) {
      try {
        return await steps();
      } catch (e) {
        await page.screenshot({ path }).catch(() => undefined);
        throw e;
      }
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
