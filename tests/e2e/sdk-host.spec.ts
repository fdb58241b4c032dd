// The widgets inside someone else's page: a hostile stylesheet cannot break them and their styles
// never leak out; theming through custom properties, ::part() and the theme attribute; properties
// and attributes both work (set before or after the element is defined), events reach frameworks.
import type { Page } from '@playwright/test';
import * as esbuild from 'esbuild';
import { REPO } from './harness.ts';
import { expect, SITE_KEY, test } from '../fixtures/sdk/server.ts';

test('a hostile host stylesheet cannot break the widgets', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['nps', 'complaint'], hostile: true, init: { minFillMs: 0 } }));
  const nps = page.locator('kehu-survey');
  await nps.locator('form').waitFor();
  // The host page really is hostile: its own buttons are gone and its root font is 8px.
  expect(await page.locator('#host-button').isVisible()).toBe(false);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('8px');

  const root = await nps.locator('.k').evaluate((k) => {
    const s = getComputedStyle(k);
    return {
      fontSize: s.fontSize,
      color: s.color,
      lineHeight: s.lineHeight,
      transform: s.textTransform,
      spacing: s.letterSpacing,
    };
  });
  expect(root).toEqual({ fontSize: '16px', color: 'rgb(31, 35, 40)', lineHeight: '24px', transform: 'none', spacing: 'normal' });
  for (const box of await nps.locator('.box').all()) {
    const b = await box.boundingBox();
    expect(b && b.height >= 44 && b.width >= 30).toBe(true);
  }
  const complaint = page.locator('kehu-feedback');
  await expect(complaint.getByLabel('What went wrong?')).toBeVisible();
  expect((await complaint.getByLabel('What went wrong?').boundingBox())?.height).toBeGreaterThan(60);
  await page.screenshot({ path: 'test-results/sdk-hostile-page.png', fullPage: true });

  await nps.locator('.opt:has(input[value="5"])').click();
  await nps.getByRole('button', { name: 'Send' }).click();
  await expect(nps.locator('.done')).toBeVisible();
  await complaint.getByLabel('What went wrong?').fill('It broke');
  await complaint.getByRole('button', { name: 'Send' }).click();
  await expect(complaint.locator('.done')).toBeVisible();
  expect(servers.collector.stored.size).toBe(2);
});

/** Computed styles of the host page's own elements. */
const hostStyles = (page: Page) =>
  page.evaluate(() =>
    ['html', 'body', 'main', 'h1', '#before', '#host-button', '#after a'].map((sel) => {
      const el = document.querySelector(sel) as Element;
      const s = getComputedStyle(el);
      return [
        sel,
        s.fontFamily,
        s.fontSize,
        s.color,
        s.backgroundColor,
        s.margin,
        s.padding,
        s.boxSizing,
        s.lineHeight,
        s.outlineStyle,
      ];
    }),
  );

test('the widgets’ styles never leak into the host page', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: [] }));
  const without = await hostStyles(page);
  await page.goto(servers.page({ kinds: ['nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'] }));
  await expect(page.locator('form')).toHaveCount(7);
  await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('nps'));
  await expect(page.locator('dialog')).toBeVisible();
  expect(await hostStyles(page)).toEqual(without);
  expect(await page.evaluate(() => document.styleSheets.length)).toBe(0);
});

test('theming: custom properties, ::part() and the theme attribute', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['nps'] }));
  const nps = page.locator('kehu-survey');
  await nps.locator('form').waitFor();
  await page.addStyleTag({
    content: 'kehu-survey { --kehu-accent: #b00020; --kehu-radius: 0px } kehu-survey::part(submit) { text-transform: uppercase }',
  });
  await nps.locator('.opt:has(input[value="6"])').click();
  // Polled: the colour change is a short transition.
  await expect
    .poll(() => nps.locator('.opt:has(input[value="6"]) .box').evaluate((b) => getComputedStyle(b).backgroundColor))
    .toBe('rgb(176, 0, 32)');
  expect(await nps.locator('.k').evaluate((k) => getComputedStyle(k).borderTopLeftRadius)).toBe('0px');
  expect(await nps.locator('button.send').evaluate((b) => getComputedStyle(b).textTransform)).toBe('uppercase');

  const background = () => nps.locator('.k').evaluate((k) => getComputedStyle(k).backgroundColor);
  expect(await background()).toBe('rgb(255, 255, 255)');
  await nps.evaluate((el) => el.setAttribute('theme', 'dark'));
  await expect.poll(background).toBe('rgb(22, 27, 34)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await nps.evaluate((el) => el.setAttribute('theme', 'auto'));
  await expect.poll(background).toBe('rgb(22, 27, 34)');
});

test('an element created and given properties before kehu.js loads is upgraded with them', async ({ page, servers }) => {
  await page.route('**/sdk/kehu.js', async (route) => {
    // Hold the loader back until the page has made its element.
    await page.waitForFunction(() => document.querySelector('#early'));
    await route.continue();
  });
  const url = servers.page({ kinds: [], init: { minFillMs: 0 } });
  await page.goto(url, { waitUntil: 'commit' });
  await page.evaluate(
    ([endpoint, siteKey]) => {
      const el = document.createElement('kehu-feedback') as unknown as HTMLElement & Record<string, unknown>;
      el.id = 'early';
      Object.assign(el, { topic: 'suggestion', endpoint, siteKey, respondentEmail: 'early@acme.com' });
      document.documentElement.append(el);
    },
    [servers.collector.url, SITE_KEY],
  );
  const w = page.locator('#early');
  await expect(w.getByLabel('Email')).toHaveValue('early@acme.com');
  expect(await w.evaluate((el) => el.getAttribute('respondent-email'))).toBe('early@acme.com');
  await w.getByLabel('What would you suggest?').fill('Keep it up');
  await w.getByLabel('You may contact me about this feedback.').check();
  await w.getByRole('button', { name: 'Send' }).click();
  await expect(w.locator('.done')).toBeVisible();
  expect([...servers.collector.stored.values()][0]?.body.respondent).toEqual({ email: 'early@acme.com', consent: true });
});

test('a Preact app sets properties, changes them, and hears kehu-submit', async ({ page, servers }) => {
  const app = await esbuild.build({
    stdin: {
      contents: `
        import { h, render } from 'preact';
        const w = window;
        w.heard = [];
        w.renderApp = (locale) =>
          render(
            h('kehu-survey', {
              kind: 'nps',
              endpoint: w.collector,
              siteKey: 'site-test',
              locale,
              'onkehu-submit': (e) => w.heard.push(e.detail.score),
            }),
            document.querySelector('main'),
          );`,
      resolveDir: REPO,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
  });
  await page.goto(servers.page({ kinds: [], init: { minFillMs: 0 } }));
  await page.evaluate((url) => Object.assign(window, { collector: url }), servers.collector.url);
  await page.addScriptTag({ content: app.outputFiles[0]?.text });
  await page.evaluate(() => (window as unknown as { renderApp(l: string): void }).renderApp('zh-CN'));
  const w = page.locator('kehu-survey');
  await expect(w.locator('legend')).toHaveText('您有多大可能向朋友或同事推荐我们？');
  await page.evaluate(() => (window as unknown as { renderApp(l: string): void }).renderApp('en'));
  await expect(w.locator('legend')).toHaveText('How likely are you to recommend us to a friend or colleague?');
  await w.locator('.opt:has(input[value="8"])').click();
  await w.getByRole('button', { name: 'Send' }).click();
  await expect(w.locator('.done')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { heard: number[] }).heard)).toEqual([8]);
  expect(servers.collector.stored.size).toBe(1);
});

test('the ES module build works the same', async ({ page, servers }) => {
  await page.goto(servers.page({ kinds: ['praise'], esm: true, init: { minFillMs: 0 } }));
  const w = page.locator('kehu-feedback');
  await w.getByLabel('What did you like?').fill('Module build');
  await w.getByRole('button', { name: 'Send' }).click();
  await expect(w.locator('.done')).toBeVisible();
  await page.evaluate(() => (window as unknown as { Kehu: { open(k: string): void } }).Kehu.open('csat'));
  await expect(page.locator('dialog')).toBeVisible();
  expect(servers.collector.stored.size).toBe(1);
});

test('custom-elements.json describes the elements the browser defines: their attributes and property names', async ({
  page,
  servers,
}) => {
  await page.goto(servers.page({ kinds: ['nps', 'praise'] }));
  await page.locator('kehu-survey form').waitFor();
  const defined = await page.evaluate(() =>
    ['kehu-survey', 'kehu-feedback'].map((tag) => {
      const el = customElements.get(tag) as unknown as { observedAttributes: string[]; prototype: object };
      return {
        tag,
        attributes: [...el.observedAttributes].sort(),
        properties: Object.getOwnPropertyNames(el.prototype)
          .filter((p) => p !== 'constructor' && !p.endsWith('Callback') && p !== 'render')
          .sort(),
      };
    }),
  );
  const manifest = await page.evaluate(async () => (await fetch('/sdk/custom-elements.json')).json());
  const described = manifest.modules
    .flatMap((m: { declarations: { tagName: string; attributes: { name: string; fieldName: string }[] }[] }) => m.declarations)
    .map((d: { tagName: string; attributes: { name: string; fieldName: string }[] }) => ({
      tag: d.tagName,
      attributes: d.attributes.map((a) => a.name).sort(),
      properties: d.attributes.map((a) => a.fieldName).sort(),
    }));
  expect(described).toEqual(defined);
});

test('a wrong kind is reported as kehu-error and renders nothing', async ({ page, servers }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { errors: unknown[] };
    w.errors = [];
    document.addEventListener('kehu-error', (e) => w.errors.push((e as CustomEvent).detail));
  });
  await page.goto(servers.page({ kinds: [] }));
  await page.evaluate(() =>
    document.querySelector('main')?.insertAdjacentHTML('beforeend', '<kehu-survey kind="stars"></kehu-survey>'),
  );
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { errors: unknown[] }).errors))
    .toEqual([{ code: 'config', message: '<kehu-survey> needs kind="nps|csat|ces"' }]);
  expect(await page.locator('kehu-survey').evaluate((el) => el.shadowRoot?.childElementCount)).toBe(0);
});

test('without constructable stylesheets, a <style> in the shadow root styles the widget', async ({ page, servers }) => {
  await page.addInitScript(() => {
    // An older browser: CSSStyleSheet cannot be constructed.
    Object.defineProperty(window, 'CSSStyleSheet', { value: undefined, configurable: true, writable: true });
  });
  await page.goto(servers.page({ kinds: ['nps'] }));
  const w = page.locator('kehu-survey');
  await w.locator('form').waitFor();
  expect(
    await w.evaluate((el) => [el.shadowRoot?.adoptedStyleSheets.length, el.shadowRoot?.querySelectorAll('style').length]),
  ).toEqual([0, 1]);
  expect(await w.locator('.k').evaluate((k) => getComputedStyle(k).borderTopLeftRadius)).toBe('8px');
  expect(await page.evaluate(() => document.querySelectorAll('style').length)).toBe(0);
});

test('a Chinese page loads only the Chinese texts', async ({ page, servers }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(servers.page({ kinds: ['nps', 'praise'], lang: 'zh-CN' }));
  await expect(page.locator('kehu-survey legend')).toHaveText('您有多大可能向朋友或同事推荐我们？');
  await expect(page.locator('kehu-feedback button.send')).toHaveText('提交');
  expect(requested.filter((p) => p.includes('/kehu-en') || p.includes('/kehu-zh'))).toEqual(['/sdk/kehu-zh-CN.mjs']);
});
