// axe on every workspace page in both languages, in meaningful states (with data, every tab,
// dialogs open), and the main paths by keyboard alone.
import { seed } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { expectNoAxeViolations, kehu, openPage, WS_FIXTURES } from './workspace-support.ts';

// The popup lists the follow-up due in an hour: in the rep's day, whatever the time of the run.
test.use({ repTime: 'morning' });

for (const locale of ['en', 'zh-CN'] as const) {
  test(`side panel, popup and options have no axe violations (${locale})`, async ({ context, serviceWorker, extensionId }) => {
    // About twenty axe runs over pages that now also hold roles, invoices and the key-customer steps,
    // each a few seconds on a busy two-core machine.
    test.setTimeout(300_000);
    await seed(serviceWorker);
    await kehu(serviceWorker, 'setSettings', { locale });
    await kehu(serviceWorker, 'planFollowUpFor', {
      customerId: 'acme',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      channel: 'phone',
      purpose: 'Call about the delay',
    });
    const zh = locale === 'zh-CN';

    // Side panel: every tab, and each kind of dialog.
    const panel = await openPage(context, extensionId, 'sidepanel.html?customer=acme');
    await expect(panel.locator('html')).toHaveAttribute('lang', locale);
    await expect(panel.getByRole('heading', { level: 1 })).toHaveText('ACME Trading');
    await expectNoAxeViolations(panel, `side panel overview (${locale})`);
    const tabs = panel.getByRole('tab');
    const count = await tabs.count();
    for (let i = 1; i < count; i++) {
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
      const tabId = await tabs.nth(i).getAttribute('id');
      await expect(panel.locator(`[role=tabpanel][aria-labelledby="${tabId}"]`)).toBeVisible();
      await expectNoAxeViolations(panel, `side panel tab ${i} (${locale})`);
    }
    // Warnings tab: the alert dialog.
    await tabs.nth(2).click();
    await panel
      .getByRole('button', { name: zh ? /^处理：/ : /^Handle: / })
      .first()
      .click();
    await expect(panel.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(panel, `alert dialog (${locale})`);
    await panel.keyboard.press('Escape');
    // Cases tab: the case dialog and the new-complaint form.
    await tabs.nth(3).click();
    await panel
      .getByRole('button', { name: zh ? /^处理：/ : /^Work on it: / })
      .first()
      .click();
    await expect(panel.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(panel, `case dialog (${locale})`);
    await panel.keyboard.press('Escape');
    await panel.getByRole('button', { name: zh ? '登记投诉' : 'New complaint' }).click();
    await expectNoAxeViolations(panel, `new complaint (${locale})`);
    await panel.keyboard.press('Escape');
    // Overview: editing the data card (with an error shown), a contact, the quick log, search results.
    await tabs.nth(0).click();
    await panel
      .getByRole('button', { name: zh ? '编辑' : 'Edit', exact: true })
      .first()
      .click();
    await panel.getByLabel(zh ? '币种' : 'Currency').fill('E1');
    await panel.getByRole('button', { name: zh ? '保存' : 'Save', exact: true }).click();
    await expect(panel.getByText(zh ? '三个大写字母，例如 CNY 或 EUR' : 'Three capital letters, like CNY or EUR')).toBeVisible();
    await expectNoAxeViolations(panel, `data card form with an error (${locale})`);
    await panel.getByRole('button', { name: zh ? '取消' : 'Cancel' }).click();
    await panel.getByRole('button', { name: zh ? '添加联系人' : 'Add contact' }).click();
    await expectNoAxeViolations(panel, `contact dialog (${locale})`);
    await panel.keyboard.press('Escape');
    await panel.getByRole('button', { name: zh ? '记录…' : 'Log…' }).click();
    await expectNoAxeViolations(panel, `quick log (${locale})`);
    await panel.keyboard.press('Escape');
    await panel
      .getByRole('combobox', { name: zh ? '搜索客户、联系人和域名' : 'Search customers, contacts and domains' })
      .fill('glo');
    await expect(panel.getByRole('listbox').getByRole('option').first()).toContainText('Globex');
    await expectNoAxeViolations(panel, `search results (${locale})`);

    // Popup with today's agenda.
    const popup = await openPage(context, extensionId, 'popup.html', { width: 400, height: 700 });
    await expect(popup.getByRole('heading', { level: 1 })).toHaveText(zh ? '今日' : 'Today');
    await expect(popup.locator('main')).toContainText('Call about the delay');
    await expectNoAxeViolations(popup, `popup (${locale})`);

    // Options: the import mapping and preview, the policy preview, the erase dialog.
    const options = await openPage(context, extensionId, 'options.html', { width: 1200, height: 900 });
    await expect(options.locator('html')).toHaveAttribute('lang', locale);
    await expectNoAxeViolations(options, `options (${locale})`);
    const chooser = options.waitForEvent('filechooser');
    await options.getByLabel(zh ? '文件' : 'File', { exact: true }).click();
    await (await chooser).setFiles(`${WS_FIXTURES}/customers-newco.csv`);
    await options.getByRole('button', { name: zh ? '检查文件' : 'Check the file' }).click();
    await expect(options.getByRole('region', { name: zh ? '被拒绝的行' : 'Rejected rows' })).toBeVisible();
    await expectNoAxeViolations(options, `options with import preview (${locale})`);
    await options.getByRole('button', { name: zh ? '预览影响' : 'Preview the effect' }).click();
    await expect(options.getByText(zh ? /个客户中有/ : /customers would change level/)).toBeVisible();
    await options.getByRole('button', { name: zh ? '清除全部数据…' : 'Erase all data…' }).click();
    await expect(options.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(options, `options with dialogs (${locale})`);
  });
}

test('the side panel with no customer open, and on a customer that is gone, has a level-one heading and no axe violations', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    await kehu(serviceWorker, 'setSettings', { locale });
    const zh = locale === 'zh-CN';
    const panel = await openPage(context, extensionId, 'sidepanel.html');
    await expect(panel.locator('html')).toHaveAttribute('lang', locale);
    await expect(panel.getByRole('heading', { level: 1 })).toHaveText(zh ? '未打开客户' : 'No customer open');
    await expectNoAxeViolations(panel, `side panel, no customer (${locale})`);
    await panel.goto(panel.url().replace('sidepanel.html', 'sidepanel.html?customer=no-such-customer'));
    await expect(panel.getByRole('heading', { level: 1 })).toHaveText(zh ? '找不到该客户' : 'Customer not found');
    await expectNoAxeViolations(panel, `side panel, customer gone (${locale})`);
    await panel.close();
  }
});

test('by keyboard alone: find a customer, open the warnings tab, start handling an alert, log a call', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const panel = await openPage(context, extensionId, 'sidepanel.html');
  await expect(panel.locator('main')).toContainText('Click a customer badge');
  // Tab to the search box, type, arrow down, Enter.
  await panel.keyboard.press('Tab');
  await expect(panel.getByRole('combobox', { name: 'Search customers, contacts and domains' })).toBeFocused();
  await panel.keyboard.type('acme');
  await expect(panel.getByRole('listbox').getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await panel.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText('ACME Trading');
  // Tabs: focus the selected tab, arrow to "Warnings".
  await panel.getByRole('tab', { name: 'Overview' }).focus();
  await panel.keyboard.press('ArrowRight');
  await panel.keyboard.press('ArrowRight');
  await expect(panel.getByRole('tab', { name: /Warnings/ })).toBeFocused();
  await expect(panel.getByRole('tab', { name: /Warnings/ })).toHaveAttribute('aria-selected', 'true');
  const handle = panel.getByRole('button', { name: /^Handle: / }).first();
  await handle.focus();
  await panel.keyboard.press('Enter');
  const dialog = panel.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Focus is inside the dialog; Tab moves within it until "Start handling".
  const start = dialog.getByRole('button', { name: 'Start handling' });
  for (let i = 0; i < 40 && !(await start.evaluate((el) => el === document.activeElement)); i++)
    await panel.keyboard.press('Tab');
  await expect(start).toBeFocused();
  await panel.keyboard.press('Enter');
  await expect(dialog).toContainText('Handling');
  await panel.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(handle).toBeFocused();
  // The quick log, by keyboard.
  await panel.getByRole('button', { name: 'Log…' }).focus();
  await panel.keyboard.press('Enter');
  const log = panel.getByRole('dialog', { name: 'Log for ACME Trading' });
  await expect(log).toBeVisible();
  await log.getByLabel('Summary').focus();
  await panel.keyboard.type('Called about the late order');
  await log.getByRole('button', { name: 'Log it' }).focus();
  await panel.keyboard.press('Enter');
  await expect(log).toBeHidden();
  const timeline = await kehu<{ events: { title: string; kind: string }[] }>(serviceWorker, 'timelineOf', { customerId: 'acme' });
  expect(timeline.events.find((e) => e.title === 'Called about the late order')).toMatchObject({ kind: 'call' });
});
