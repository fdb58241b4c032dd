// The way an answer travels: offline → kept → exactly one delivery; server failures retried with
// backoff; a lost response never makes a second record; pagehide hands waiting answers to
// keepalive; preventDefault() lets the site send it itself; refusals are reported.
import type { Locator, Page } from '@playwright/test';
import { QUEUE_KEY } from '../../sdk/src/contract.ts';
import { expect, type Servers, test } from '../fixtures/sdk/server.ts';

const queued = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]').length as number, QUEUE_KEY);

async function answerNps(page: Page, score = 7): Promise<Locator> {
  const nps = page.locator('kehu-survey[kind=nps]');
  await nps.locator('form').waitFor();
  await nps.locator(`.opt:has(input[value="${score}"])`).click();
  await nps.getByRole('button', { name: 'Send' }).click();
  return nps;
}

const statuses = (servers: Servers) => servers.collector.arrivals.map((a) => a.status);

test('offline: the answer is kept, and arrives exactly once when the browser is back online', async ({
  page,
  context,
  servers,
}) => {
  await page.goto(servers.page({ kinds: ['nps'], init: { minFillMs: 0 } }));
  await page.locator('kehu-survey[kind=nps] form').waitFor();
  // Offline before the respondent starts.
  await context.setOffline(true);
  const nps = await answerNps(page);
  await expect(nps.locator('.done')).toContainText('saved on this device');
  expect(await queued(page)).toBe(1);
  expect(servers.collector.arrivals).toEqual([]);

  await context.setOffline(false);
  await expect.poll(() => statuses(servers)).toEqual([201]);
  await expect.poll(() => queued(page)).toBe(0);
  // A new page finds nothing left to send.
  await page.reload();
  await page.locator('kehu-survey[kind=nps] form').waitFor();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  expect(statuses(servers)).toEqual([201]);
  expect(servers.collector.stored.size).toBe(1);
});

test('offline, then the tab is closed: the next page sends the answer', async ({ page, context, servers }) => {
  const url = servers.page({ kinds: ['nps'], init: { minFillMs: 0 } });
  await page.goto(url);
  const nps = page.locator('kehu-survey[kind=nps]');
  await nps.locator('.opt', { hasText: /^2$/ }).click(); // starts answering while online
  await context.setOffline(true);
  await nps.getByRole('button', { name: 'Send' }).click();
  await expect(nps.locator('.done')).toContainText('saved on this device');
  await page.close();
  await context.setOffline(false);

  const next = await context.newPage();
  await next.goto(servers.page({ kinds: [] })); // a page of the same site with no widget at all
  await expect.poll(() => statuses(servers)).toEqual([201]);
  expect([...servers.collector.stored.values()].map((s) => s.body.score)).toEqual([2]);
  await expect.poll(() => queued(next)).toBe(0);
});

test('server errors are retried with backoff until the answer is stored once', async ({ page, servers }) => {
  servers.collector.mode.fail = 2;
  servers.collector.mode.retryAfter = 1;
  await page.goto(servers.page({ kinds: ['nps'], init: { minFillMs: 0 } }));
  const nps = await answerNps(page, 10);
  await expect(nps.locator('.done')).toBeVisible();
  await expect.poll(() => statuses(servers), { timeout: 20_000 }).toEqual([503, 503, 201]);
  expect(servers.collector.stored.size).toBe(1);
  await expect.poll(() => queued(page)).toBe(0);
});

test('a response lost on the way back does not make a second record', async ({ page, servers }) => {
  servers.collector.mode.dropAfterStore = 1;
  await page.goto(servers.page({ kinds: ['nps'], init: { minFillMs: 0 } }));
  const nps = await answerNps(page, 6);
  // Chromium itself may retry a POST whose reused connection was reset, so the thank-you may say
  // either "sent" or "saved"; what matters is what the collector ends up with.
  await expect(nps.locator('.done')).toBeVisible();
  // The retry carries the same clientId: the collector answers 200 with the record it has.
  await expect.poll(() => statuses(servers), { timeout: 20_000 }).toEqual([0, 200]);
  expect(servers.collector.stored.size).toBe(1);
  const ids = new Set(servers.collector.arrivals.map((a) => a.clientId));
  expect(ids.size).toBe(1);
  await expect.poll(() => queued(page)).toBe(0);
});

test('an answer still on its way when the page is hidden goes out with keepalive', async ({ page, servers }) => {
  servers.collector.mode.hold = 1; // the first request never gets its answer: it is in flight when the page goes
  await page.goto(servers.page({ kinds: ['nps'], init: { minFillMs: 0 } }));
  await answerNps(page, 4);
  await expect.poll(() => statuses(servers)).toEqual([-1]);
  await page.goto('about:blank'); // pagehide
  await expect.poll(() => statuses(servers)).toEqual([-1, 201]);
  expect([...servers.collector.stored.values()].map((s) => s.body.score)).toEqual([4]);
});

test('offline with a full queue: the new answer is kept and the queue stays within its cap', async ({ page, servers }) => {
  const url = servers.page({ kinds: ['nps'], init: { minFillMs: 0 } });
  await page.goto(url);
  // 50 answers another tab left, each waiting out an hour of backoff (so none is sent now).
  await page.evaluate(
    ({ key, collect }) => {
      const items = Array.from({ length: 50 }, (_, i) => ({
        url: collect,
        body: { clientId: `earlier-${String(i).padStart(2, '0')}`, kind: 'nps', score: 5, submittedAt: new Date().toISOString() },
        at: Date.now(),
        tries: 3,
        next: Date.now() + 3_600_000,
      }));
      localStorage.setItem(key, JSON.stringify(items));
    },
    { key: QUEUE_KEY, collect: `${servers.collector.url}/v1/collect/site` },
  );
  await page.locator('kehu-survey[kind=nps] form').waitFor();
  await page.context().setOffline(true);
  const nps = await answerNps(page, 9);
  await expect(nps.locator('.done')).toContainText('saved on this device');
  const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), QUEUE_KEY);
  expect(kept).toHaveLength(50);
  // The oldest answer made room for the newest.
  expect(kept[0].body.clientId).toBe('earlier-01');
  expect(kept.at(-1).body.score).toBe(9);
});

test('preventDefault() on kehu-submit: the site sends the answer itself', async ({ page, servers }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { handled: unknown[] };
    w.handled = [];
    document.addEventListener('kehu-submit', (e) => {
      e.preventDefault();
      w.handled.push((e as CustomEvent).detail);
    });
  });
  await page.goto(servers.page({ kinds: ['complaint'], init: { minFillMs: 0 } }));
  const fb = page.locator('kehu-feedback[topic=complaint]');
  await fb.getByLabel('What went wrong?').fill('Late again');
  await fb.getByText('Call me back').click();
  await fb.getByRole('button', { name: 'Send' }).click();
  await expect(fb.locator('.done')).toBeVisible();
  const handled = await page.evaluate(() => (window as unknown as { handled: unknown[] }).handled);
  expect(handled).toEqual([
    expect.objectContaining({ kind: 'complaint', comment: 'Late again', answers: { resolution: 'callback' } }),
  ]);
  expect(await queued(page)).toBe(0);
  expect(servers.collector.arrivals).toEqual([]);
});

test('a refused answer is reported to the respondent and as kehu-error, and not retried', async ({ page, servers }) => {
  servers.collector.mode.status = 403;
  await page.addInitScript(() => {
    const w = window as unknown as { errors: unknown[] };
    w.errors = [];
    document.addEventListener('kehu-error', (e) => w.errors.push((e as CustomEvent).detail));
  });
  await page.goto(servers.page({ kinds: ['nps'], init: { minFillMs: 0 } }));
  const nps = await answerNps(page, 9);
  await expect(nps.locator('[aria-live=assertive]')).toHaveText('Your answer could not be accepted. Please try again later.');
  const errors = await page.evaluate(() => (window as unknown as { errors: { code: string; status: number }[] }).errors);
  expect(errors).toEqual([expect.objectContaining({ code: 'rejected', status: 403 })]);
  expect(await queued(page)).toBe(0);
  expect(statuses(servers)).toEqual([403]);
});

test('without an endpoint the form says so, unless the site handles kehu-submit', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['praise'], noEndpoint: true, init: { minFillMs: 0 } }));
  const fb = page.locator('kehu-feedback[topic=praise]');
  await fb.getByLabel('What did you like?').fill('Nice');
  await fb.getByRole('button', { name: 'Send' }).click();
  await expect(fb.locator('[aria-live=assertive]')).toHaveText('This form is not set up to send answers yet.');
  expect(servers.collector.arrivals).toEqual([]);
});
