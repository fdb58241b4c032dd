// Early warning as the practice teaches it, across the team:
// * feedback closes the loop: a complaint sent through <kehu-feedback> on a shop's page reaches the
//   customer owner's side panel as a case at step 1 after one sync (the case id derived from the answer);
// * roles: a rep escalates an alert to the decision owner; after one sync the decision owner's
//   extension shows a notification, the popup lists it, and the alert is in their side panel.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import type { Indicator } from '#shared/model/index.ts';
import { importText, seed, seedFiles } from './extension-support.ts';
import { expect, launchWithExtension, REPO, serviceWorkerOf, test } from './harness.ts';
import { call, type RunningCollector, type SyncView, startCollector } from './sync-support.ts';
import { grantHost, openPage } from './workspace-support.ts';

const CUSTOMER_EMAIL = 'li.na@globex.example';

async function startShop(page: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/help.html') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    const file = /^\/sdk\/([\w.-]+)$/.exec(path)?.[1];
    if (file) {
      try {
        return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(REPO, 'dist/sdk', file)));
      } catch {
        // not found
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a complaint from <kehu-feedback> reaches the owner’s side panel as a case after one sync', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(300_000);
  let collector: RunningCollector | null = null;
  let shop: { origin: string; server: Server } | null = null;
  try {
    collector = await startCollector(['--min-elapsed-ms', '0']);
    const endpoint = collector.url;
    let siteKey = '';
    shop = await startShop(
      () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Help</title>
<script src="/sdk/kehu.js"></script><script>Kehu.init({ minFillMs: 0 });</script></head>
<body><main><h1>Tell us what went wrong</h1>
<kehu-feedback topic="complaint" site-key="${siteKey}" endpoint="${endpoint}" respondent-email="${CUSTOMER_EMAIL}" respondent-name="Li Na"></kehu-feedback>
</main></body></html>`,
    );
    siteKey = collector.siteKey('shop', [shop.origin]);

    // The rep owns Globex (owner "rep" in the seed files) and is connected to the collector.
    const files = seedFiles();
    await importText(serviceWorker, 'customers', files.customers);
    await importText(serviceWorker, 'contacts', files.contacts);
    await importText(serviceWorker, 'interactions', files.interactions);
    await grantHost(context, extensionId, `${endpoint}/*`);
    await call(serviceWorker, 'setSettings', { repName: 'rep', collectorUrl: endpoint, collectorToken: collector.token('rep') });
    expect(await call<SyncView>(serviceWorker, 'syncNow')).toMatchObject({ state: 'idle', error: null });

    // The customer complains on the shop's page.
    const page = await context.newPage();
    await page.goto(`${shop.origin}/help.html`);
    const form = page.locator('kehu-feedback');
    await form.getByLabel('What went wrong?').fill('The order arrived broken');
    await form.getByText('Refund my money').click();
    await form.getByLabel('Email').fill(CUSTOMER_EMAIL);
    await form.getByText('You may contact me about this feedback.').click();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.locator('.done')).toBeVisible();
    const [answer] = collector.exportRecords<{ id: string; kind: string }>('responses');
    expect(answer?.kind).toBe('complaint');

    // One sync: the case is there, at step 1, for the owner, with the id derived from the answer.
    expect(await call<SyncView>(serviceWorker, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    const cases = await call<{ cases: { id: string; status: string; owner?: string; assignee?: string; title: string }[] }>(
      serviceWorker,
      'casesFor',
      { customerId: 'globex' },
    );
    expect(cases.cases).toEqual([
      expect.objectContaining({
        id: `fb-${answer!.id}`,
        status: 'listen',
        owner: 'rep',
        assignee: 'rep',
        title: 'The order arrived broken',
      }),
    ]);

    // The owner's side panel shows it under Cases.
    const panel = await openPage(context, extensionId, 'sidepanel.html?customer=globex', { width: 420, height: 900 });
    await panel.getByRole('tab', { name: /Cases/ }).click();
    await expect(panel.getByText('The order arrived broken')).toBeVisible();
  } finally {
    shop?.server.close();
    await collector?.dispose();
  }
});

test('an escalated alert notifies the decision owner’s extension after one sync', async () => {
  test.setTimeout(240_000);
  let collector: RunningCollector | null = null;
  const rep = await launchWithExtension();
  const boss = await launchWithExtension();
  try {
    collector = await startCollector();
    const url = collector.url;
    const swRep = await serviceWorkerOf(rep.context);
    const swBoss = await serviceWorkerOf(boss.context);
    const idRep = new URL(swRep.url()).host;
    const idBoss = new URL(swBoss.url()).host;
    await grantHost(rep.context, idRep, `${url}/*`);
    await grantHost(boss.context, idBoss, `${url}/*`);

    await call(swRep, 'setSettings', { repName: 'li@team.example', collectorUrl: url, collectorToken: collector.token('li') });
    await seed(swRep);
    const alerts = (await call<string>(swRep, 'exportText', { entity: 'alerts', format: 'ndjson' }))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; customerId: string; status: string; indicator: Indicator });
    const alert = alerts.find((a) => a.customerId === 'acme' && a.status === 'open');
    expect(alert).toBeTruthy();
    // The decision owner is connected and in step before the escalation.
    await call(swBoss, 'setSettings', {
      repName: 'boss@team.example',
      collectorUrl: url,
      collectorToken: collector.token('boss'),
    });
    expect(await call<SyncView>(swRep, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    expect(await call<SyncView>(swBoss, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    expect(await swBoss.evaluate(() => chrome.notifications.getAll())).not.toHaveProperty(`kehu:acme:${alert!.id}`);

    // The rep escalates in the side panel: the refund is above their authority.
    const openAlert = async (page: Page) => {
      await page.getByRole('tab', { name: /Warnings/ }).click();
      await page
        .getByRole('button', { name: new RegExp(INDICATOR_LABELS.en[alert!.indicator]) })
        .first()
        .click();
    };
    const panel = await openPage(rep.context, idRep, 'sidepanel.html?customer=acme', { width: 480, height: 1000 });
    await openAlert(panel);
    await panel.getByLabel('Escalate to', { exact: true }).fill('boss@team.example');
    await panel.getByLabel('Why (internal note)').fill('Refund above my limit');
    await panel.getByRole('button', { name: 'Escalate', exact: true }).click();
    await expect(panel.getByText('li@team.example escalated to boss@team.example')).toBeVisible();
    await panel.getByLabel('What was said to the customer').fill('We are checking the refund with our manager today.');
    await panel.getByRole('button', { name: 'Record what was said' }).click();
    await expect(panel.getByText('We are checking the refund with our manager today.')).toBeVisible();
    expect(await call<SyncView>(swRep, 'syncNow')).toMatchObject({ state: 'idle', error: null, pending: 0 });

    // One sync at the decision owner's: a notification, the popup's list, the alert in the side panel.
    expect(await call<SyncView>(swBoss, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    await expect
      .poll(async () => Object.keys(await swBoss.evaluate(() => chrome.notifications.getAll())), { timeout: 120_000 })
      .toContain(`kehu:acme:${alert!.id}`);
    const escalated = await call<{ id: string; by: string; note: string }[]>(swBoss, 'escalatedToMe');
    expect(escalated).toEqual([expect.objectContaining({ id: alert!.id, by: 'li@team.example', note: 'Refund above my limit' })]);
    const popup = await openPage(boss.context, idBoss, 'popup.html', { width: 400, height: 700 });
    const list = popup.getByRole('region', { name: 'Escalated to you' });
    await expect(list).toContainText('ACME Trading');
    await expect(list).toContainText('Refund above my limit');
    const bossPanel = await openPage(boss.context, idBoss, 'sidepanel.html?customer=acme', { width: 480, height: 1000 });
    await openAlert(bossPanel);
    await expect(bossPanel.getByText('li@team.example escalated to boss@team.example')).toBeVisible();
    await expect(bossPanel.getByText('We are checking the refund with our manager today.')).toBeVisible();
  } finally {
    await rep.close();
    await boss.close();
    await collector?.dispose();
  }
});
