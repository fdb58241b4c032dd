// A page with a strict CSP (script-src 'self'; style-src 'self') and Trusted Types required, that
// loads only kehu.js: the widgets, the popup and the polyfill path work, with no console error and
// no policy violation.
import type { Page } from '@playwright/test';
import { expect, STRICT_CSP, test, watchErrors } from '../fixtures/sdk/server.ts';

async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

/** The default minimum fill time is 1.5 s; a person takes at least that. */
const think = (page: Page) => page.waitForTimeout(1600);

test('widgets and the popup work under a strict CSP with Trusted Types', async ({ page, servers }) => {
  const errors = watchErrors(page);
  const violations = await watchViolations(page);
  const response = await page.goto(servers.page({ kinds: ['nps', 'complaint'], csp: true }));
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  // The policy really is in force: inline script and untrusted HTML are refused.
  expect(
    await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'allowed';
      } catch (e) {
        return (e as Error).name;
      }
    }),
  ).toBe('TypeError');
  // That probe is the only violation allowed: start counting from here.
  await page.evaluate(() => {
    (window as unknown as { violations: string[] }).violations.length = 0;
  });
  errors.length = 0;

  const nps = page.locator('kehu-survey[kind=nps]');
  await nps.locator('.opt:has(input[value="10"])').click();
  // Styles came through a constructable stylesheet, which style-src does not block.
  expect(await nps.locator('.k').evaluate((k) => getComputedStyle(k).borderTopLeftRadius)).toBe('8px');
  await think(page);
  await nps.getByRole('button', { name: 'Send' }).click();
  await expect(nps.locator('.done')).toContainText('Your answer has been sent.');

  const complaint = page.locator('kehu-feedback[topic=complaint]');
  await complaint.getByLabel('What went wrong?').fill('Wrong size');
  await complaint.getByText('Replace the product').click();
  await think(page);
  await complaint.getByRole('button', { name: 'Send' }).click();
  await expect(complaint.locator('.done')).toBeVisible();

  await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('ces'));
  const dialog = page.locator('dialog');
  await dialog.locator('.opt:has(input[value="5"])').click();
  await think(page);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.locator('.done')).toBeVisible();

  expect([...servers.collector.stored.values()].map((s) => s.body.kind).sort()).toEqual(['ces', 'complaint', 'nps']);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('where customElements is missing, the polyfill is loaded (also under Trusted Types)', async ({ page, servers }) => {
  const errors = watchErrors(page);
  const violations = await watchViolations(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'customElements', { value: undefined, configurable: true, writable: true });
  });
  const polyfill = page.waitForRequest((r) => r.url().endsWith('/sdk/custom-elements.min.js'));
  await page.goto(servers.page({ kinds: ['praise'], csp: true }));
  await polyfill;
  const praise = page.locator('kehu-feedback[topic=praise]');
  await praise.getByLabel('What did you like?').fill('Works on old browsers too');
  await think(page);
  await praise.getByRole('button', { name: 'Send' }).click();
  await expect(praise.locator('.done')).toBeVisible();
  expect(
    await page.evaluate(
      () => typeof (window.customElements as unknown as { polyfillWrapFlushCallback?: unknown }).polyfillWrapFlushCallback,
    ),
  ).toBe('function');
  expect(servers.collector.stored.size).toBe(1);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('the polyfill is not loaded where customElements exists', async ({ page, servers }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(servers.page({ kinds: ['nps'], csp: true }));
  await page.locator('kehu-survey form').waitFor();
  // The loader, then the UI and the page's language together; nothing else until someone answers.
  expect(requested.filter((p) => p.startsWith('/sdk/')).sort()).toEqual(['/sdk/kehu-en.mjs', '/sdk/kehu-ui.mjs', '/sdk/kehu.js']);
});
