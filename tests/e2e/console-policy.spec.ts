// The team's policy reaches the reps, in Chromium against a real `kehu serve` holding the demo data
// and the owner's extension (the test build) synced with it: an admin puts a stricter policy version
// in force from the console's Settings (by keyboard); the demo buyer's level in the console's
// worklist becomes red, and after one sync the buyer's badge in the webmail fixture shows the same
// level. The extension's policy editor then says, in the rep's language, that the team's version is
// in force and the rep's edits are only a draft. English and Chinese, axe-clean.
import { chromium, expect, test } from '@playwright/test';
import { defaultPolicy } from '#shared/risk/index.ts';
import { axe, serveMailbox, shot, signIn, startDemoCollector } from './console-support.ts';
import { badgesFor } from './extension-support.ts';
import { chromePath, launchWithExtension, serviceWorkerOf } from './harness.ts';
import { type SyncView, call } from './sync-support.ts';
import { expectNoAxeViolations, grantHost, openPage } from './workspace-support.ts';

const LEVEL_TEXT = {
  en: { blue: 'Blue (IV)', yellow: 'Yellow (III)', orange: 'Orange (II)', red: 'Red (I)' },
  'zh-CN': { blue: '蓝色预警（IV级）', yellow: '黄色预警（III级）', orange: '橙色预警（II级）', red: '红色预警（I级）' },
} as const;

for (const locale of ['en', 'zh-CN'] as const) {
  const zh = locale === 'zh-CN';
  const L = (en: string, cn: string) => (zh ? cn : en);
  test(`a policy version put in force in the console reaches the rep after one sync: the same level (${locale})`, async () => {
    test.setTimeout(600_000);
    const { collector, data } = await startDemoCollector();
    const browser = await chromium.launch({ executablePath: chromePath() });
    const rep = await launchWithExtension();
    try {
      const buyer = data.buyer;
      const customerId = buyer.customerId as string;
      const customerName = buyer.customerName as string;
      const owner =
        collector.exportRecords<{ id: string; owner?: string }>('customers').find((c) => c.id === customerId)?.owner ??
        'owner@team.example';

      // The owner's extension, connected and synced: the buyer's badge is blue or yellow.
      const sw = await serviceWorkerOf(rep.context);
      const extensionId = new URL(sw.url()).host;
      await grantHost(rep.context, extensionId, `${collector.url}/*`);
      await call(sw, 'setSettings', {
        repName: owner,
        locale,
        collectorUrl: collector.url,
        collectorToken: collector.token('owner'),
      });
      expect(await call<SyncView>(sw, 'syncNow')).toMatchObject({ state: 'idle', error: null });
      await serveMailbox(rep.context, buyer);
      const mail = await rep.context.newPage();
      await mail.goto('https://mail.google.com/mail/u/0/#inbox');
      const badge = badgesFor(mail, buyer.email).first();
      await expect(badge).toHaveAttribute('data-level', /^(blue|yellow)$/);

      // The admin puts a stricter version in force from its file, by keyboard.
      const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await signIn(page, collector.url, collector.token('lead', 'read,admin'), zh);
      await expect(page.getByRole('button', { name: L('Sign out', '退出登录') })).toBeVisible();
      await page.goto(`${collector.url}/console/settings`);
      const strict = {
        ...defaultPolicy(new Date().toISOString()),
        version: 2,
        createdBy: 'lead',
        note: 'Stricter: warn early',
        thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 },
      };
      await page
        .getByLabel(L('Policy file (JSON)', '策略文件（JSON）'))
        .setInputFiles({ name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(strict)) });
      await page.getByRole('button', { name: L('Put in force', '设为生效') }).press('Enter');
      await expect(page.getByRole('status').first()).toContainText(L('Policy version 2 is in force', '策略版本 2 已生效'));
      await axe(page);

      // The buyer's level in the console's worklist.
      await page.getByRole('link', { name: L('Customers', '客户'), exact: true }).click();
      await page.getByRole('searchbox', { name: L('Search', '搜索') }).fill(customerName);
      await page.keyboard.press('Enter');
      const row = page.locator('tbody tr', { hasText: customerName }).first();
      await expect(row.locator('td').first()).toHaveText(LEVEL_TEXT[locale].red);
      await axe(page);

      // One sync: the badge shows the same level.
      expect(await call<SyncView>(sw, 'syncNow')).toMatchObject({ state: 'idle', error: null });
      await expect(badge).toHaveAttribute('data-level', 'red');

      // The rep's policy editor: the team's version is in force, the rep's edits only a draft.
      const options = await openPage(rep.context, extensionId, 'options.html#policy', { width: 1200, height: 900 });
      const notice = options.getByTestId('policy-team');
      await expect(notice).toContainText(L('Your team’s policy is in force', '团队的预警策略正在生效'));
      await expect(notice).toContainText(L('Version 2 of the team’s policy, put in force by lead', '团队策略第 2 版由 lead 于'));
      await expect(notice).toContainText(L('only your own draft', '只是您自己的草稿'));
      await expect(
        options.getByRole('button', { name: L('Save as draft (your version 2)', '保存为草稿（您的第 2 版）') }),
      ).toBeVisible();
      await notice.scrollIntoViewIfNeeded();
      await expectNoAxeViolations(options, `policy editor with the team's version (${locale})`);
      await shot(options, `policy-team-${locale}.png`);
      await context.close();
    } finally {
      await rep.close();
      await browser.close();
      await collector.dispose();
    }
  });
}
