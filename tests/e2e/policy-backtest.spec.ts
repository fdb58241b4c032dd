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
