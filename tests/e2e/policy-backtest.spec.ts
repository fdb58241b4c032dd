// The policy editor's "how this policy would have done": the backtest of the edited policy beside
// the one in force, on the rep's own records, before a version is saved, in both languages.
import { expect, test } from './harness.ts';
import { expectNoAxeViolations, kehu, openPage } from './workspace-support.ts';

const DAY = 86_400_000;

/** Eight customers ordering every ten days for a year; four stopped 150 days ago, four still buy. */
function history(now: number) {
  const customers = ['id,name'];
  const orders = ['customer_id,occurred_at,kind,amount,currency'];
  for (let c = 0; c < 8; c++) {
    customers.push(`bt${c},Backtest Customer ${c}`);
    const last = c % 2 ? 150 : 3;
    for (let d = 400; d >= last; d -= 10) orders.push(`bt${c},${new Date(now - (d + c) * DAY).toISOString()},order,100,EUR`);
  }
  return { customers: customers.join('\n'), orders: orders.join('\n') };
}

for (const locale of ['en', 'zh-CN'] as const) {
  test(`the policy editor shows how the edited policy would have done (${locale})`, async ({
    context,
    serviceWorker,
    extensionId,
  }) => {
    const zh = locale === 'zh-CN';
    const h = history(Date.now());
    await kehu(serviceWorker, 'importText', { entity: 'customers', format: 'csv', text: h.customers });
    await kehu(serviceWorker, 'importText', { entity: 'interactions', format: 'csv', text: h.orders });
    await kehu(serviceWorker, 'setSettings', { locale });
    const options = await openPage(context, extensionId, 'options.html#policy', { width: 1200, height: 900 });
    await options.getByRole('textbox', { name: zh ? /联系中断/ : 'Weight: Contact silence' }).fill('30');
    await options.getByRole('button', { name: zh ? '回测：这套策略过去表现如何？' : 'How would it have done?' }).click();
    const intro = zh ? /用您自己的记录回放：8 个客户，其中 4 个已流失/ : /on your own records: 8 customers, 4 of them lost/;
    await expect(options.getByText(intro)).toBeVisible();
    const auc = options.getByRole('row', { name: zh ? /流失客户排在前面的程度/ : /Lost customers ranked first/ });
    await expect(auc).toBeVisible();
    await expect(auc.getByRole('cell').first()).toHaveText(/^[01]([.,]\d{1,2})?$/);
    await expect(options.getByRole('columnheader', { name: zh ? '修改后' : 'With the change' }).first()).toBeVisible();
    await expectNoAxeViolations(options, `policy backtest (${locale})`);
    // Nothing was saved: the policy in force is still version 1.
    expect(await kehu(serviceWorker, 'riskPolicy')).toMatchObject({ current: { version: 1 } });
  });
}

// Importing a calibrated policy file: a bad file is refused by field; a good one shows every change
// beside the value in force, and only Apply puts it in the form, to be saved as the next version.
for (const locale of ['en', 'zh-CN'] as const) {
  test(`the policy editor imports a calibrated policy file after showing what it changes (${locale})`, async ({
    context,
    serviceWorker,
    extensionId,
  }) => {
    const zh = locale === 'zh-CN';
    await kehu(serviceWorker, 'setSettings', { locale });
    const { current } = (await kehu(serviceWorker, 'riskPolicy')) as { current: Record<string, unknown> & { weights: object } };
    // The file `kehu risk --calibrate --policy-out` writes: the whole next version.
    const calibrated = { ...current, version: 2, createdBy: 'calibrate', weights: { ...current.weights, purchase_recency: 100 } };
    const options = await openPage(context, extensionId, 'options.html#policy', { width: 1200, height: 900 });
    const chooser = options.getByLabel(zh ? '策略文件（JSON）' : 'Policy file (JSON)');
    const weight = options.getByRole('textbox', { name: zh ? '权重：购买间隔' : 'Weight: Purchase recency' });

    const bad = { ...calibrated, weights: { ...calibrated.weights, complaints: -5 } };
    await chooser.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await expect(options.getByRole('alert')).toContainText('weights.complaints');
    await expect(options.getByRole('alert')).toContainText(
      zh ? 'bad.json 不是 Kehu 可用的策略' : 'bad.json is not a policy Kehu can use',
    );

    await chooser.setInputFiles({
      name: 'policy-v2.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(calibrated, null, 2)),
    });
    const diff = options.getByRole('table', {
      name: zh ? /policy-v2\.json（第 2 版）修改 1 项设置/ : /policy-v2\.json \(version 2\) changes 1 setting/,
    });
    await expect(diff).toBeVisible();
    const row = diff.getByRole('row', { name: zh ? /权重：购买间隔/ : /Weight: Purchase recency/ });
    await expect(row.getByRole('cell')).toHaveText(['70', '100']);
    // Shown, not applied: the form still holds the value in force.
    await expect(weight).toHaveValue('70');
    await expectNoAxeViolations(options, `policy import (${locale})`);

    await options.getByRole('button', { name: zh ? '应用到编辑器' : 'Apply to the editor' }).click();
    await expect(weight).toHaveValue('100');
    await expect(options.getByText(zh ? '已修改 1 项设置。' : '1 setting changed.')).toBeVisible();
    expect(await kehu(serviceWorker, 'riskPolicy')).toMatchObject({ current: { version: 1 } });
    await options.getByRole('button', { name: zh ? '保存为第 2 版' : 'Save as version 2' }).click();
    await expect
      .poll(async () => kehu(serviceWorker, 'riskPolicy'))
      .toMatchObject({ current: { version: 2, weights: { purchase_recency: 100 } } });
  });
}
