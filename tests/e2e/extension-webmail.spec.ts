/// <reference types="chrome" />
// The extension in real Chromium: badges in Gmail and Outlook fixture pages served at the real
// URLs, data seeded through kehu.importText.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './harness.ts';
import {
  badgesFor,
  exportText,
  importText,
  lookup,
  overlayStats,
  seed,
  serveFixture,
  setSettings,
  setTabHidden,
} from './extension-support.ts';

test('each sender gets the level of its customer; unknown senders get a quiet add; no badge for the rep', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');

  const acme = await lookup(serviceWorker, 'wei@acme.example');
  expect(acme?.customer?.name).toBe('ACME Trading');
  // The early-warning engine's verdict on the seeded history: four months of silence after two
  // years of weekly orders, an overdue complaint and a detractor answer make ACME red.
  const acmeLevel = acme?.assessment?.level;
  expect(acmeLevel).toBe('red');

  await expect(badgesFor(page, 'wei@acme.example')).toHaveCount(1);
  await expect(badgesFor(page, 'wei@acme.example')).toHaveAttribute('data-level', 'red');
  await expect(badgesFor(page, 'li.na@globex.example')).toHaveAttribute('data-level', 'none');
  await expect(badgesFor(page, 'sam@newco.example')).toHaveAttribute('data-level', 'unknown');
  await expect(badgesFor(page, 'friend@gmail.com')).toHaveAttribute('data-level', 'unknown');
  await expect(page.locator('[data-kehu-badge]')).toHaveCount(4);

  // The open thread: sender and recipients; the rep's own address gets none.
  await page.locator('tr.zA').first().click();
  await expect(page.locator('h2.hP')).toHaveText('Order delayed again');
  const sender = page.locator('span.gD + [data-kehu-badge][data-email="wei@acme.example"]');
  await expect(sender).toHaveAttribute('data-level', 'red');
  await expect(page.locator('span.g2 + [data-kehu-badge][data-email="ops@acme.example"]')).toHaveAttribute('data-level', 'red');
  await expect(badgesFor(page, 'rep@kehu-test.example')).toHaveCount(0);

  // Level as text and aria-label, not colour alone; the card opens on focus (keyboard) with the reasons.
  const button = sender.getByRole('button', { name: 'Red I: ACME Trading, Red (I). Open in the side panel' });
  await expect(button).toContainText('Red I');
  await button.focus();
  const card = sender.getByRole('dialog');
  await expect(card).toContainText('ACME Trading');
  await expect(card).toContainText('Key customer');
  await expect(card).toContainText('Third delivery delay');
  await expect(card).toContainText(/last order \d+ days ago/);
  await expect(card).toContainText('NPS 2');
  await expect(card.locator('.kehu-reasons > li')).toHaveCount(3);
  const axe = await new AxeBuilder({ page }).include('[data-kehu-badge]').analyze();
  expect(axe.violations).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();

  // Enter on the badge opens the side panel on the customer (or, where none can open, the same view in a tab).
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('sidepanel.html'), timeout: 3000 });
  await button.press('Enter');
  const panel = await opened.catch(() => null);
  await expect
    .poll(() =>
      serviceWorker.evaluate(async () => {
        const area = chrome.storage.session ?? chrome.storage.local;
        return ((await area.get('kehu.selection'))['kehu.selection'] as { customerId?: string } | undefined)?.customerId;
      }),
    )
    .toBe('acme');
  if (panel) await expect(panel.getByRole('heading', { level: 1 })).toHaveText('ACME Trading');
});

test('a data change moves visible badges to their new level without a reload', async ({ context, serviceWorker }) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  const li = badgesFor(page, 'li.na@globex.example');
  await expect(li).toHaveAttribute('data-level', 'none');
  const day = 86_400_000;
  const d = (n: number) => new Date(Date.now() - n * day).toISOString().slice(0, 10);
  await importText(
    serviceWorker,
    'cases',
    `id,customer_id,title,category,severity,status,opened_at,due_at,closed_at\ncase-g,globex,Broken shipment,delivery,critical,listen,${d(20)},${d(10)},`,
  );
  await importText(
    serviceWorker,
    'responses',
    `id,kind,score,comment,respondent_email,customer_id,submitted_at\nresp-g,nps,0,"Terrible, cancelling our contract",li.na@globex.example,globex,${d(1)}`,
  );
  const level = (await lookup(serviceWorker, 'li.na@globex.example'))?.assessment?.level;
  expect(level).not.toBe('none');
  await expect(li).toHaveAttribute('data-level', level!);
  expect(page.url()).toContain('#inbox'); // same page, no reload
});

test('single-page navigation and re-renders never double a badge, and a hidden tab does no work', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  await expect(page.locator('[data-kehu-badge]')).toHaveCount(4);

  for (let round = 0; round < 5; round++) {
    await page.evaluate(() => {
      location.hash = 'inbox/18c1a0a0a0a0a001';
    });
    await expect(page.locator('h2.hP')).toHaveText('Order delayed again');
    await expect(page.locator('[data-kehu-badge]')).toHaveCount(3); // wei, ops@acme (rep gets none)
    await page.evaluate(() => (window as unknown as { kehuFixture: { rerender(): void } }).kehuFixture.rerender());
    await expect(page.locator('[data-kehu-badge]')).toHaveCount(3);
    await page.goBack();
    await expect(page.locator('tr.zA')).toHaveCount(4);
    await expect(page.locator('[data-kehu-badge]')).toHaveCount(4);
  }
  // Every anchor has exactly one badge right next to it.
  const pairs = await page
    .locator('span.zF, span.yP')
    .evaluateAll((spans) =>
      spans.map(
        (s) =>
          (s.previousElementSibling?.hasAttribute('data-kehu-badge') ? 1 : 0) +
          (s.nextElementSibling?.hasAttribute('data-kehu-badge') ? 1 : 0),
      ),
    );
  expect(pairs).toEqual([1, 1, 1, 1]);
  const stats = await overlayStats(page);
  expect(stats.observing).toBe(true);
  expect(stats.badges).toBe(4); // removed views left nothing behind

  // The tab goes to the background: its observer is off and mutations cause no scans.
  await setTabHidden(page, true);
  const before = await overlayStats(page);
  expect(before.observing).toBe(false);
  await page.evaluate(() => {
    location.hash = 'inbox/18c1a0a0a0a0a002';
  });
  await page.waitForTimeout(300);
  const during = await overlayStats(page);
  expect(during.scans).toBe(before.scans);
  expect(during.scansWhileHidden).toBe(0);
  // Back in front: the page is caught up.
  await setTabHidden(page, false);
  await expect(badgesFor(page, 'li.na@globex.example')).toHaveCount(1);
  expect((await overlayStats(page)).observing).toBe(true);
});

test('a 500-row inbox gets one badge per row, and a recycling list keeps one badge per row element', async ({
  context,
  serviceWorker,
}) => {
  const customers = ['id,name,domains', ...Array.from({ length: 50 }, (_, i) => `cust${i},Customer ${i},cust${i}.example`)].join(
    '\n',
  );
  await importText(serviceWorker, 'customers', customers);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/?rows=500#inbox');
  await expect(page.locator('tr.zA')).toHaveCount(500);
  await expect(page.locator('[data-kehu-badge][data-level="none"]')).toHaveCount(500);
  await expect(badgesFor(page, 'person499@cust49.example')).toHaveCount(1);

  await page.goto('https://mail.google.com/mail/u/0/?rows=500&virtual=1#inbox');
  await expect(page.locator('tr.zA')).toHaveCount(20);
  await expect(page.locator('[data-kehu-badge]')).toHaveCount(20);
  await expect(badgesFor(page, 'person0@cust0.example')).toHaveCount(1);
  for (const top of [4000, 12000, 19200]) {
    await page.locator('#scroller').evaluate((el, top) => {
      el.scrollTop = top;
    }, top);
    const first = Math.floor(top / 40);
    await expect(badgesFor(page, `person${first}@cust${first % 50}.example`)).toHaveCount(1);
    await expect(page.locator('[data-kehu-badge]')).toHaveCount(20);
  }
  await expect(badgesFor(page, 'person0@cust0.example')).toHaveCount(0);
});

test('adding an unknown sender creates the contact and its customer, and the badge updates in place', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox/18c1a0a0a0a0a003');
  const badge = page.locator('span.gD + [data-kehu-badge][data-email="sam@newco.example"]');
  await expect(badge).toHaveAttribute('data-level', 'unknown');
  const add = badge.getByRole('button', { name: 'Add sam@newco.example to Kehu' });
  await add.click();
  await expect(badge).not.toHaveAttribute('data-level', 'unknown');
  const found = await lookup(serviceWorker, 'sam@newco.example');
  expect(found?.customer?.name).toBe('newco.example');
  expect(found?.contact).toMatchObject({ name: 'Sam Stranger', emails: ['sam@newco.example'] });

  // Free-mail: a contact only, no customer from gmail.com.
  await page.evaluate(() => {
    location.hash = 'inbox/18c1a0a0a0a0a004';
  });
  const friend = page.locator('span.gD + [data-kehu-badge][data-email="friend@gmail.com"]');
  await friend.getByRole('button').press('Enter');
  await expect(friend).toHaveAttribute('data-level', 'none');
  expect((await lookup(serviceWorker, 'friend@gmail.com'))?.customer).toBeNull();
});

test('opening a thread from a known contact logs it once, metadata only; the setting turns it off', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  const logged = async () =>
    (await exportText(serviceWorker, 'interactions'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; email?: { subject: string }; summary?: string })
      .filter((i) => i.source === 'gmail');
  await page.goto('https://mail.google.com/mail/u/0/#inbox/18c1a0a0a0a0a001');
  await expect.poll(async () => (await logged()).length).toBe(1);
  for (let i = 0; i < 3; i++) {
    await page.goto('https://mail.google.com/mail/u/0/#inbox');
    await page.goto('https://mail.google.com/mail/u/0/#inbox/18c1a0a0a0a0a001');
    await page.evaluate(() => (window as unknown as { kehuFixture: { rerender(): void } }).kehuFixture.rerender());
    await page.waitForTimeout(600);
  }
  const entries = await logged();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ kind: 'email_in', email: { subject: 'Order delayed again' } });
  expect(JSON.stringify(entries)).not.toContain('must never store');

  await setSettings(serviceWorker, { logEmails: false });
  await page.goto('https://mail.google.com/mail/u/0/#inbox/18c1a0a0a0a0a002');
  await expect(badgesFor(page, 'li.na@globex.example')).toHaveCount(1);
  await page.waitForTimeout(800);
  expect(await logged()).toHaveLength(1);
});

test('a hostile page (overridden prototypes, aggressive CSS) cannot break the badge', async ({ context, serviceWorker }) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'hostile.html');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('https://mail.google.com/mail/u/0/#inbox/hostile');
  const badge = badgesFor(page, 'wei@acme.example');
  await expect(badge).toHaveAttribute('data-level', 'red');
  await expect(badge).toBeVisible();
  const box = await badge.boundingBox();
  expect(box?.width).toBeGreaterThan(20);
  expect(box?.height).toBeGreaterThan(10);
  const chip = badge.locator('.kehu-chip');
  await expect(chip).toBeVisible();
  expect(Number.parseFloat(await chip.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(10);
  expect(await chip.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgba(0, 0, 0, 0)');
  // Keyboard: focus opens the card.
  await badge.getByRole('button').first().focus();
  await expect(badge.getByRole('dialog')).toContainText('ACME Trading');
  expect(errors).toEqual([]);
});

test('the real 2014 Gmail inbox page gets badges on its inbox rows', async ({ context, serviceWorker }) => {
  await importText(serviceWorker, 'customers', 'id,name,domains,tier\ntwilio,Twilio,twilio.com,key\n');
  await serveFixture(context, 'https://mail.google.com/**', 'gmail-2014-inbox.html', false);
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  await expect(page.locator('tr.zA')).toHaveCount(16);
  await expect(page.locator('tr.zA:has(.yW span.zF[email$="@twilio.com"])')).toHaveCount(6);
  const level = (await lookup(serviceWorker, 'news@twilio.com'))?.assessment?.level;
  expect(level).toBe('none'); // a key customer with no history yet: nothing to warn about
  await expect(page.locator('tr.zA [data-kehu-badge][data-email="news@twilio.com"]').first()).toHaveAttribute(
    'data-level',
    'none',
  );
  // One badge per row: the row's hidden summary for screen readers (.afn) repeats the sender and gets none.
  await expect(page.locator('tr.zA [data-kehu-badge][data-email$="@twilio.com"]')).toHaveCount(6);
  await expect(page.locator('tr.zA .afn [data-kehu-badge]')).toHaveCount(0);
  await expect(page.locator('tr.zA [data-kehu-badge]')).toHaveCount(16);
  // Google's own senders are unknown to Kehu: the quiet add.
  await expect(page.locator('[data-kehu-badge][data-email="no-reply@accounts.google.com"]').first()).toHaveAttribute(
    'data-level',
    'unknown',
  );
});

test('Outlook on the web: list rows and the reading pane get badges; opening a conversation logs it', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://outlook.office.com/**', 'outlook.html');
  const page = await context.newPage();
  await page.goto('https://outlook.office.com/mail/inbox');
  const acmeLevel = (await lookup(serviceWorker, 'wei@acme.example'))?.assessment?.level ?? 'none';
  await expect(page.locator('[role=option] [data-kehu-badge][data-email="wei@acme.example"]')).toHaveAttribute(
    'data-level',
    acmeLevel,
  );
  await expect(page.locator('[role=option] [data-kehu-badge][data-email="li.na@globex.example"]')).toHaveAttribute(
    'data-level',
    'none',
  );
  await page.locator('[role=option]').first().click();
  const pane = page.locator('#ReadingPaneContainerId');
  await expect(pane.locator('[data-kehu-badge][data-email="wei@acme.example"]')).toHaveAttribute('data-level', acmeLevel);
  await expect(pane.locator('[data-kehu-badge][data-email="rep@kehu-test.example"]')).toHaveAttribute('data-level', 'unknown');
  // The body's links are not people of this message.
  await expect(pane.locator('[data-kehu-badge][data-email="someone@else.example"]')).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await exportText(serviceWorker, 'interactions')).split('\n').filter((l) => l.includes('"source":"outlook"')).length,
    )
    .toBe(1);
});
