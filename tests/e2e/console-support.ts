// Helpers for the team console's end-to-end specs: a real `kehu serve` holding the demo data
// (demoConsole: with a Chromium, for a whole spec file), sign-in by keyboard, axe (default rules),
// screenshots for the guides (test-results/screenshots/, or docs/images/ with
// KEHU_UPDATE_SCREENSHOTS=1), and the webmail fixture with a demo buyer in it for the specs that
// follow a change from the console to a rep's badge.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium, expect, test } from '@playwright/test';
import { buildDemoData } from '../../scripts/demo/data.ts';
import { readInvoices } from '../../scripts/online-retail.ts';
import { FIXTURES, STRICT_CSP } from './extension-support.ts';
import { REPO, chromePath } from './harness.ts';
import { type RunningCollector, kehu, startCollector } from './sync-support.ts';

export const IMAGES = join(REPO, process.env.KEHU_UPDATE_SCREENSHOTS ? 'docs/images' : 'test-results/screenshots');

/** A collector with the demo data imported (as `kehu import` does) and its levels computed; `extra`: more `kehu serve` options. */
export async function startDemoCollector(extra: string[] = []): Promise<{
  collector: RunningCollector;
  data: Awaited<ReturnType<typeof buildDemoData>>;
}> {
  const collector = await startCollector(extra);
  const data = await buildDemoData(await readInvoices(), { now: Date.now() });
  for (const entity of ['customers', 'contacts', 'interactions', 'responses', 'cases'] as const) {
    const file = join(collector.dir, `../${entity}.csv`);
    writeFileSync(file, data.files[entity]);
    kehu(['import', '--data', collector.dir, '--entity', entity, file]);
  }
  // The collector assesses after each import, in the background: wait until the levels are in.
  await expect
    .poll(() => collector.exportRecords<{ level: string }>('customers').filter((c) => c.level === 'red').length, {
      timeout: 120_000,
    })
    .toBeGreaterThan(0);
  return { collector, data };
}

export interface DemoConsole {
  /** The collector holding the demo data, its levels computed. */
  readonly collector: RunningCollector;
  /** The demo data it holds (the buyer the demo shop signs in as, among others). */
  readonly data: Awaited<ReturnType<typeof buildDemoData>>;
  /** A Chromium for the console's pages (one context per test). */
  readonly browser: Browser;
}

/**
 * For a spec file of the console: before its tests, a collector with the demo data
 * (startDemoCollector with `extra` options) and a Chromium; after them, both stopped. Call it at
 * the top of the file; what it returns is ready inside the file's tests and its later hooks.
 */
export function demoConsole(extra: string[] = []): DemoConsole {
  let started: DemoConsole | null = null;
  test.beforeAll(async () => {
    test.setTimeout(600_000); // the demo import and its levels, on a busy machine
    const { collector, data } = await startDemoCollector(extra);
    try {
      started = { collector, data, browser: await chromium.launch({ executablePath: chromePath() }) };
    } catch (e) {
      await collector.dispose();
      throw e;
    }
  });
  test.afterAll(async () => {
    await started?.browser.close();
    await started?.collector.dispose();
    started = null;
  });
  const ready = (): DemoConsole => {
    if (!started) throw new Error('the demo console starts before the first test: use it inside tests and hooks');
    return started;
  };
  return {
    get collector() {
      return ready().collector;
    },
    get data() {
      return ready().data;
    },
    get browser() {
      return ready().browser;
    },
  };
}

/** Sign in with a team token by keyboard alone, from the sign-in form any console page shows (default /console/). */
export async function signIn(page: Page, url: string, token: string, zh: boolean, path = '/console/') {
  await page.goto(`${url}${path}`);
  await expect(page.getByRole('heading', { name: zh ? '登录 Kehu 团队控制台' : 'Sign in to the Kehu console' })).toBeVisible();
  await page.getByLabel(zh ? '团队令牌' : 'Team token').fill(token);
  await page.keyboard.press('Enter');
}

/** axe with its default rules finds nothing. */
export async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export async function shot(page: Page, name: string, fullPage = false) {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, name), fullPage });
}

/** A new browser context in `locale` with one page, signed in at `path` with `token`. */
export async function signedInPage(
  browser: Browser,
  url: string,
  token: string,
  locale: 'en' | 'zh-CN',
  options: { path?: string; viewport?: { width: number; height: number }; permissions?: string[] } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: options.viewport ?? { width: 1280, height: 900 } });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: url });
  const page = await context.newPage();
  await signIn(page, url, token, locale === 'zh-CN', options.path);
  return { context, page };
}

/** The Gmail fixture, served at https://mail.google.com/ in `context`, with one sender replaced by `person`. */
export async function serveMailbox(context: BrowserContext, person: { email: string; name: string }) {
  const body = readFileSync(join(FIXTURES, 'gmail.html'), 'utf8')
    .replaceAll('li.na@globex.example', person.email)
    .replaceAll('Li Na', person.name.replace(/'/g, ''));
  await context.route('https://mail.google.com/**', (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': STRICT_CSP },
          body,
        })
      : route.fulfill({ status: 404, body: '' }),
  );
}
