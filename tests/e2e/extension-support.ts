// Helpers for the extension's end-to-end tests: fixture pages served at the real webmail URLs,
// data seeded through kehu.importText, and the overlay's own stats read from its isolated world.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { REPO } from './harness.ts';

export const FIXTURES = join(REPO, 'tests/fixtures/webmail');

/** A CSP at least as strict as Gmail's: nonce scripts only, Trusted Types required, no inline styles. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'nonce-kehu-fixture'; style-src 'nonce-kehu-fixture'; img-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

/** Serve a fixture file for every request under a URL pattern (e.g. `https://mail.google.com/**`). */
export async function serveFixture(context: BrowserContext, pattern: string, file: string, csp = true): Promise<void> {
  const body = readFileSync(join(FIXTURES, file), 'utf8');
  await context.route(pattern, (route) => {
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: csp ? { 'content-security-policy': STRICT_CSP } : {},
      body,
    });
  });
}

type Kehu = {
  importText(req: {
    entity: string;
    format: string;
    text: string;
  }): Promise<{ added: number; updated: number; rejected: unknown[] }>;
  lookup(
    email: string,
  ): Promise<{ customer: { id: string; name: string } | null; contact: unknown; assessment: { level: string } | null } | null>;
  exportText(req: { entity: string; format: string }): Promise<string>;
  setSettings(patch: Record<string, unknown>): Promise<unknown>;
};

export async function importText(sw: Worker, entity: string, text: string, format = 'csv') {
  const result = await sw.evaluate(
    ([entity, format, text]) => (globalThis as unknown as { kehu: Kehu }).kehu.importText({ entity, format, text }),
    [entity, format, text] as const,
  );
  if (result.rejected.length > 0) throw new Error(`seed ${entity} rejected: ${JSON.stringify(result.rejected)}`);
  return result;
}

export async function lookup(sw: Worker, email: string) {
  return sw.evaluate((email) => (globalThis as unknown as { kehu: Kehu }).kehu.lookup(email), email);
}

export async function exportText(sw: Worker, entity: string, format = 'ndjson') {
  return sw.evaluate(([entity, format]) => (globalThis as unknown as { kehu: Kehu }).kehu.exportText({ entity, format }), [
    entity,
    format,
  ] as const);
}

export async function setSettings(sw: Worker, patch: Record<string, unknown>) {
  return sw.evaluate((patch) => (globalThis as unknown as { kehu: Kehu }).kehu.setSettings(patch), patch);
}

import { seedFiles } from '../fixtures/webmail/seed.ts';

export { seedFiles };

export async function seed(sw: Worker, now = Date.now()) {
  const f = seedFiles(now);
  await importText(sw, 'customers', f.customers);
  await importText(sw, 'contacts', f.contacts);
  await importText(sw, 'interactions', f.interactions);
  await importText(sw, 'cases', f.cases);
  await importText(sw, 'responses', f.responses);
}

/** Badge hosts next to the people with this address. */
export const badgesFor = (page: Page, email: string) => page.locator(`[data-kehu-badge][data-email="${email}"]`);

/** Evaluate an expression in the content script's isolated world, through the DevTools protocol. */
export async function inKehuWorld<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    for (let i = 0; i < 50 && !contexts.some((c) => c.auxData?.type === 'isolated'); i++) await page.waitForTimeout(20);
    for (const c of contexts.filter((c) => c.auxData?.type === 'isolated')) {
      const probe = await cdp.send('Runtime.evaluate', {
        expression: '!!globalThis.__kehuOverlay',
        contextId: c.id,
        returnByValue: true,
      });
      if (!probe.result.value) continue;
      const r = await cdp.send('Runtime.evaluate', { expression, contextId: c.id, returnByValue: true });
      return r.result.value as T;
    }
    throw new Error('no Kehu overlay in this page');
  } finally {
    await cdp.detach();
  }
}

export interface OverlayStats {
  observing: boolean;
  scans: number;
  scansWhileHidden: number;
  lookupMessages: number;
  badges: number;
  loggedMessages: number;
}

/** The overlay's own counters (see extension/src/overlay/overlay.ts). */
export function overlayStats(page: Page): Promise<OverlayStats> {
  return inKehuWorld(page, 'globalThis.__kehuOverlay.stats()');
}

/**
 * Hide or show the tab as the content script sees it. Headless Chromium keeps every tab visible,
 * so the test sets `document.visibilityState` in the content script's own world and sends the
 * `visibilitychange` event the browser would send.
 */
export function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  return inKehuWorld(
    page,
    hidden
      ? `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }); document.dispatchEvent(new Event('visibilitychange')); undefined`
      : `delete document.visibilityState; document.dispatchEvent(new Event('visibilitychange')); undefined`,
  );
}
