// Helpers for the team console's end-to-end specs: a real `kehu serve` holding the demo data,
// sign-in by keyboard, axe (default rules) and screenshots for the guides (test-results/screenshots/,
// or docs/images/ with KEHU_UPDATE_SCREENSHOTS=1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';
import { buildDemoData } from '../../scripts/demo/data.ts';
import { readInvoices } from '../../scripts/online-retail.ts';
import { REPO } from './harness.ts';
import { type RunningCollector, kehu, startCollector } from './sync-support.ts';

export const IMAGES = join(REPO, process.env.KEHU_UPDATE_SCREENSHOTS ? 'docs/images' : 'test-results/screenshots');

/** A collector with the demo data imported (as `kehu import` does) and its levels computed. */
export async function startDemoCollector(): Promise<{
  collector: RunningCollector;
  data: Awaited<ReturnType<typeof buildDemoData>>;
}> {
  const collector = await startCollector();
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

/** Sign in with a team token by keyboard alone, from the sign-in form at /console/. */
export async function signIn(page: Page, url: string, token: string, zh: boolean) {
  await page.goto(`${url}/console/`);
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
