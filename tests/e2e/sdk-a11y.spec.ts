// Accessibility (WCAG 2.1 AA): axe-core inside the open shadow roots in every state (empty,
// error, done) in both languages, inline and in the popup dialog; the dialog's focus handling;
// reflow at 200% and 400% zoom; reduced motion.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/sdk/server.ts';

const ALL = ['nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'];
const WIDGETS = 'kehu-survey, kehu-feedback';

async function axe(page: Page, state: string): Promise<void> {
  // What a reader sees once the popup's entrance and the choices' colour changes have run: mid-way,
  // axe measures the contrast of a half-faded dialog (a busy CI machine caught it there). The
  // widgets' animations are in their shadow roots, which document.getAnimations() leaves out.
  await page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++)
      for (const el of (roots[i] as Document).querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    return Promise.allSettled(roots.flatMap((r) => r.getAnimations()).map((a) => a.finished));
  });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations (${state})`).toEqual([]);
}

/** Fills in the least each widget needs. */
async function answerAll(page: Page): Promise<void> {
  for (const w of await page.locator(WIDGETS).all()) {
    if (await w.locator('.opt').count()) await w.locator('.opt:has(input[value="3"])').click();
    else if ((await w.locator('input[type=checkbox]').count()) > 1 && (await w.getAttribute('topic')) === 'exit')
      await w.locator('.choice').first().click();
    else await w.locator('textarea').fill('Fine');
  }
}

const sendAll = async (page: Page) => {
  for (const w of await page.locator(WIDGETS).all()) await w.locator('button.send').click();
};

for (const lang of ['en', 'zh-CN']) {
  test(`axe finds nothing inline, empty, with errors and done (${lang})`, async ({ page, servers }) => {
    await page.goto(servers.page({ kinds: ALL, lang, init: { minFillMs: 0 } }));
    await expect(page.locator('form')).toHaveCount(ALL.length);
    await axe(page, 'empty');
    await sendAll(page);
    await expect(page.locator('[aria-invalid=true]')).toHaveCount(ALL.length);
    await axe(page, 'errors');
    await answerAll(page);
    await sendAll(page);
    await expect(page.locator('.done')).toHaveCount(ALL.length);
    await axe(page, 'done');
    if (lang === 'zh-CN') await expect(page.locator('.done').first()).toContainText('谢谢您！');
  });

  for (const kind of ['nps', 'complaint']) {
    test(`axe finds nothing in the ${kind} popup, empty, with errors and done (${lang})`, async ({ page, servers }) => {
      await page.goto(servers.page({ kinds: [], lang, init: { minFillMs: 0 } }));
      await page.evaluate((k) => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open(k), kind);
      const dialog = page.locator('dialog');
      await expect(dialog).toBeVisible();
      await axe(page, 'popup empty');
      await dialog.locator('button.send').click();
      await expect(dialog.locator('[aria-invalid=true]').first()).toBeVisible();
      await axe(page, 'popup errors');
      await answerAll(page);
      await dialog.locator('button.send').click();
      await expect(dialog.locator('.done')).toBeVisible();
      await axe(page, 'popup done');
    });
  }
}

/** Describes the really focused element, through shadow roots. */
const focusedIn = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    const hosts: string[] = [];
    while (el?.shadowRoot?.activeElement) {
      hosts.push(el.localName);
      el = el.shadowRoot.activeElement;
    }
    return { hosts, tag: el?.localName ?? '', id: el?.id ?? '' };
  });

test('the popup is a modal dialog: focus starts in it, stays in it, and goes back on close', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [], init: { minFillMs: 0 } }));
  await page.focus('#host-button');
  await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('csat'));
  const dialog = page.locator('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName('A quick question');
  expect(await focusedIn(page)).toMatchObject({ hosts: ['kehu-survey'], tag: 'input' });
  // The rest of the page is inert.
  expect(await page.evaluate(() => document.querySelector('#host-button')?.matches(':modal, :has(:modal)'))).toBe(false);
  // Forwards past the end, then backwards past the start.
  for (const key of [...Array(8).fill('Tab'), ...Array(16).fill('Shift+Tab')]) {
    await page.keyboard.press(key);
    const f = await focusedIn(page);
    expect(f.hosts[0], `focus left the dialog: ${JSON.stringify(f)}`).toBe('kehu-survey');
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('kehu-survey')).toHaveCount(0);
  expect(await focusedIn(page)).toMatchObject({ hosts: [], id: 'host-button' });
});

test('the close button dismisses the popup', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [], lang: 'zh-CN' }));
  await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('exit'));
  await expect(page.locator('dialog')).toHaveAccessibleName('留步片刻');
  await page.getByRole('button', { name: '关闭' }).click();
  await expect(page.locator('kehu-feedback')).toHaveCount(0);
});

for (const width of [640, 320]) {
  test(`reflows without horizontal scrolling at ${(1280 / width) * 100}% zoom`, async ({ page, servers }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(servers.page({ kinds: ALL }));
    await expect(page.locator('form')).toHaveCount(ALL.length);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const w of await page.locator(WIDGETS).all()) {
      const send = await w.locator('button.send').boundingBox();
      expect(send && send.x >= 0 && send.x + send.width <= width).toBe(true);
      // Every scale point stays a comfortable target.
      for (const box of await w.locator('.box').all()) {
        const b = await box.boundingBox();
        expect(b && b.height >= 44 && b.x + b.width <= width).toBe(true);
      }
    }
  });
}

test('motion only when the user has not asked for less', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [] }));
  const animation = async () => {
    await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('nps'));
    await expect(page.locator('dialog')).toBeVisible();
    return page.locator('dialog').evaluate((d) => getComputedStyle(d).animationName);
  };
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await animation()).toBe('kehu-in');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
});

test('a chosen score is shown by more than colour', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['nps'] }));
  const w = page.locator('kehu-survey');
  await w.locator('.opt:has(input[value="8"])').click();
  const style = (v: string) =>
    w.locator(`.opt:has(input[value="${v}"]) .box`).evaluate((b) => {
      const s = getComputedStyle(b);
      return { weight: s.fontWeight, ring: s.boxShadow !== 'none' };
    });
  expect(await style('8')).toEqual({ weight: '700', ring: true });
  expect(await style('7')).toEqual({ weight: '400', ring: false });
});

test('axe finds nothing with the dark theme, with errors shown', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ALL, attrs: 'theme="dark"', init: { minFillMs: 0 } }));
  await expect(page.locator('form')).toHaveCount(ALL.length);
  await page.locator('kehu-survey[kind=nps] .opt:has(input[value="4"])').click();
  await sendAll(page);
  await expect(page.locator('[aria-invalid=true]')).toHaveCount(ALL.length - 1);
  await axe(page, 'dark, errors');
});
