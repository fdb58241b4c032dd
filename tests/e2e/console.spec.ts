// The team console in Chromium against a real `kehu serve` holding the demo data: sign-in with a
// team token, the customer worklist (levels as the collector computed them, filters, pinyin
// search, pages) in English and Chinese, axe-clean, by keyboard, sign-out. Screenshots go to
// test-results/screenshots/ (and docs/images/ with KEHU_UPDATE_SCREENSHOTS=1).
import { expect, test } from '@playwright/test';
import { axe, demoConsole, shot } from './console-support.ts';

// The demo data imported, and its levels computed (at least one customer is red).
const demo = demoConsole();
let lead: string;
let siteKey: string;

test.beforeAll(() => {
  lead = demo.collector.token('lead', 'read,write,export');
  siteKey = demo.collector.siteKey('shop', ['http://shop.test']);
});

for (const locale of ['en', 'zh-CN'] as const) {
  const zh = locale === 'zh-CN';
  test.setTimeout(300_000);
  test(`sign in, the worklist with the collector's levels, filters, pinyin search, sign out (${locale})`, async () => {
    const context = await demo.browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${demo.collector.url}/console/`);
    await expect(page.getByRole('heading', { name: zh ? '登录 Kehu 团队控制台' : 'Sign in to the Kehu console' })).toBeVisible();
    await axe(page);

    // A wrong token is refused, by keyboard alone.
    await page.keyboard.press('Tab');
    await page.getByLabel(zh ? '团队令牌' : 'Team token').fill('kt_wrong');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText(
      zh ? '该令牌无效（输入有误或已被吊销）。' : 'This token is not valid (wrong, or revoked).',
    );
    await page.getByLabel(zh ? '团队令牌' : 'Team token').fill(lead);
    await page.keyboard.press('Enter');
    // Home is the overview; the worklist is one link away.
    await expect(page.getByRole('heading', { level: 1, name: zh ? '概览' : 'Overview' })).toBeVisible();
    await page.getByRole('link', { name: zh ? '客户' : 'Customers', exact: true }).click();

    // The worklist: red customers first, each level in words.
    const table = page.getByRole('table');
    await expect(table).toBeVisible();
    const status = page.getByRole('status');
    await expect(status).toHaveText(zh ? /共 \d+ 个客户/ : /\d+ customers/);
    const first = table.locator('tbody tr').first();
    await expect(first.getByText(zh ? '红色预警（I级）' : 'Red (I)')).toBeVisible();
    expect(page.url()).not.toContain(lead);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'kehu_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await axe(page);
    await shot(page, `console-customers-${locale}.png`);

    // The red customer's page: level, reasons, contacts, timeline.
    await first.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: zh ? '预警原因' : 'Why this level' })).toBeVisible();
    await expect(
      page
        .locator('article')
        .getByText(zh ? '红色预警（I级）' : 'Red (I)')
        .first(),
    ).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: zh ? '联系人' : 'Contacts' })).toBeVisible();
    await expect(
      page.getByText(
        zh
          ? '你的令牌可以修改记录：请在扩展中修改，修改会同步到这里。'
          : 'Your token may change records: edit them in the extension; changes sync here.',
      ),
    ).toBeVisible();
    await axe(page);
    await shot(page, `console-customer-${locale}.png`);
    await page.goBack();
    await expect(table).toBeVisible();

    // Filter by level: only orange rows.
    await page.locator('select[name="level"]').selectOption('orange');
    await page.getByRole('button', { name: zh ? '应用筛选' : 'Apply filters' }).click();
    await expect(
      table
        .locator('tbody tr')
        .first()
        .getByText(zh ? '橙色预警（II级）' : 'Orange (II)'),
    ).toBeVisible();
    const levels = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(levels)).toEqual(new Set([zh ? '橙色预警（II级）' : 'Orange (II)']));

    // Pinyin: the initials of a Chinese customer's name find it.
    await page.getByRole('button', { name: zh ? '清除筛选' : 'Clear filters' }).click();
    const chinese = (await table.locator('tbody th').allTextContents()).find((n) => /\p{Script=Han}/u.test(n));
    if (chinese) {
      const { pinyin } = await import('pinyin-pro');
      const initials = pinyin(chinese, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('');
      await page.getByRole('searchbox', { name: zh ? '搜索' : 'Search' }).fill(initials);
      await page.keyboard.press('Enter');
      await expect(table.locator('tbody th', { hasText: chinese })).toBeVisible();
      await page.getByRole('button', { name: zh ? '清除筛选' : 'Clear filters' }).click();
    }

    // Pages: the next page, by keyboard.
    // After "clear filters" the pager still shows the filtered single page until the full list
    // arrives (slow on a busy machine): wait until there is a next page to go to.
    const next = page.getByRole('button', { name: zh ? '下一页' : 'Next page' });
    await expect(next).toBeEnabled();
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText(zh ? /第 51–100 个，共 \d+ 个/ : /51–100 of \d+/)).toBeVisible();

    // The feedback inbox: an NPS 2 from an unknown address is unmatched until linked to the buyer's
    // customer; then that customer's level is orange or red.
    const comment = `Late again (${locale})`;
    const sent = await fetch(`${demo.collector.url}/v1/collect/${siteKey}`, {
      method: 'POST',
      headers: { origin: 'http://shop.test', 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: `e2e-${locale}-${Date.now()}`,
        kind: 'nps',
        score: 2,
        comment,
        elapsedMs: 5000,
        submittedAt: new Date().toISOString(),
        respondent: { email: `stranger-${locale}@unknown.example`, consent: true },
      }),
    });
    expect(sent.status).toBe(201);
    await page.getByRole('link', { name: zh ? '反馈收件箱' : 'Feedback inbox' }).click();
    await page.locator('select[name="matched"]').selectOption('no');
    await page.getByRole('button', { name: zh ? '应用筛选' : 'Apply filters' }).click();
    const row = page.locator('tbody tr', { hasText: comment });
    await expect(row.getByText(zh ? '未对应' : 'Unmatched')).toBeVisible();
    await axe(page);
    await shot(page, `console-inbox-${locale}.png`);
    await row.getByRole('button', { name: zh ? '对应到客户……' : 'Link to a customer…' }).click();
    await row.getByLabel(zh ? '查找客户' : 'Find the customer').fill(demo.data.buyer.customerName as string);
    await row.getByRole('button', { name: zh ? '查找' : 'Find', exact: true }).click();
    await row.getByRole('button', { name: zh ? '对应此答复' : 'Link this answer' }).click();
    await expect(page.locator('tbody tr', { hasText: comment })).toHaveCount(0); // no longer unmatched
    await page.getByRole('link', { name: zh ? '客户' : 'Customers', exact: true }).click();
    await page.getByRole('searchbox', { name: zh ? '搜索' : 'Search' }).fill(demo.data.buyer.customerName as string);
    await page.keyboard.press('Enter');
    const buyerRow = table.locator('tbody tr', { hasText: demo.data.buyer.customerName as string }).first();
    await expect(buyerRow.locator('td').first()).toHaveText(zh ? /橙色预警（II级）|红色预警（I级）/ : /Orange \(II\)|Red \(I\)/);

    // Sign out: back to the form; the old cookie no longer opens the API.
    const old = (await context.cookies()).find((c) => c.name === 'kehu_console')?.value;
    await page.getByRole('button', { name: zh ? '退出登录' : 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: zh ? '登录 Kehu 团队控制台' : 'Sign in to the Kehu console' })).toBeVisible();
    const after = await fetch(`${demo.collector.url}/console/api/customers`, { headers: { cookie: `kehu_console=${old}` } });
    expect(after.status).toBe(401);
    await context.close();
  });
}
