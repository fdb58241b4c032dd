// The options page and the popup: the collector's "test connection" against a local server (a bad
// token, an incompatible server, a working one, one that is down), the risk policy editor with its
// preview, erase all after confirmation; the popup's agenda and level counts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seed, setSettings } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { expectNoAxeViolations, grantHost, kehu, openPage } from './workspace-support.ts';

/** A stand-in collector on 127.0.0.1: /healthz, and /v1/changes that checks the bearer token. */
async function startCollector(mode: { token: string; compatible: boolean }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      // Like the real collector, every answer names the Kehu API version (the sync transport checks it).
      res.writeHead(status, { 'content-type': 'application/json', 'kehu-api': '1' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/healthz') return send(200, { ok: true });
    if (url.pathname === '/v1/changes') {
      if (req.headers.authorization !== `Bearer ${mode.token}`) return send(401, { error: 'unauthorized' });
      return mode.compatible ? send(200, { changes: [], next: 0, more: false }) : send(200, { rows: [] });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('test connection names a bad token, an incompatible server and an unreachable one; settings are saved for sync', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  const good = await startCollector({ token: 'team-secret', compatible: true });
  const odd = await startCollector({ token: 'team-secret', compatible: false });
  try {
    // The rep allows access when the browser asks (done here through the extensions page).
    await grantHost(context, extensionId, `${good.url}/*`);
    await grantHost(context, extensionId, `${odd.url}/*`);
    const options = await openPage(context, extensionId, 'options.html', { width: 1200, height: 900 });
    const address = options.getByLabel('Collector address');
    const token = options.getByLabel('Team token');
    // The connection's own result (the sync status, shown once saved, has a live region of its own).
    const result = options.locator('#connection-result');

    await address.fill('kehu.example.com');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(options.getByText('Enter a web address starting with https://')).toBeVisible();
    // Plain http only to this computer: elsewhere the token would travel in clear text.
    await address.fill('http://kehu.example.com');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(options.getByText(/Use an https:\/\/ address/)).toBeVisible();
    await options.getByRole('button', { name: 'Save' }).first().click();
    await expect(options.getByText(/Use an https:\/\/ address/)).toBeVisible();
    expect(await kehu(serviceWorker, 'getSettings')).toMatchObject({ collectorUrl: '' });

    await address.fill(good.url);
    await token.fill('wrong');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('The collector refused the token. (HTTP 401)');

    await token.fill('team-secret');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('Connected: the collector answers and accepts the token.');

    await address.fill(odd.url);
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('This is not a compatible Kehu collector.');

    await new Promise<void>((resolve) => odd.server.close(() => resolve()));
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('The collector could not be reached.');

    // Saved where the background (and sync) reads it.
    await address.fill(`${good.url}/`);
    await options.getByRole('button', { name: 'Save' }).first().click();
    await expect(result).toContainText('Saved. Sync uses this collector.');
    expect(await kehu(serviceWorker, 'getSettings')).toMatchObject({ collectorUrl: good.url, collectorToken: 'team-secret' });
    // The token is not in storage.local, which content scripts can read.
    const local = await serviceWorker.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(local)).not.toContain('team-secret');
    expect(JSON.stringify(local)).toContain(good.url);
  } finally {
    good.server.close();
    odd.server.close();
  }
});

test('the policy editor checks the policy as a whole, previews how many customers change level, saves a version', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const options = await openPage(context, extensionId, 'options.html#policy', { width: 1200, height: 900 });
  await expect(options.getByText(/^Version 1 in force since/)).toBeVisible();
  const orange = options.getByRole('textbox', { name: 'Threshold: Orange (II)' });
  const original = await orange.inputValue();
  await orange.fill('5');
  await expect(options.getByText('must rise: blue < yellow < orange < red')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Save as version 2' })).toBeDisabled();
  await orange.fill(original);
  // Silence weighs a little more: the preview says how many of the two customers would move.
  await options.getByRole('textbox', { name: 'Weight: Contact silence' }).fill('26');
  await options.getByRole('button', { name: 'Preview the effect' }).click();
  await expect(options.getByText(/^\d+ of 2 customers would change level/)).toBeVisible();
  await options.getByLabel('Why this change').fill('Silence counts a little more');
  await options.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(options.getByText('Saved as version 2; every customer is being reassessed.')).toBeVisible();
  await expect(options.getByText(/^Version 2 in force since/)).toBeVisible();
  expect(await kehu(serviceWorker, 'riskPolicy')).toMatchObject({
    current: { version: 2, note: 'Silence counts a little more', weights: { contact_silence: 26 } },
  });
});

test('erase all asks for the confirmation word, then empties the store', async ({ context, serviceWorker, extensionId }) => {
  await seed(serviceWorker);
  const options = await openPage(context, extensionId, 'options.html#erase', { width: 1200, height: 900 });
  await options.getByRole('button', { name: 'Erase all data…' }).click();
  const dialog = options.getByRole('dialog', { name: 'Erase all data?' });
  await dialog.getByLabel('Type ERASE to confirm').fill('erase');
  await dialog.getByRole('button', { name: 'Erase everything' }).click();
  await expect(dialog).toContainText('Type ERASE exactly to confirm');
  expect((await kehu<{ counts: Record<string, number> }>(serviceWorker, 'dataSummary')).counts.customers).toBe(2);
  await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
  await dialog.getByRole('button', { name: 'Erase everything' }).click();
  await expect(options.getByText(/^Erased \d+ records\.$/)).toBeVisible();
  expect((await kehu<{ counts: Record<string, number> }>(serviceWorker, 'dataSummary')).counts).toMatchObject({
    customers: 0,
    contacts: 0,
    interactions: 0,
  });
});

test('the debug log shows the problems Kehu worked around, copies them as text and clears them, in both languages', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // A content script reports what it worked around (here: the panel that would not open).
  await kehu(serviceWorker, 'reportProblem', { area: 'overlay.open', message: 'Error: No window with id: 7' });
  const options = await openPage(context, extensionId, 'options.html#debug-log', { width: 1200, height: 900 });
  const section = options.locator('#debug-log');
  await section.getByRole('button', { name: 'Show the log' }).click();
  const table = section.getByRole('table', { name: 'The only entry' });
  await expect(table.getByRole('row').nth(1)).toContainText('overlay.open (page)');
  await expect(table.getByRole('row').nth(1)).toContainText('Error: No window with id: 7');
  await expectNoAxeViolations(options, 'options debug log');

  await section.getByRole('button', { name: 'Copy the log' }).click();
  await expect(section.getByText('Copied 1 entry to the clipboard.')).toBeVisible();
  expect(await options.evaluate(() => navigator.clipboard.readText())).toMatch(
    /^\d{4}-\d\d-\d\dT[\d:.]+Z page overlay\.open: Error: No window with id: 7$/,
  );

  await setSettings(serviceWorker, { locale: 'zh-CN' });
  await options.reload();
  const zh = options.locator('#debug-log');
  await expect(zh.getByRole('heading', { name: '调试日志' })).toBeVisible();
  await zh.getByRole('button', { name: '清空日志' }).click();
  await expect(zh.getByText('日志已清空。')).toBeVisible();
  await expect(zh.getByText(/没有记录/)).toBeVisible();
  expect(await kehu(serviceWorker, 'debugLogEntries')).toEqual([]);
});

test.describe(() => {
  // The call-back the three-day rule plans is due within hours: in the rep's day whatever the time of the run.
  test.use({ repTime: 'morning' });
  test('the popup lists the day and the customers per level; choosing one opens it in the side panel', async ({
    context,
    serviceWorker,
    extensionId,
  }) => {
    await seed(serviceWorker);
    await kehu(serviceWorker, 'planFollowUpFor', {
      customerId: 'globex',
      dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      channel: 'email',
      purpose: 'Send the new price list',
    });
    const popup = await openPage(context, extensionId, 'popup.html', { width: 400, height: 700 });
    // The planned follow-up, and the call-back the three-day rule planned for ACME (a weekly
    // customer long silent).
    await expect(popup.getByRole('heading', { name: 'Follow-ups due (2)' })).toBeVisible();
    await expect(popup.getByRole('button', { name: /^Globex Email · Send the new price list/ })).toBeVisible();
    await expect(popup.getByRole('button', { name: /^ACME Trading Phone · Call back: .*three-day rule/ })).toBeVisible();
    await expect(popup.getByRole('heading', { name: /^Alerts to work on \(\d+\)$/ })).toBeVisible();
    await expect(popup.getByRole('heading', { name: 'Cases past the promised time (1)' })).toBeVisible();
    await expect(popup.getByRole('heading', { name: 'Customers by warning level (2 in all)' })).toBeVisible();
    const levels = popup.getByRole('table');
    await expect(levels.getByRole('row', { name: /Red \(I\)/ })).toContainText('1');
    await expect(levels.getByRole('row', { name: /No warning/ })).toContainText('1');
    // The search box has focus: type and pick by keyboard.
    await expect(popup.getByRole('combobox')).toBeFocused();
    const opened = context
      .waitForEvent('page', { predicate: (p) => p.url().includes('sidepanel.html'), timeout: 5000 })
      .catch(() => null);
    await popup
      .getByRole('button', { name: /Globex/ })
      .first()
      .click();
    await expect
      .poll(() =>
        serviceWorker.evaluate(async () => {
          const area = chrome.storage.session ?? chrome.storage.local;
          return ((await area.get('kehu.selection'))['kehu.selection'] as { customerId?: string } | undefined)?.customerId;
        }),
      )
      .toBe('globex');
    const panel = await opened;
    if (panel) await expect(panel.getByRole('heading', { level: 1 })).toHaveText('Globex');
  });
});
