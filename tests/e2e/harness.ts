// Shared end-to-end harness: Debian's Chromium with the built extension loaded.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, test as base, type Worker } from '@playwright/test';

export const REPO = resolve(import.meta.dirname, '../..');
/** The shipped build: closed badge shadow roots, nothing about a person in the page's DOM. */
export const EXTENSION_DIR = join(REPO, 'dist/extension/chrome-mv3');
/**
 * The test build (scripts/build.mjs, KEHU_TEST_BUILD=1): the same extension with badge shadow roots
 * open and hosts labelled `data-email` / `data-level`, so tests and axe can look inside. The
 * extension tests run it; tests/e2e/hostile-page.spec.ts runs the shipped build.
 */
export const TEST_EXTENSION_DIR = join(REPO, 'dist/extension-test/chrome-mv3');

export function chromePath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: run "npm test" (it installs it) or set CHROME_PATH`);
  return path;
}

/** Flags that keep Chromium quiet on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A time zone in which it is now ten in the morning (10:00–10:59), so "today" has more than twelve hours
 * left. Tests about the rep's day (follow-ups due today) run the browser there: in the machine's
 * own zone a follow-up due in an hour is tomorrow's when the run starts at 23:30.
 */
export function morningTimeZone(now = new Date()): string {
  let offset = 10 - now.getUTCHours(); // -13 … +10
  if (offset < -12) offset += 24; // the Etc zones run from UTC-12 to UTC+14
  // POSIX signs: Etc/GMT-10 is ten hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** A fresh browser profile with the built extension (the test build unless told) loaded. */
export async function launchWithExtension(
  extensionDir = TEST_EXTENSION_DIR,
  options: { timeZone?: string } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no built extension at ${extensionDir}: run "npm run build" first`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'kehu-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromePath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    // The whole browser's zone, the extension's service worker included (Playwright's timezoneId
    // reaches pages only).
    ...(options.timeZone ? { env: { ...process.env, TZ: options.timeZone } } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 120_000 }));
}

type ExtensionFixtures = { context: BrowserContext; serviceWorker: Worker; extensionId: string };
type ExtensionOptions = {
  /** 'morning': the browser runs where it is ten in the morning now (morningTimeZone); else the machine's zone. */
  repTime: 'machine' | 'morning';
};

/** `test` with a browser context that has the extension, its service worker and its id. */
export const test = base.extend<ExtensionFixtures & ExtensionOptions>({
  repTime: ['machine', { option: true }],
  context: async ({ repTime }, use) => {
    const { context, close } = await launchWithExtension(
      TEST_EXTENSION_DIR,
      repTime === 'morning' ? { timeZone: morningTimeZone() } : {},
    );
    await use(context);
    await close();
  },
  serviceWorker: async ({ context }, use) => {
    await use(await serviceWorkerOf(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});
export const expect = test.expect;
