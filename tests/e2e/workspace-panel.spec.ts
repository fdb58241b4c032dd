// The side panel at work: a complaint opened from a Gmail thread and walked through the seven steps
// to closed; an alert handled and reviewed, its corrective item applied as a new policy version;
// a follow-up planned and a call logged; ten thousand events in a virtualised timeline.
import { badgesFor, seed, serveFixture } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { kehu, openPage } from './workspace-support.ts';

test('a complaint from a Gmail thread, walked through the seven steps to closed', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  // Opening the thread in Gmail logs it (metadata only): that is the thread the complaint comes from.
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const gmail = await context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox');
  await expect(badgesFor(gmail, 'wei@acme.example')).toHaveCount(1);
  await gmail.locator('tr.zA').first().click();
  await expect(gmail.locator('h2.hP')).toHaveText('Order delayed again');
  await expect
    .poll(async () =>
      (await kehu<{ events: { title: string }[] }>(serviceWorker, 'timelineOf', { customerId: 'acme' })).events.map(
        (e) => e.title,
      ),
    )
    .toContain('Order delayed again');

  const panel = await openPage(context, extensionId, 'sidepanel.html?customer=acme');
  await panel.getByRole('tab', { name: 'Timeline' }).click();
  // (The thread may hold several logged messages with this subject: any of them opens the same thread.)
  await panel.getByRole('button', { name: 'Open complaint from the mail “Order delayed again”' }).first().click();
  const form = panel.getByRole('dialog', { name: 'New complaint' });
  await expect(form.getByLabel('Subject')).toHaveValue('Order delayed again');
  await expect(form.getByRole('link', { name: 'Order delayed again' })).toHaveAttribute('href', /mail\.google\.com/);
  await form.getByLabel('Category').selectOption('delivery');
  await form.getByLabel('Severity').selectOption('high');
  await form.getByLabel('What the customer said').fill('Third delay this quarter; they need the goods by Friday');
  await form.getByRole('button', { name: 'Open the case' }).click();

  const detail = panel.getByRole('dialog', { name: 'Order delayed again' });
  await expect(detail).toContainText('Step 1 of 7: Confirm the problem and listen');
  const steps = [
    ['Ask what resolution they want', 'Listened; confirmed three late deliveries'],
    ['Promise nothing you are unsure of', 'They want delivery by Friday and a credit note'],
    ['Consult, escalate, analyse the cause', 'Promised Friday only after checking stock'],
    ['Negotiate a resolution', 'Carrier strike; logistics confirmed'],
    ['Carry it out', 'Agreed express delivery and 5% credit'],
    ['Follow up on the result', 'Express shipment sent, credit note issued'],
  ] as const;
  for (const [i, [next, note]] of steps.entries()) {
    if (i === 3) await detail.getByLabel('Cause', { exact: true }).fill('Carrier strike');
    await detail.getByLabel('Note on this step').fill(note);
    await detail.getByRole('button', { name: `Step done → ${next}` }).click();
    await expect(detail).toContainText(`Step ${i + 2} of 7: ${next}`);
  }
  await detail.getByLabel('Note on this step').fill('Customer confirmed the goods arrived');
  await detail.getByLabel('Customer’s satisfaction with the outcome').selectOption('4');
  await detail.getByRole('button', { name: 'Close the case' }).click();
  await expect(detail).toContainText('The case is closed.');
  await expect(detail).toContainText('satisfaction 4/5');
  // Every step has its time and note.
  for (const [, note] of steps) await expect(detail).toContainText(note);

  const cases = await kehu<{
    cases: { title: string; status: string; steps: { step: string }[]; ref?: { url?: string }; cause?: string }[];
  }>(serviceWorker, 'casesFor', { customerId: 'acme' });
  const kase = cases.cases.find((c) => c.title === 'Order delayed again')!;
  expect(kase).toMatchObject({
    status: 'closed',
    cause: 'Carrier strike',
    ref: { url: expect.stringContaining('mail.google.com') },
  });
  expect(kase.steps.map((s) => s.step)).toEqual([
    'listen',
    'ask_resolution',
    'promise_carefully',
    'analyse',
    'negotiate',
    'carry_out',
    'follow_up',
    'closed',
  ]);
});

test('an alert handled and reviewed; its corrective item becomes policy version 2 after confirmation', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const panel = await openPage(context, extensionId, 'sidepanel.html?customer=acme');
  // From the overview straight to the alert.
  const openAlerts = panel.locator('section', { has: panel.getByRole('heading', { name: 'Open alerts' }) });
  await openAlerts.getByRole('button').first().click();
  const dialog = panel.getByRole('dialog', { name: /^Alert: / });
  await expect(dialog).toContainText('Playbook (预案)');
  await expect(dialog).toContainText('Open');

  await dialog.getByRole('radio', { name: /Eliminate/ }).check();
  await dialog.getByRole('button', { name: 'Start handling' }).click();
  await expect(dialog).toContainText('Handling');
  await dialog.getByRole('checkbox').first().check();
  await dialog.getByLabel('What was done').fill('Called Wei, apologised, agreed express delivery');
  await dialog.getByRole('button', { name: 'Record action' }).click();
  await expect(dialog).toContainText('Called Wei, apologised, agreed express delivery');
  await dialog.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(dialog).toContainText('Resolved');

  await dialog.getByLabel('1. Investigation').fill('Carrier delays; nobody owned the follow-up');
  await dialog.getByLabel('2. Evaluation').fill('We reacted only after the second complaint');
  await dialog.getByRole('button', { name: 'Add corrective item' }).click();
  await dialog.getByLabel('Item 1').fill('Raise complaints from key customers earlier');
  await dialog.getByRole('textbox', { name: 'Owner', exact: true }).fill('Lin');
  await dialog.getByLabel('Policy change (optional)').selectOption('weights.complaints');
  await expect(dialog.getByLabel('New value')).toHaveValue(/\d/);
  await dialog.getByLabel('New value').fill('55');
  await dialog.getByLabel('4. Outlook').fill('Escalate delivery complaints the same day');
  await dialog.getByRole('button', { name: 'Save review' }).click();
  await expect(dialog).toContainText('Reviewed');
  await expect(dialog).toContainText('Proposes Weight: Complaints = 55.');

  // Nothing changes until the rep confirms.
  expect((await kehu<{ current: { version: number } }>(serviceWorker, 'riskPolicy')).current.version).toBe(1);
  await dialog.getByRole('button', { name: 'Apply as a new policy version…' }).click();
  await expect(dialog).toContainText(/Change Weight: Complaints from \d+ to 55\? This creates policy version 2/);
  await dialog.getByRole('button', { name: 'Apply the change' }).click();
  await expect(dialog).toContainText('Policy version 2 is now in force.');
  await expect(dialog).toContainText('Applied as policy version 2.');
  const policy = await kehu<{ current: { version: number; weights: { complaints: number } } }>(serviceWorker, 'riskPolicy');
  expect(policy.current).toMatchObject({ version: 2, weights: { complaints: 55 } });
  // Escape closes the dialog and gives focus back.
  await panel.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('follow-ups are planned and reminded; a call is logged from the quick log', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  const panel = await openPage(context, extensionId, 'sidepanel.html?customer=globex');
  await panel.getByRole('button', { name: 'Log…' }).click();
  const log = panel.getByRole('dialog', { name: 'Log for Globex' });
  await log.getByRole('radio', { name: 'order' }).check();
  await log.getByRole('button', { name: 'Log it' }).click();
  await expect(log).toContainText('An order needs an amount');
  await log.getByLabel('Order amount').fill('1,250.50');
  await log.getByLabel('Currency').fill('eur');
  await log.getByLabel('Summary').fill('Extra order after the call');
  await log.getByRole('button', { name: 'Log it' }).click();
  await expect(log).toBeHidden();
  await panel.getByRole('tab', { name: 'Timeline' }).click();
  await expect(panel.getByRole('region', { name: 'Timeline events' })).toContainText('Extra order after the call');
  await expect(panel.getByRole('region', { name: 'Timeline events' })).toContainText('€1,250.50');

  await panel.getByRole('tab', { name: 'Follow-ups' }).click();
  await panel.getByLabel('Purpose').fill('Call back about the new price list');
  await panel.getByLabel('How').selectOption('phone');
  // Due a minute ago: the reminder fires at once.
  const due = new Date(Date.now() - 60_000);
  const local = new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await panel.getByLabel('When').fill(local);
  await panel.getByRole('button', { name: 'Plan follow-up' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Kehu will remind you' })).toBeVisible();
  await expect(panel.locator('main')).toContainText('Call back about the new price list');
  await expect(panel.getByRole('tab', { name: /Follow-ups 1/ })).toBeVisible();
  // The background shows the reminder once and marks it.
  await expect
    .poll(
      async () => (await kehu<{ notifiedAt?: string }[]>(serviceWorker, 'followUpsFor', { customerId: 'globex' }))[0]?.notifiedAt,
    )
    .toBeTruthy();
  const shown = await serviceWorker.evaluate(() => chrome.notifications.getAll());
  expect(Object.keys(shown).some((id) => id.startsWith('kehu:globex:'))).toBe(true);
  await panel.getByRole('checkbox', { name: /Call back about the new price list/ }).check();
  await expect(panel.getByRole('tab', { name: 'Follow-ups' })).toHaveAccessibleName('Follow-ups');
});

test('ten thousand events scroll in a virtualised timeline: only the rows in view are in the page', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  await serviceWorker.evaluate(async () => {
    const kinds = ['call', 'meeting', 'visit', 'note', 'order'];
    const start = Date.UTC(2020, 0, 1);
    for (let b = 0; b < 10; b++) {
      const records = [];
      for (let i = 0; i < 1000; i++) {
        const n = b * 1000 + i;
        const kind = kinds[n % kinds.length];
        records.push({
          id: `bulk-${String(n).padStart(5, '0')}`,
          customerId: 'globex',
          kind,
          occurredAt: new Date(start + n * 3_600_000).toISOString(),
          summary: `event ${n}`,
          ...(kind === 'order' ? { amount: n, currency: 'EUR' } : {}),
          source: 'import',
          rev: 1,
          updatedAt: new Date().toISOString(),
          updatedBy: 'test',
          deletedAt: null,
        });
      }
      await (globalThis as unknown as { kehu: { importRecords(i: unknown): Promise<unknown> } }).kehu.importRecords({
        entity: 'interactions',
        records,
      });
    }
  });
  const panel = await openPage(context, extensionId, 'sidepanel.html?customer=globex');
  await panel.getByRole('tab', { name: 'Timeline' }).click();
  const list = panel.getByRole('region', { name: 'Timeline events' });
  await expect(panel.getByText(/Showing 10,\d{3} of 10,\d{3} events/)).toBeVisible();
  const rows = list.getByRole('listitem');
  expect(await rows.count()).toBeLessThan(60);
  await expect(rows.first()).toHaveAttribute('aria-setsize', /^10\d{3}$/);
  // Keyboard: the list takes focus and End goes to the oldest event.
  await list.focus();
  await panel.keyboard.press('End');
  await expect(list).toContainText('event 0');
  expect(await rows.count()).toBeLessThan(60);
  // Filter by kind: calls only.
  for (const kind of ['Mail', 'Meetings', 'Visits', 'Notes', 'Orders and returns', 'Survey answers', 'Case', 'Alert']) {
    const box = panel.getByRole('checkbox', { name: new RegExp(`^${kind} \\(`) });
    if (await box.count()) await box.uncheck();
  }
  await expect(panel.getByText(/Showing 2,\d{3} of 10,\d{3} events/)).toBeVisible();
  await expect(list.getByRole('listitem').first()).toContainText('call');
});
