// What the rep sees of sync in the options page and the popup: the last sync, the changes waiting
// to be sent, and the last error in words — a bad token, an unreachable collector, a server that
// is not a compatible Kehu collector — in English and Chinese; "Sync now" by keyboard; axe finds
// nothing. Offline, local changes wait in the outbox and go out once the collector is back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seed } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { call, type RunningCollector, type SyncView, startCollector } from './sync-support.ts';
import { expectNoAxeViolations, grantHost, openPage } from './workspace-support.ts';

/** A web API that answers JSON (and lets any origin call it) but without the Kehu-Api header: not a Kehu collector. */
async function startImpostor(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-methods': 'GET, POST',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.end('{"changes": "none"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('the options page and the popup show the sync state and each error in words, in both languages', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(300_000);
  let collector: RunningCollector | null = null;
  const impostor = await startImpostor();
  try {
    collector = await startCollector();
    const url = collector.url;
    await grantHost(context, extensionId, `${url}/*`);
    await grantHost(context, extensionId, `${impostor.url}/*`);
    await call(serviceWorker, 'setSettings', { repName: 'rep' });
    await seed(serviceWorker);

    const options = await openPage(context, extensionId, 'options.html', { width: 1200, height: 900 });
    const status = options.locator('.sync-status');
    await expect(status).toContainText('No team collector is set up: everything stays in this browser.');

    // A wrong token: saving starts a sync, which names the problem; nothing is lost.
    await options.getByLabel('Collector address').fill(url);
    await options.getByLabel('Team token').fill('kt_wrong');
    await options.getByRole('button', { name: 'Save', exact: true }).first().click();
    const problem = status.getByRole('alert');
    await expect(problem).toContainText('The last sync failed: The collector did not accept the team token.', {
      timeout: 120_000,
    });
    await expect(problem).toContainText('(HTTP 401)');
    await expect(problem).toContainText(/Kehu tries again after /);
    await expect(status).toContainText(/\d[\d,]* changes waiting to be sent\./);
    await expectNoAxeViolations(options, 'options with a sync error');

    // The same in Chinese.
    await call(serviceWorker, 'setSettings', { locale: 'zh-CN' });
    await expect(status.getByRole('heading', { name: '团队同步' })).toBeVisible();
    await expect(problem).toContainText('上次同步失败：收集服务不接受团队令牌。');
    await expect(status).toContainText(/项更改等待发送。/);
    const popup = await openPage(context, extensionId, 'popup.html', { width: 400, height: 700 });
    await expect(popup.locator('.sync-status').getByRole('alert')).toContainText('收集服务不接受团队令牌');
    await expectNoAxeViolations(popup, 'popup with a sync error (zh-CN)');
    await popup.close();
    await call(serviceWorker, 'setSettings', { locale: 'en' });

    // The right token; "Sync now" by keyboard.
    await options.getByLabel('Team token').fill(collector.token('rep'));
    await options.getByRole('button', { name: 'Save', exact: true }).first().click();
    await options.getByRole('button', { name: 'Sync now' }).focus();
    await options.keyboard.press('Enter');
    await expect(status).toContainText('Every change has been sent.', { timeout: 60_000 });
    await expect(status).toContainText(/Last synced /);
    await expect(status.getByRole('alert')).toHaveCount(0);

    // Offline: a local change waits, the error says so; back online, it goes out.
    await collector.stop();
    expect(await call(serviceWorker, 'saveCustomerDraft', { id: 'globex', name: 'Globex Group' })).toMatchObject({ ok: true });
    await options.getByRole('button', { name: 'Sync now' }).click();
    await expect(problem).toContainText(
      'The collector cannot be reached. Kehu keeps working offline and catches up when it is back.',
    );
    await expect(status).toContainText('1 change waiting to be sent.');
    expect(await call<SyncView>(serviceWorker, 'syncStatus')).toMatchObject({ pending: 1, error: { kind: 'unreachable' } });
    await collector.restart();
    await options.getByRole('button', { name: 'Sync now' }).click();
    await expect(status).toContainText('Every change has been sent.', { timeout: 60_000 });
    await expect(status.getByRole('alert')).toHaveCount(0);
    expect(collector.exportRecords<{ id: string; name: string }>('customers').find((c) => c.id === 'globex')?.name).toBe(
      'Globex Group',
    );

    // Not a Kehu collector: a new address starts over (everything is sent to it), and it says why it cannot.
    await options.getByLabel('Collector address').fill(impostor.url);
    await options.getByRole('button', { name: 'Save', exact: true }).first().click();
    await expect(problem).toContainText('The collector speaks another version of the Kehu API.', { timeout: 120_000 });
  } finally {
    impostor.server.close();
    await collector?.dispose();
  }
});
