// The demo's browser: Chromium with Kehu's extension loaded and connected to the demo collector,
// and the demo mailbox answering at the real Gmail address (Playwright routes
// https://mail.google.com/** to the demo server, so no request reaches Google and the extension's
// own Gmail content script runs). `npm start` opens it when there is a display; the end-to-end
// tests use the same functions in a headless browser.
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { GMAIL_MAILBOX_PATH } from './pages/server.ts';

export const GMAIL_INBOX = 'https://mail.google.com/mail/u/0/#inbox';

/** Flags for a browser on a machine that may have no network but loopback. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    // Chromium's sandbox cannot run as root (containers, CI): it refuses to start without this.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ];
}

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
}

/**
 * Let the extension reach an origin, as the rep does when the browser asks (the options page asks
 * when the rep tests the connection): through the extensions page's own API.
 */
export async function grantHostPermission(context: BrowserContext, extensionId: string, pattern: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions');
    const error = await page.evaluate(
      ([id, host]) =>
        new Promise<string>((resolve) => {
          const chrome = (
            globalThis as unknown as {
              chrome: {
                developerPrivate: { addHostPermission(id: string, host: string, cb: () => void): void };
                runtime: { lastError?: { message: string } };
              };
            }
          ).chrome;
          chrome.developerPrivate.addHostPermission(id as string, host as string, () =>
            resolve(chrome.runtime.lastError?.message ?? ''),
          );
        }),
      [extensionId, pattern] as const,
    );
    if (error) throw new Error(`could not allow the extension to reach ${pattern}: ${error}`);
  } finally {
    await page.close();
  }
}

type KehuApi = Record<string, (input?: unknown) => Promise<unknown>>;

/** Call the extension's API in its service worker (globalThis.kehu). */
export function callExtension<T = unknown>(worker: Worker, method: string, input?: unknown): Promise<T> {
  return worker.evaluate(([m, i]) => (globalThis as unknown as { kehu: KehuApi }).kehu[m as string]!(i), [
    method,
    input,
  ] as const) as Promise<T>;
}

export interface SyncResult {
  state: string;
  error: { kind: string; message: string } | null;
  progress: { pushed: number; pulled: number; conflicts: number };
}

/**
 * Connect the extension to a collector, as a rep does on the options page (address, token, allow
 * access), and sync once. Resolves when the pulled records are in and reassessed.
 */
export async function connectExtension(context: BrowserContext, collector: { url: string; token: string }): Promise<SyncResult> {
  const worker = await extensionWorker(context);
  const extensionId = new URL(worker.url()).host;
  await grantHostPermission(context, extensionId, `${new URL(collector.url).origin}/*`);
  await callExtension(worker, 'setSettings', { collectorUrl: collector.url, collectorToken: collector.token });
  return syncExtension(worker);
}

/** "Sync now"; an error is thrown with the kind and message the popup would show. */
export async function syncExtension(worker: Worker): Promise<SyncResult> {
  const result = await callExtension<SyncResult>(worker, 'syncNow');
  if (result.error) throw new Error(`sync failed (${result.error.kind}): ${result.error.message}`);
  return result;
}

/** Serve the demo mailbox for every page under https://mail.google.com/ in this browser. */
export async function serveMailboxAtGmail(context: BrowserContext, pagesUrl: string): Promise<void> {
  await context.route('https://mail.google.com/**', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    const language = (await route.request().headerValue('accept-language')) ?? '';
    const res = await fetch(`${pagesUrl}${GMAIL_MAILBOX_PATH}`, { headers: { 'accept-language': language } });
    return route.fulfill({
      status: res.status,
      contentType: res.headers.get('content-type') ?? 'text/html; charset=utf-8',
      headers: { 'content-security-policy': res.headers.get('content-security-policy') ?? "default-src 'none'" },
      body: await res.text(),
    });
  });
}

export interface DemoBrowserOptions {
  chromiumPath: string;
  extensionDir: string;
  /** The browser profile: kept between runs, so the extension's data is too. */
  profileDir: string;
  pagesUrl: string;
  collector: { url: string; token: string };
  /** Told once the extension is connected and the first sync is done. */
  onSynced?: (result: SyncResult) => void;
}

export interface DemoBrowser {
  context: BrowserContext;
  pages: { home: Page; shop: Page; mailbox: Page; console: Page };
  close(): Promise<void>;
}

/**
 * The team console, signed in with the demo's team token the way a person does it: typed into the
 * sign-in form (the token goes in the request body, never in an address).
 */
export async function signInConsole(page: Page, collector: { url: string; token: string }): Promise<void> {
  await page.goto(`${collector.url}/console/`);
  const token = page.locator('#token');
  const table = page.locator('table, .empty').first();
  await token.or(table).waitFor();
  if (await token.isVisible()) {
    await token.fill(collector.token);
    await token.press('Enter');
    await table.waitFor();
  }
}

/** Open Chromium (with a window) on the demo: the start page, the shop, and the mailbox at the Gmail address. */
export async function launchDemoBrowser(o: DemoBrowserOptions): Promise<DemoBrowser> {
  const { chromium } = await import('@playwright/test');
  const context = await chromium.launchPersistentContext(o.profileDir, {
    executablePath: o.chromiumPath,
    headless: false,
    viewport: null,
    args: chromiumArgs(o.extensionDir),
    // The demo stops the browser itself on Ctrl-C, after the servers (see main.ts).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    await serveMailboxAtGmail(context, o.pagesUrl);
    const result = await connectExtension(context, o.collector);
    o.onSynced?.(result);
    const home = context.pages()[0] ?? (await context.newPage());
    await home.goto(o.pagesUrl);
    const shop = await context.newPage();
    await shop.goto(`${o.pagesUrl}/shop/`);
    const mailbox = await context.newPage();
    await mailbox.goto(GMAIL_INBOX);
    const teamConsole = await context.newPage();
    // The console is a convenience here: if signing in fails, its sign-in form stays open for the person.
    await signInConsole(teamConsole, o.collector).catch(() => {});
    return { context, pages: { home, shop, mailbox, console: teamConsole }, close: () => context.close() };
  } catch (e) {
    await context.close().catch(() => {});
    throw e;
  }
}
