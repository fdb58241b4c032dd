/// <reference types="chrome" />
// The side panel as a badge click opens it: on the chosen customer, following later choices.
// (The side panel's own features are tested with the side panel.)
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './harness.ts';
import { seed } from './extension-support.ts';

test('the side panel opens on the customer a badge chose, and follows the next choice', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const page = await context.newPage();
  // Where no side panel can open, a badge click opens this same page in a tab, with the customer in the URL.
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html?customer=acme`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ACME Trading');
  await expect(page.locator('body')).toContainText(/Red \(I\)|红色预警/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A badge click elsewhere sets the selection; the open panel follows it.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await serviceWorker.evaluate(() => chrome.storage.session.set({ 'kehu.selection': { customerId: 'globex', at: Date.now() } }));
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText('Globex');
});
