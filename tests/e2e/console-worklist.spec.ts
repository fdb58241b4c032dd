// The worklist's pages in Chromium against a real `kehu serve` holding the demo data (600
// customers), started with `--worklist-count 100` so that the demo reaches the count's cap (10,000
// by default): the pager says "51–100 of more than 150" while the list is counted only up to the
// cap past the page, and the exact total once the end is near. By keyboard, in English and
// Chinese, axe-clean; the page is in the address, so a reload and Back show the same page.
import { expect, test } from '@playwright/test';
import { axe, demoConsole, signedInPage } from './console-support.ts';

const demo = demoConsole(['--worklist-count', '100']);
let lead: string;
let customers: number;

test.beforeAll(() => {
  lead = demo.collector.token('lead', 'read');
  customers = demo.collector.exportRecords('customers').length;
});

for (const locale of ['en', 'zh-CN'] as const) {
  const zh = locale === 'zh-CN';
  test.setTimeout(300_000);
  test(`the pager counts up to the cap, pages by keyboard, and keeps the page in the address (${locale})`, async () => {
    expect(customers).toBeGreaterThan(200); // the demo must be bigger than the cap and a page past it
    const { context, page } = await signedInPage(demo.browser, demo.collector.url, lead, locale, { path: '/console/customers' });
    const n = (x: number) => x.toLocaleString(locale);
    const pager = page.getByRole('navigation', { name: zh ? '分页' : 'Pages' });
    const range = (first: number, last: number, total: number, more: boolean) =>
      zh
        ? `第 ${n(first)}–${n(last)} 个，共${more ? '超过' : ''} ${n(total)} 个`
        : `${n(first)}–${n(last)} of ${more ? 'more than ' : ''}${n(total)}`;

    // The first page: counted up to the cap.
    await expect(page.getByRole('status')).toHaveText(zh ? '超过 100 个客户' : 'More than 100 customers');
    await expect(pager).toContainText(range(1, 50, 100, true));
    const prev = pager.getByRole('button', { name: zh ? '上一页' : 'Previous page' });
    const next = pager.getByRole('button', { name: zh ? '下一页' : 'Next page' });
    await expect(prev).toBeDisabled();
    await axe(page);

    // The next page by keyboard: counted up to the cap past its own start.
    const firstRow = await page.locator('tbody tr').first().getAttribute('data-customer');
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(pager).toContainText(range(51, 100, 150, true));
    await expect(next).toBeFocused();
    const secondRow = await page.locator('tbody tr').first().getAttribute('data-customer');
    expect(secondRow).not.toBe(firstRow);
    expect(page.url()).toMatch(/[?&]after=/);

    // A reload shows the same page; Back the first one, Forward the second again.
    await page.reload();
    await expect(pager).toContainText(range(51, 100, 150, true));
    await expect(page.locator('tbody tr').first()).toHaveAttribute('data-customer', secondRow ?? '');
    await page.goBack();
    await expect(pager).toContainText(range(1, 50, 100, true));
    await expect(page.locator('tbody tr').first()).toHaveAttribute('data-customer', firstRow ?? '');
    await page.goForward();
    await expect(pager).toContainText(range(51, 100, 150, true));

    // On to the last page by keyboard: near the end the count is exact and "more than" goes.
    const pages = Math.ceil(customers / 50);
    for (let i = 3; i <= pages; i++) {
      await next.focus();
      await page.keyboard.press('Enter');
      await expect(pager).toContainText(
        range(
          (i - 1) * 50 + 1,
          Math.min(i * 50, customers),
          Math.min((i - 1) * 50 + 100, customers),
          (i - 1) * 50 + 100 < customers,
        ),
      );
    }
    await expect(page.getByRole('status')).toHaveText(zh ? `共 ${customers} 个客户` : `${customers} customers`);
    await expect(next).toBeDisabled();
    // And back one page with Previous, by keyboard.
    await prev.focus();
    await page.keyboard.press('Enter');
    await expect(pager).toContainText(range((pages - 2) * 50 + 1, (pages - 1) * 50, customers, false));
    await axe(page);
    await context.close();
  });
}
