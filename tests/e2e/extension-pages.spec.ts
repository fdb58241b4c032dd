/// <reference types="chrome" />
// Badges on an ordinary web page: the content script the extension registers for all sites while
// the rep grants that optional permission. Chromium offers tests no way to answer the permission
// prompt, so the test injects the same built script into a page on a host the extension may
// already access (an Outlook host that shows an ordinary page here) — everything after the
// permission step is real. Registration following the permission is unit-tested (pages.test.ts).
import { expect, test } from './harness.ts';
import { importText, seed, serveFixture } from './extension-support.ts';

test('a web page gets badges on mailto: links and addresses in its text, and one page badge for a customer site', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  // The site the page is on belongs to a customer.
  await importText(serviceWorker, 'customers', 'id,name,domains,tier\nhost,Host Site Ltd,office365.com,key\n');
  await serveFixture(context, 'https://outlook.office365.com/**', 'page.html', false);
  const page = await context.newPage();
  await page.goto('https://outlook.office365.com/contact');
  await serviceWorker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ url: 'https://outlook.office365.com/*' });
    await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['content-scripts/page.js'] });
  });
  // The mailto: link and the address written in the text; none for the address in the text area.
  await expect(page.locator('a[href^="mailto:"] + [data-kehu-badge]')).toHaveAttribute('data-level', 'red');
  await expect(page.locator('[data-kehu-badge][data-email="support@globex.example"]')).toHaveAttribute('data-level', 'none');
  await expect(page.locator('[data-kehu-badge][data-email="draft@acme.example"]')).toHaveCount(0);
  // The text node itself is left as it was.
  expect(
    await page
      .locator('p')
      .nth(1)
      .evaluate((p) => [p.childNodes.length, p.firstChild?.nodeValue]),
  ).toEqual([
    2, // the text node and the badge after it
    'Support is at support@globex.example for partner questions.',
  ]);
  // One page badge: this site is a customer's.
  const siteBadge = page.locator('[data-kehu-page]');
  await expect(siteBadge).toHaveCount(1);
  await expect(siteBadge.getByRole('button')).toHaveAccessibleName(/this site belongs to customer Host Site Ltd/);
  // Text added later gets its badge too.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'New: wei@acme.example';
    document.body.append(p);
  });
  await expect(page.locator('[data-kehu-badge][data-email="wei@acme.example"]')).toHaveCount(2);
});
