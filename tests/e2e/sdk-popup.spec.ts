// Popup mode: Kehu.init() triggers (after N seconds, exit intent, a named event), frequency capping
// per respondent, remembered dismissals, and an answer sent from the dialog.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/sdk/server.ts';

const DAY = 864e5;
type KehuGlobal = { init(c: object): void; track(e: string): void; open(k: string): void };
const kehu = (page: Page) => page.evaluateHandle(() => (window as unknown as { Kehu: KehuGlobal }).Kehu);

test('a popup opens after N seconds, a dismissal is remembered, and it comes back after the cap', async ({ page, servers }) => {
  await page.clock.install({ time: new Date('2026-11-01T09:00:00Z') });
  const url = servers.page({ kinds: [], init: { triggers: [{ open: 'nps', afterSeconds: 30 }], everyDays: 90 } });
  await page.goto(url);
  await page.clock.runFor(29_000);
  await expect(page.locator('dialog')).toHaveCount(0);
  await page.clock.runFor(2_000);
  await expect(page.locator('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('kehu-survey')).toHaveCount(0);

  // Next visit, a day later: dismissed, so not again.
  await page.clock.setSystemTime(new Date('2026-11-02T09:00:00Z'));
  await page.goto(url);
  await page.clock.runFor(31_000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const shows = await page.evaluate(() => JSON.parse(localStorage.getItem('kehu:popup:v1') ?? '{}'));
  expect(Object.keys(shows)).toEqual(['*|nps']);
  const shownAt = shows['*|nps'] as number;
  expect(shownAt - Date.parse('2026-11-01T09:00:30Z')).toBeGreaterThanOrEqual(0);
  expect(shownAt - Date.parse('2026-11-01T09:00:30Z')).toBeLessThan(10_000);
  await expect(page.locator('kehu-survey')).toHaveCount(0);

  // 89 days after it was shown: still not; 91 days after: again.
  await page.clock.setSystemTime(new Date(shownAt + 89 * DAY));
  await page.goto(url);
  await page.clock.runFor(31_000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  await expect(page.locator('kehu-survey')).toHaveCount(0);
  await page.clock.setSystemTime(new Date(shownAt + 91 * DAY));
  await page.goto(url);
  await page.clock.runFor(31_000);
  await expect(page.locator('dialog')).toBeVisible();
});

test('exit intent opens the exit survey, once', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [], init: { minFillMs: 0, triggers: [{ open: 'exit', exitIntent: true }] } }));
  const leave = () =>
    page.evaluate(() =>
      document.documentElement.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, clientY: -2, relatedTarget: null })),
    );
  await leave();
  const dialog = page.locator('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByText('It is hard to use').click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.locator('.done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('kehu-feedback')).toHaveCount(0);
  await leave();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  await expect(page.locator('kehu-feedback')).toHaveCount(0);
  expect([...servers.collector.stored.values()].map((s) => s.body.answers)).toEqual([{ reasons: ['difficulty'] }]);
});

test('a named event opens its survey; the cap counts per respondent', async ({ page, servers }) => {
  await page.goto(
    servers.page({
      kinds: [],
      init: { respondent: { email: 'ann@acme.com' }, triggers: [{ open: 'csat', event: 'order-complete' }] },
    }),
  );
  const k = await kehu(page);
  await k.evaluate((K) => K.track('something-else'));
  await expect(page.locator('kehu-survey')).toHaveCount(0);
  await k.evaluate((K) => K.track('order-complete'));
  await expect(page.locator('dialog')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await k.evaluate((K) => K.track('order-complete'));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  await expect(page.locator('kehu-survey')).toHaveCount(0);
  // Another respondent on the same browser has not seen it yet.
  await k.evaluate((K) =>
    K.init({ respondent: { email: 'bob@acme.com' }, triggers: [{ open: 'csat', event: 'order-complete' }] }),
  );
  await k.evaluate((K) => K.track('order-complete'));
  await expect(page.locator('dialog')).toBeVisible();
  // The address is not stored in the clear.
  const stored = await page.evaluate(() => localStorage.getItem('kehu:popup:v1') ?? '');
  expect(stored).not.toContain('acme');
  expect(Object.keys(JSON.parse(stored))).toHaveLength(2);
});

test('open() shows the survey even when capped: the site asked for it', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [], init: { triggers: [{ open: 'nps', event: 'x' }] } }));
  const k = await kehu(page);
  await k.evaluate((K) => K.track('x'));
  await expect(page.locator('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await k.evaluate((K) => K.open('nps'));
  await expect(page.locator('dialog')).toBeVisible();
  // Only one popup at a time.
  await k.evaluate((K) => K.open('praise'));
  await expect(page.locator('dialog')).toHaveCount(1);
  await expect(page.locator('kehu-feedback[topic=praise]')).toHaveCount(1);
});
