// The console's overview, its home page, in Chromium against a real `kehu serve` holding the demo
// data, in English and Chinese: customers per level today and at each month end (the chart, its text
// alternative and its table by keyboard), the loss rate per month, the 80/20 watch, survey figures,
// open alerts per person (a past-due one pushed by a rep, linked to that person's worklist) and exit
// reasons (one sent by <kehu-feedback>'s endpoint); axe-clean; screenshots for the guides.
import { expect, test } from '@playwright/test';
import { axe, demoConsole, shot, signedInPage } from './console-support.ts';

// Importing the demo and computing its levels takes minutes on a busy machine.
test.describe.configure({ timeout: 300_000 });

const demo = demoConsole();
let lead: string;
let owner: string;

test.beforeAll(async () => {
  const collector = demo.collector;
  lead = collector.token('lead', 'read,write,export');
  const rep = collector.token('rep', 'read,write');
  const siteKey = collector.siteKey('shop', ['http://shop.test']);

  // A rep's extension pushes an alert on one of their customers, due yesterday: past due.
  const customers = collector.exportRecords<{ id: string; owner?: string }>('customers');
  const owned = customers.find((c) => c.owner) as { id: string; owner: string };
  owner = owned.owner;
  const now = new Date().toISOString();
  const pushed = await fetch(`${collector.url}/v1/changes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rep}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      changes: [
        {
          entity: 'alerts',
          record: {
            id: 'e2e-overdue-alert',
            customerId: owned.id,
            indicator: 'contact_silence',
            level: 'orange',
            status: 'open',
            raisedAt: now,
            owner,
            dueAt: new Date(Date.now() - 86_400_000).toISOString(),
            policyVersion: 1,
            rev: 1,
            updatedAt: now,
            updatedBy: owner,
          },
        },
      ],
    }),
  });
  expect(pushed.status).toBe(200);

  // A customer leaving says why, through the feedback form's endpoint.
  const sent = await fetch(`${collector.url}/v1/collect/${siteKey}`, {
    method: 'POST',
    headers: { origin: 'http://shop.test', 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: `e2e-exit-${Date.now()}`,
      kind: 'exit',
      answers: { reasons: ['price', 'competitor'] },
      elapsedMs: 5000,
      submittedAt: now,
    }),
  });
  expect(sent.status).toBe(201);
});

for (const locale of ['en', 'zh-CN'] as const) {
  const zh = locale === 'zh-CN';
  test(`the overview is the console's home: levels by month with a table, loss rate, 80/20, surveys, alerts, exits (${locale})`, async () => {
    test.setTimeout(300_000);
    const { context, page } = await signedInPage(demo.browser, demo.collector.url, lead, locale);

    await expect(page.getByRole('heading', { level: 1, name: zh ? '概览' : 'Overview' })).toBeVisible();
    await expect(page.getByRole('link', { name: zh ? '概览' : 'Overview' })).toHaveAttribute('aria-current', 'page');

    // Today's levels, each a link to the worklist at that level.
    const today = page.getByRole('table', { name: zh ? '今日各预警级别的客户数' : 'Customers by level today' });
    await expect(today.getByRole('row', { name: zh ? /红色预警（I级）/ : /Red \(I\)/ })).toBeVisible();
    const total = Number((await today.getByRole('row').last().getByRole('cell').textContent())?.replace(/\D/g, ''));
    expect(total).toBe(demo.collector.exportRecords('customers').length);

    // The chart: an image with a text alternative, and its figures in a table shown by keyboard.
    const chart = page.getByRole('img', { name: zh ? '每月末各预警级别的客户数' : 'Customers by level at each month end' });
    await expect(chart).toBeVisible();
    await expect(chart.locator('desc')).toHaveText(zh ? /最近 12 个月末和今日/ : /the last 12 month ends and today/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page);
    await shot(page, `console-overview-${locale}.png`, true);
    const toggle = page.getByRole('button', { name: zh ? '以表格显示数据' : 'Show the figures as a table' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const byMonth = page.getByRole('table', {
      name: zh ? '每月末及今日各预警级别的客户数' : 'Customers by level at each month end, and today',
    });
    await expect(byMonth).toBeVisible();
    await expect(byMonth.locator('tbody tr')).toHaveCount(13); // 12 month ends and today
    await expect(page.getByRole('button', { name: zh ? '隐藏表格' : 'Hide the table' })).toHaveAttribute('aria-expanded', 'true');

    // Loss rate per month, 80/20 watch, surveys.
    const loss = page.getByRole('table', { name: zh ? '顾客损失率（按月）' : 'Customer loss rate (per month)' });
    await expect(loss.locator('tbody tr')).toHaveCount(12);
    await expect(loss.locator('tbody td').last()).toHaveText(/%$/);
    await expect(page.getByText(zh ? '他们在 12 个月收入中的占比' : 'Their share of the revenue over 12 months')).toBeVisible();
    await expect(page.getByRole('link', { name: zh ? /\d+ 个中有 \d+ 个/ : /\d+ of \d+/ })).toBeVisible();
    const surveys = page.getByRole('table', { name: zh ? '每月 NPS、CSAT 和 CES' : 'NPS, CSAT and CES per month' });
    await expect(surveys.locator('tbody tr')).toHaveCount(13);

    // Exit reasons: the answer sent above, with both its reasons.
    const exits = page.getByRole('table', { name: zh ? '客户离开的原因（流失调查）' : 'Why customers left (exit answers)' });
    await expect(exits.getByRole('row', { name: zh ? /价格太高/ : /It costs too much/ })).toBeVisible();
    await expect(exits.getByRole('row', { name: zh ? /改用其他服务商/ : /Switching to another provider/ })).toBeVisible();

    await axe(page);

    // Open alerts per person: the past-due one, its count a link to that person's customers.
    const alerts = page.getByRole('table', { name: zh ? '按处理人统计的未结预警' : 'Open alerts by person' });
    const row = alerts.getByRole('row', { name: new RegExp(owner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(row.getByText(zh ? '（已逾期）' : '(past due)')).toBeVisible();
    const overdue = row.getByRole('link');
    await overdue.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/console\/customers\?owner=/);
    const worklist = page.locator('table.worklist');
    await expect(page.locator('select[name="owner"]')).toHaveValue(owner);
    await expect(worklist.locator('tbody tr').first()).toBeVisible();
    const owners = await worklist.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(owners)).toEqual(new Set([owner]));
    await axe(page);

    // Back home from the navigation.
    await page.getByRole('link', { name: zh ? '概览' : 'Overview' }).click();
    await expect(page.getByRole('heading', { level: 1, name: zh ? '概览' : 'Overview' })).toBeVisible();
    await context.close();
  });
}
