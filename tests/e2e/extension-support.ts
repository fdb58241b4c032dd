// Helpers for the extension's end-to-end tests: fixture pages served at the real webmail URLs,
// data seeded through kehu.importText, and the overlay's own stats read from its isolated world.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { REPO } from './harness.ts';

export const FIXTURES = join(REPO, 'tests/fixtures/webmail');

/** A CSP at least as strict as Gmail's: nonce scripts only, Trusted Types required, no inline styles. */
const STRICT_CSP =
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

const day = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const date = (t: number) => iso(t).slice(0, 10);

/**
 * Two customers, seen from `now`: ACME Trading (acme.example), a key customer that bought every week
 * for two years, then went silent four months ago, with an overdue complaint and a detractor NPS
 * answer; and Globex (globex.example), in regular weekly contact up to two days ago.
 */
export function seedFiles(now = Date.now()) {
  const customers = [
    'id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes',
    'acme,ACME Trading,acme.example,Retail,key,stable,rep,7,wholesale,',
    'globex,Globex,globex.example,Manufacturing,general,stable,rep,7,,',
  ].join('\n');
  const contacts = [
    'id,customer_id,name,emails,phones,title,role,status,notes',
    'c-wei,acme,Wei Wang,wei@acme.example,,Buyer,decision maker,active,',
    'c-li,globex,Li Na,li.na@globex.example,,Manager,,active,',
  ].join('\n');
  const interactions = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let w = 104; w >= 17; w--) {
    interactions.push(`acme,${date(now - w * 7 * day)},order,${1200 + (w % 5) * 40},EUR,weekly order,`);
    interactions.push(`acme,${date(now - w * 7 * day + day)},email_in,,,order confirmation,`);
  }
  for (let w = 104; w >= 0; w--) {
    const t = now - w * 7 * day - 2 * day;
    interactions.push(`globex,${date(t)},order,${800 + (w % 3) * 25},EUR,weekly order,`);
    interactions.push(`globex,${date(t)},call,,,weekly call,`);
  }
  const cases = [
    'id,customer_id,title,category,severity,status,opened_at,due_at,closed_at',
    `case-1,acme,Third delivery delay,delivery,high,listen,${date(now - 30 * day)},${date(now - 20 * day)},`,
  ].join('\n');
  const responses = [
    'id,kind,score,comment,respondent_email,customer_id,submitted_at',
    `resp-1,nps,2,"Slow delivery, we are looking at other suppliers",wei@acme.example,acme,${date(now - 20 * day)}`,
  ].join('\n');
  return { customers, contacts, interactions: interactions.join('\n'), cases, responses };
}

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
