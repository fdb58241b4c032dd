import { expect, test } from './harness.ts';

test('the built extension loads in Chromium and its service worker answers', async ({ serviceWorker, extensionId }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  const version = await serviceWorker.evaluate(() => (globalThis as unknown as { kehu: { version(): string } }).kehu.version());
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
});
