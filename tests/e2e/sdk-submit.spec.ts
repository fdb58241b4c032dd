// Every survey kind and feedback topic answered and sent, once by mouse and once by keyboard alone,
// to a collector that implements the contract; the answer arrives once, as the kehu-submit event said.
import type { Locator, Page } from '@playwright/test';
import type { Submission } from '#shared/model/submission.ts';
import { expect, type Servers, test } from '../fixtures/sdk/server.ts';

const selector = (kind: string) =>
  ['nps', 'csat', 'ces'].includes(kind) ? `kehu-survey[kind=${kind}]` : `kehu-feedback[topic=${kind}]`;

/** What reaches the collector for each kind in these scripts. */
const EXPECTED: Record<string, Partial<Submission>> = {
  nps: { kind: 'nps', score: 9, comment: 'Fast delivery' },
  csat: { kind: 'csat', score: 4, comment: 'Good' },
  ces: { kind: 'ces', score: 6 },
  suggestion: {
    kind: 'suggestion',
    comment: 'Add a dark mode',
    respondent: { email: 'ann@acme.com', name: 'Ann', consent: true },
  },
  complaint: { kind: 'complaint', comment: 'The order arrived broken', answers: { resolution: 'refund' } },
  praise: { kind: 'praise', comment: 'Quick support' },
  exit: { kind: 'exit', comment: 'Moving abroad', answers: { reasons: ['price', 'competitor'] } },
};

const MOUSE: Record<string, (w: Locator) => Promise<void>> = {
  nps: async (w) => {
    await w.locator('.opt', { hasText: /^9$/ }).click();
    await w.getByLabel('What is the main reason for your score?').fill('Fast delivery');
  },
  csat: async (w) => {
    await w.locator('.opt', { hasText: /^4/ }).click();
    await w.getByLabel('What is the main reason for your score?').fill('Good');
  },
  ces: async (w) => {
    await w.locator('.opt', { hasText: /^6/ }).click();
  },
  suggestion: async (w) => {
    await w.getByLabel('What would you suggest?').fill('Add a dark mode');
    await w.getByLabel('Email').fill('ann@acme.com');
    await w.getByLabel('Name').fill('Ann');
    await w.getByText('You may contact me about this feedback.').click();
  },
  complaint: async (w) => {
    await w.getByLabel('What went wrong?').fill('The order arrived broken');
    await w.getByText('Refund my money').click();
  },
  praise: async (w) => {
    await w.getByLabel('What did you like?').fill('Quick support');
  },
  exit: async (w) => {
    await w.getByText('It costs too much').click();
    await w.getByText('I am switching to another provider').click();
    await w.getByLabel('Anything else you would like to tell us?').fill('Moving abroad');
  },
};

/** Where focus really is: through open shadow roots. */
async function focused(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.localName ?? '',
      type: el?.getAttribute('type') ?? '',
      label: (el?.closest('label')?.textContent ?? el?.textContent ?? '').trim(),
      inWidget: el?.getRootNode() instanceof ShadowRoot,
    };
  });
}

async function tabUntil(page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (want(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`focus never reached the wanted control; it is on ${JSON.stringify(await focused(page))}`);
}

const keys = async (page: Page, ...k: string[]) => {
  for (const key of k) await page.keyboard.press(key);
};

const KEYBOARD: Record<string, (page: Page) => Promise<void>> = {
  nps: async (page) => {
    await tabUntil(page, (f) => f.type === 'radio');
    await keys(page, 'Space', ...Array(9).fill('ArrowRight'), 'Tab');
    await page.keyboard.type('Fast delivery');
  },
  csat: async (page) => {
    await tabUntil(page, (f) => f.type === 'radio');
    await keys(page, 'Space', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Tab');
    await page.keyboard.type('Good');
  },
  ces: async (page) => {
    await tabUntil(page, (f) => f.type === 'radio');
    // Arrow keys wrap and go both ways: 1 → 7 → 6.
    await keys(page, 'Space', 'ArrowLeft', 'ArrowUp');
  },
  suggestion: async (page) => {
    await tabUntil(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('Add a dark mode');
    await keys(page, 'Tab');
    await page.keyboard.type('ann@acme.com');
    await keys(page, 'Tab');
    await page.keyboard.type('Ann');
    await keys(page, 'Tab', 'Space');
  },
  complaint: async (page) => {
    await tabUntil(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('The order arrived broken');
    await keys(page, 'Tab', 'Space');
  },
  praise: async (page) => {
    await tabUntil(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('Quick support');
  },
  exit: async (page) => {
    await tabUntil(page, (f) => f.type === 'checkbox');
    await keys(page, 'Space', 'Tab', 'Tab', 'Tab', 'Tab', 'Space');
    await tabUntil(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('Moving abroad');
  },
};

async function open(page: Page, servers: Servers, kind: string): Promise<Locator> {
  await page.addInitScript(() => {
    const w = window as unknown as { submits: unknown[] };
    w.submits = [];
    document.addEventListener('kehu-submit', (e) => w.submits.push((e as CustomEvent).detail));
  });
  await page.goto(servers.page({ kinds: [kind], init: { minFillMs: 0 } }));
  const widget = page.locator(selector(kind));
  await widget.locator('form').waitFor();
  return widget;
}

async function expectDelivered(page: Page, servers: Servers, widget: Locator, kind: string): Promise<void> {
  await expect(widget.locator('.done')).toContainText('Your answer has been sent.');
  expect(servers.collector.stored.size).toBe(1);
  const [stored] = [...servers.collector.stored.values()];
  expect(stored?.body).toMatchObject({
    ...EXPECTED[kind],
    locale: 'en',
    pageUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/page-\d+\.html$/),
  });
  expect(stored?.body.elapsedMs).toBeGreaterThanOrEqual(0);
  // The event carried exactly what was sent; the collector saw it once.
  expect(await page.evaluate(() => (window as unknown as { submits: unknown[] }).submits)).toEqual([stored?.body]);
  expect(servers.collector.arrivals.map((a) => a.status)).toEqual([201]);
}

for (const kind of Object.keys(EXPECTED)) {
  test(`${kind}: answered and sent by mouse`, async ({ page, servers }) => {
    const widget = await open(page, servers, kind);
    await (MOUSE[kind] as (w: Locator) => Promise<void>)(widget);
    await widget.getByRole('button', { name: 'Send' }).click();
    await expectDelivered(page, servers, widget, kind);
  });

  test(`${kind}: answered and sent by keyboard alone`, async ({ page, servers }) => {
    const widget = await open(page, servers, kind);
    await (KEYBOARD[kind] as (p: Page) => Promise<void>)(page);
    await tabUntil(page, (f) => f.tag === 'button' && f.label === 'Send');
    await page.keyboard.press('Enter');
    await expectDelivered(page, servers, widget, kind);
    // Focus followed to the thank-you, not lost to the page.
    expect((await focused(page)).inWidget).toBe(true);
  });
}

test('a survey sends the respondent the site knows only when they agree', async ({ page, servers }) => {
  await page.goto(
    servers.page({
      kinds: ['nps', 'csat'],
      attrs: 'respondent-email="bob@acme.com" respondent-name="Bob"',
      init: { minFillMs: 0 },
    }),
  );
  const nps = page.locator(selector('nps'));
  await nps.locator('.opt', { hasText: /^3$/ }).click();
  await nps.getByRole('button', { name: 'Send' }).click();
  const csat = page.locator(selector('csat'));
  await csat.locator('.opt', { hasText: /^5/ }).click();
  await csat.getByLabel('Send my contact details (Bob, bob@acme.com) with my answer so that you can follow up.').check();
  await csat.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.done')).toHaveCount(2);
  const bodies = [...servers.collector.stored.values()].map((s) => s.body);
  expect(bodies.find((b) => b.kind === 'nps')?.respondent).toBeUndefined();
  expect(bodies.find((b) => b.kind === 'csat')?.respondent).toEqual({ email: 'bob@acme.com', name: 'Bob', consent: true });
});

test('mistakes are shown, announced and fixable', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['nps', 'suggestion'], init: { minFillMs: 0 } }));
  const nps = page.locator(selector('nps'));
  await nps.getByRole('button', { name: 'Send' }).click();
  await expect(nps.locator('[aria-live=assertive]')).toHaveText('Please choose a score.');
  await expect(nps.locator('fieldset')).toHaveAttribute('aria-invalid', 'true');
  // Focus went to the scale, so the next keystrokes answer it.
  expect(await focused(page)).toMatchObject({ type: 'radio', inWidget: true });

  const fb = page.locator(selector('suggestion'));
  await fb.getByLabel('Email').fill('ann@');
  await fb.getByRole('button', { name: 'Send' }).click();
  await expect(fb.locator('[aria-live=assertive]')).toHaveText(
    'Please write a few words. Please enter an email address like name@example.com. Please tick this box, or remove your contact details.',
  );
  await expect(fb.getByLabel('What would you suggest?')).toHaveAttribute('aria-invalid', 'true');
  await fb.getByLabel('What would you suggest?').fill('More colours');
  await fb.getByLabel('Email').fill('ann@acme.com');
  await fb.getByRole('button', { name: 'Send' }).click();
  await expect(fb.locator('[aria-live=assertive]')).toHaveText('Please tick this box, or remove your contact details.');
  await fb.getByLabel('You may contact me about this feedback.').check();
  await fb.getByRole('button', { name: 'Send' }).click();
  await expect(fb.locator('.done')).toBeVisible();
  expect([...servers.collector.stored.values()].map((s) => [s.body.comment, s.body.respondent?.email])).toEqual([
    ['More colours', 'ann@acme.com'],
  ]);
});

test('an answer sent faster than the minimum fill time arrives flagged suspect; a filled honeypot is dropped', async ({
  page,
  servers,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { errors: unknown[] };
    w.errors = [];
    document.addEventListener('kehu-error', (e) => w.errors.push((e as CustomEvent).detail.code));
  });
  await page.goto(servers.page({ kinds: ['praise', 'nps'], init: { minFillMs: 60_000 } }));
  const praise = page.locator(selector('praise'));
  await praise.getByLabel('What did you like?').fill('Great');
  await praise.getByRole('button', { name: 'Send' }).click();
  // A quick person (or a bot): thanked, and the answer is not lost but sent for the team to look at.
  await expect(praise.locator('.done')).toContainText('sent');
  await expect
    .poll(() => [...servers.collector.stored.values()].map((s) => [s.body.kind, s.body.comment, s.body.suspect]))
    .toEqual([['praise', 'Great', true]]);
  await page.evaluate(() => (window as unknown as { Kehu: { init(c: object): void } }).Kehu.init({ minFillMs: 0 }));
  const nps = page.locator(selector('nps'));
  await nps.locator('.opt', { hasText: /^8$/ }).click();
  await nps.locator('input[autocomplete=off]').fill('http://spam.example', { force: true });
  await nps.getByRole('button', { name: 'Send' }).click();
  // The bot is thanked and learns nothing; nothing is sent.
  await expect(nps.locator('.done')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { errors: unknown[] }).errors)).toEqual(['spam']);
  expect(servers.collector.arrivals.map((a) => (a.body as { kind?: string }).kind)).toEqual(['praise']);
});

test('a browser sends at most the daily limit of answers', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['nps', 'csat'], init: { minFillMs: 0, dailyLimit: 1 } }));
  const nps = page.locator(selector('nps'));
  await nps.locator('.opt', { hasText: /^8$/ }).click();
  await nps.getByRole('button', { name: 'Send' }).click();
  await expect(nps.locator('.done')).toBeVisible();
  const csat = page.locator(selector('csat'));
  await csat.locator('.opt', { hasText: /^2/ }).click();
  await csat.getByRole('button', { name: 'Send' }).click();
  await expect(csat.locator('[aria-live=assertive]')).toHaveText('You have sent many answers today. Please try again tomorrow.');
  expect(servers.collector.stored.size).toBe(1);
});

test('a double click sends once and announces once', async ({ page, servers }) => {
  const widget = await open(page, servers, 'praise');
  await widget.getByLabel('What did you like?').fill('Fast');
  await widget.getByRole('button', { name: 'Send' }).dblclick();
  await expect(widget.locator('.done')).toBeVisible();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  expect(await page.evaluate(() => (window as unknown as { submits: unknown[] }).submits)).toHaveLength(1);
  expect(servers.collector.arrivals.map((a) => a.status)).toEqual([201]);
});
