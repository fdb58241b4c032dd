// The whole loop: a customer answers an NPS survey with a 2 through <kehu-survey> on a web page
// (dist/sdk/kehu.js), the answer goes to the collector (`kehu serve`), the rep's extension runs one
// sync, and the sender's badge in the Gmail fixture turns orange or red, the detractor answer
// among the reasons on its card — without reloading the mail page.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { badgesFor, importText, seedFiles, serveFixture } from './extension-support.ts';
import { expect, REPO, test } from './harness.ts';
import { call, type RunningCollector, type SyncView, startCollector } from './sync-support.ts';
import { grantHost } from './workspace-support.ts';

const CUSTOMER_EMAIL = 'li.na@globex.example';

/** A shop's "thank you" page on 127.0.0.1 with the NPS survey, and the SDK files under /sdk/. */
async function startSite(page: (origin: string) => string): Promise<{ origin: string; server: Server }> {
  let origin = '';
  const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/thanks.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(origin));
      return;
    }
    const file = /^\/sdk\/([\w.-]+)$/.exec(path)?.[1];
    if (file) {
      try {
        const body = readFileSync(join(REPO, 'dist/sdk', file));
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
        return;
      } catch {
        // fall through: not found
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server };
}

test('an NPS answer of 2 on a web page turns the sender’s badge orange or red after one sync', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(300_000);
  let collector: RunningCollector | null = null;
  let site: { origin: string; server: Server } | null = null;
  try {
    // The team's collector; the shop's answers take no less time than a person needs (1 s) by default,
    // which this scripted respondent is not.
    collector = await startCollector(['--min-elapsed-ms', '0']);
    const endpoint = collector.url;
    let siteKey = '';
    site = await startSite(
      () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Thank you for your order</title>
<script src="/sdk/kehu.js"></script>
<script>Kehu.init({ minFillMs: 0 });</script></head>
<body><main><h1>Thank you for your order</h1>
<kehu-survey kind="nps" site-key="${siteKey}" endpoint="${endpoint}" respondent-email="${CUSTOMER_EMAIL}" respondent-name="Li Na"></kehu-survey>
</main></body></html>`,
    );
    siteKey = collector.siteKey('shop', [site.origin]);

    // The rep's extension: the customers of the Gmail fixture, Globex a key customer in regular
    // weekly contact (no warning), connected to the collector.
    const files = seedFiles();
    await importText(serviceWorker, 'customers', files.customers.replace('Manufacturing,general', 'Manufacturing,key'));
    await importText(serviceWorker, 'contacts', files.contacts);
    await importText(serviceWorker, 'interactions', files.interactions);
    await grantHost(context, extensionId, `${endpoint}/*`);
    await call(serviceWorker, 'setSettings', { repName: 'rep', collectorUrl: endpoint, collectorToken: collector.token('rep') });
    expect(await call<SyncView>(serviceWorker, 'syncNow')).toMatchObject({ state: 'idle', error: null, pending: 0 });

    const mail = await context.newPage();
    await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
    await mail.goto('https://mail.google.com/mail/u/0/#inbox');
    const badge = badgesFor(mail, CUSTOMER_EMAIL);
    await expect(badge).toHaveAttribute('data-level', 'none');

    // The customer answers the survey on the shop's page: 2, with a reason, contact details allowed.
    const shop = await context.newPage();
    await shop.goto(`${site.origin}/thanks.html`);
    const survey = shop.locator('kehu-survey');
    await survey.locator('.opt', { hasText: /^2$/ }).click();
    await survey.getByLabel('What is the main reason for your score?').fill('Delivery was slow again');
    await survey.getByText(`Send my contact details (Li Na, ${CUSTOMER_EMAIL})`).click();
    await survey.getByRole('button', { name: 'Send' }).click();
    await expect(survey.locator('.done')).toContainText('Your answer has been sent.');
    const stored = collector.exportRecords<{ kind: string; score: number; respondent: { email?: string } }>('responses');
    expect(stored).toEqual([
      expect.objectContaining({ kind: 'nps', score: 2, respondent: expect.objectContaining({ email: CUSTOMER_EMAIL }) }),
    ]);

    // One sync cycle.
    const synced = await call<SyncView>(serviceWorker, 'syncNow');
    expect(synced).toMatchObject({ state: 'idle', error: null });
    expect(synced.progress.pulled).toBeGreaterThanOrEqual(1);
    const level = (await call<{ assessment: { level: string } }>(serviceWorker, 'lookup', CUSTOMER_EMAIL)).assessment.level;
    expect(['orange', 'red']).toContain(level);

    // The badge in the open mail page follows, and its card gives the detractor answer as a reason.
    await expect(badge).toHaveAttribute('data-level', level);
    expect(mail.url()).toContain('#inbox'); // the same page, not reloaded
    await badge.getByRole('button').focus();
    const card = badge.getByRole('dialog');
    await expect(card).toContainText('Globex');
    const reasons = card.locator('.kehu-reasons > li');
    await expect(reasons.filter({ hasText: /NPS answer 2\/10 on \d{4}-\d{2}-\d{2} \(detractor\)/ })).toHaveCount(1);
  } finally {
    site?.server.close();
    await collector?.dispose();
  }
});
