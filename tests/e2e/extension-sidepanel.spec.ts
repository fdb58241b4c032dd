/// <reference types="chrome" />
// The side panel's customer view (what a badge click opens) and its settings.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './harness.ts';
import { seed } from './extension-support.ts';

test('the side panel shows the customer with level, reasons, cases and contacts, in both languages, with no axe findings', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html?customer=acme`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ACME Trading');
  const main = page.locator('main');
  await expect(main).toContainText('Red (I)');
  await expect(main).toContainText('Key customer');
  await expect(main).toContainText('Third delivery delay');
  await expect(main).toContainText(/last order \d+ days ago/);
  await expect(main).toContainText('Wei Wang');
  await expect(page.getByRole('heading', { name: 'Open alerts' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Settings by keyboard: logging off, then Chinese.
  const logging = page.getByRole('checkbox', { name: /Log opened emails/ });
  await expect(logging).toBeChecked();
  await logging.focus();
  await page.keyboard.press('Space');
  await expect(logging).not.toBeChecked();
  expect(
    await serviceWorker.evaluate(() =>
      (globalThis as unknown as { kehu: { getSettings(): Promise<{ logEmails: boolean }> } }).kehu
        .getSettings()
        .then((s) => s.logEmails),
    ),
  ).toBe(false);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(main).toContainText('红色预警（I级）');
  await expect(main).toContainText('重点客户');
  await expect(page.getByRole('heading', { name: '预警原因' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the side panel follows the selection a badge click sets', async ({ context, serviceWorker, extensionId }) => {
  await seed(serviceWorker);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(page.locator('main')).toContainText('Click a customer badge');
  await serviceWorker.evaluate(() => chrome.storage.session.set({ 'kehu.selection': { customerId: 'globex', at: Date.now() } }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Globex');
  await expect(page.locator('main')).toContainText('No warning');
});
