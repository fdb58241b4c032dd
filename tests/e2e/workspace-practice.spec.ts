// The practice in the rep's own pages: plans (预案) the team edits in the options page, versioned,
// that new alerts then follow; an unknown sender added from Gmail stays unclassified until the rep
// classifies them from the side panel.
import { badgesFor, seed, serveFixture } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { expectNoAxeViolations, kehu, openPage } from './workspace-support.ts';

type PlanRow = { indicator: string; level: string; plan: { source: string; version?: number; steps: string[]; title: string } };

test('the team edits a plan in the options page: each save a new version, checked by field; new alerts follow it', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  const options = await openPage(context, extensionId, 'options.html#plans', { width: 1200, height: 900 });
  const section = options.locator('section#plans');
  await expect(section.getByRole('heading', { name: 'Plans (预案)' })).toBeVisible();
  await section.getByLabel('Warning indicator').selectOption({ label: 'Falling satisfaction' });
  await section.getByLabel('Level').selectOption({ label: 'Red (I)' });
  const form = section.getByRole('form', { name: 'Plan for Falling satisfaction, Red (I)' });
  await expect(form.getByRole('status').first()).toHaveText(/built-in plan is in use/);
  await expect(form.getByLabel('Title')).toHaveValue('Satisfaction has fallen');

  // A title left empty is refused next to the field; nothing is saved.
  await form.getByLabel('Title').fill('');
  await form.getByRole('button', { name: 'Save as version 1' }).click();
  await expect(form.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  expect((await kehu<PlanRow[]>(serviceWorker, 'plansList', {})).every((r) => r.plan.source === 'built-in')).toBe(true);

  // The team's own plan, keyboard only for the steps.
  await form.getByLabel('Title').fill('Unhappy key customer: our way');
  await form.getByLabel('Steps').fill('Call the buyer within the hour\nAsk the plant manager what went wrong');
  await form.getByLabel('Due within (hours)').fill('6');
  await form.getByRole('button', { name: 'Save as version 1' }).press('Enter');
  await expect(form.getByText('Saved as version 1.')).toBeVisible();
  await expect(form.getByText(/The team’s plan, version 1, last changed by/)).toBeVisible();

  // Editing again makes version 2.
  await form.getByLabel('Steps').fill('Call the buyer within the hour\nAsk the plant manager what went wrong\nVisit this week');
  await form.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(form.getByText('Saved as version 2.', { exact: false })).toBeVisible();
  const red = (await kehu<PlanRow[]>(serviceWorker, 'plansList', {})).find(
    (r) => r.indicator === 'satisfaction' && r.level === 'red',
  )!;
  expect(red.plan).toMatchObject({ source: 'team', version: 2, title: 'Unhappy key customer: our way' });
  await expectNoAxeViolations(options, 'options page, plans');

  // The other levels through the API, as a second lead's edits would arrive by sync.
  for (const level of ['blue', 'yellow', 'orange'])
    await kehu(serviceWorker, 'savePlanDraft', {
      indicator: 'satisfaction',
      level,
      title: 'Unhappy key customer: our way',
      strategy: 'eliminate',
      dueInHours: 6,
      steps: ['Call the buyer within the hour'],
      authority: '',
    });
  // A detractor answer from a key customer: the new alert carries the team's first step.
  await kehu(serviceWorker, 'importText', {
    entity: 'customers',
    format: 'csv',
    text: 'id,name,domains,tier,owner\nzeta,Zeta Tools,zeta.example,key,Lin',
  });
  await kehu(serviceWorker, 'importText', {
    entity: 'responses',
    format: 'csv',
    text: `id,kind,score,comment,respondent_email,customer_id,submitted_at\nr-zeta,nps,0,,,zeta,${new Date().toISOString()}`,
  });
  await kehu(serviceWorker, 'reassess', { customerIds: ['zeta'] });
  const panel = await openPage(context, extensionId, 'sidepanel.html?customer=zeta');
  const openAlerts = panel.locator('section', { has: panel.getByRole('heading', { name: 'Open alerts' }) });
  await openAlerts.getByRole('button').first().click();
  const dialog = panel.getByRole('dialog', { name: /^Alert: / });
  await expect(dialog).toContainText('Call the buyer within the hour');

  // Back to the built-in plan.
  await form.getByRole('button', { name: 'Use Kehu’s built-in plan' }).click();
  await expect(form.getByText(/built-in plan applies again/)).toBeVisible();
  await expect(form.getByLabel('Title')).toHaveValue('Satisfaction has fallen');
});

test('an unknown sender added from Gmail is unclassified; the side panel asks, and one choice classifies them', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const gmail = await context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/18c1a0a0a0a0a003');
  const badge = badgesFor(gmail, 'sam@newco.example').first();
  await badge.getByRole('button', { name: 'Add sam@newco.example to Kehu' }).click();
  await expect(badge).not.toHaveAttribute('data-level', 'unknown');
  // The card says so, and its button asks to classify.
  await badge.getByRole('button').focus();
  const card = badge.getByRole('dialog', { name: 'Kehu customer card' });
  await expect(card).toContainText('Not classified yet');
  await expect(card.getByRole('button', { name: 'Open in side panel to classify' })).toBeVisible();

  const found = await kehu<{ customer: { id: string; tier: string } }>(serviceWorker, 'lookup', 'sam@newco.example');
  expect(found.customer.tier).toBe('unclassified');
  const panel = await openPage(context, extensionId, `sidepanel.html?customer=${found.customer.id}`);
  const prompt = panel.getByRole('region', { name: 'Classify this customer' });
  await expect(prompt).toBeVisible();
  await expectNoAxeViolations(panel, 'side panel, classify prompt');
  await prompt.getByRole('button', { name: 'General customer' }).click();
  await expect(prompt).toBeHidden();
  await expect(panel.locator('article')).toContainText('General customer');
  expect((await kehu<{ customer: { tier: string } }>(serviceWorker, 'lookup', 'sam@newco.example')).customer.tier).toBe(
    'general',
  );
});
