// The team console's Settings in Chromium against a real `kehu serve`: only for admin tokens (others
// read why); site keys with their origins (create, edit, revoke) and the embed snippet copied to the
// clipboard, which a page then uses to send an answer; team tokens created once with a copy button,
// then revoked; the policy version in force. English and Chinese, keyboard, axe-clean; screenshots
// go to test-results/screenshots/ (and docs/images/ with KEHU_UPDATE_SCREENSHOTS=1).
import { type Browser, type BrowserContext, type Page, chromium, expect, test } from '@playwright/test';
import { defaultPolicy } from '#shared/risk/index.ts';
import { KEHU_API_HEADER, KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { axe, shot, signedInPage } from './console-support.ts';
import { chromePath } from './harness.ts';
import { type RunningCollector, startCollector } from './sync-support.ts';

let collector: RunningCollector;
let browser: Browser;
let admin: string;
let rep: string;

test.beforeAll(async () => {
  test.setTimeout(600_000); // a collector, two kehu commands and a browser, on a busy machine
  collector = await startCollector();
  admin = collector.token('admin-lead', 'read,admin');
  rep = collector.token('rep', 'read,write');
  collector.siteKey('shop', ['https://shop.example']);
  browser = await chromium.launch({ executablePath: chromePath() });
});

test.afterAll(async () => {
  await browser?.close();
  await collector?.dispose();
});

/** A new context in `locale` that may use the clipboard, signed in at Settings. */
function signIn(locale: 'en' | 'zh-CN', token: string): Promise<{ context: BrowserContext; page: Page }> {
  return signedInPage(browser, collector.url, token, locale, {
    path: '/console/settings',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Send one answer the way <kehu-survey> does, from a page at `origin`. */
const collect = (siteKey: string, origin: string) =>
  fetch(`${collector.url}/v1/collect/${siteKey}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: `c-${Math.random().toString(36).slice(2)}`,
      kind: 'nps',
      score: 9,
      elapsedMs: 5000,
      submittedAt: new Date().toISOString(),
      locale: 'en',
      pageUrl: `${origin}/thanks`,
    }),
  });

test.describe.configure({ mode: 'serial' });

test('a token without admin reads why Settings are closed to it (en)', async () => {
  const { context, page } = await signIn('en', rep);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText('Settings are for tokens with the admin scope. Your token has: read, write.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
  await axe(page);
  await context.close();
});

test('site keys, the embed snippet, tokens shown once and revoked, the policy in force (en, keyboard)', async () => {
  test.setTimeout(300_000);
  const { context, page } = await signIn('en', admin);
  await expect(page.getByRole('heading', { level: 2, name: 'Risk policy in force' })).toBeVisible();
  await expect(page.getByText(/^Version 1, made .* by kehu\.$/)).toBeVisible();
  const sites = page.getByRole('table', { name: 'Site keys' });
  await expect(sites.getByRole('row', { name: /shop/ })).toContainText('https://shop.example');

  // A new site key, by keyboard alone; a bad origin is refused with the reason.
  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('blog');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ftp://blog.example');
  await page.getByRole('button', { name: 'Create site key' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('origin "ftp://blog.example" must be an origin like https://shop.example');
  await page.getByLabel('Allowed origins', { exact: true }).fill('https://blog.example');
  await page.getByRole('button', { name: 'Create site key' }).press('Enter');
  await expect(page.getByRole('status').first()).toHaveText('Site key blog created.');
  const blog = sites.getByRole('row', { name: /blog/ });
  const key = (await blog.locator('code').textContent()) ?? '';
  expect(key).toMatch(/^ks_/);

  // The embed snippet, copied: it carries the key and this collector as the endpoint.
  await blog.getByRole('button', { name: 'Embed code for blog' }).press('Enter');
  await expect(blog.getByLabel('Embed code')).toHaveValue(
    new RegExp(`<kehu-survey kind="nps" site-key="${key}" endpoint="${collector.url}">`),
  );
  await blog.getByRole('button', { name: 'Copy' }).press('Enter');
  await expect(blog.getByText('Copied.')).toBeVisible();
  const snippet = await clipboard(page);
  expect(snippet).toContain(`<kehu-feedback topic="complaint" site-key="${key}" endpoint="${collector.url}"></kehu-feedback>`);
  expect(snippet).toContain('<script src="/kehu-sdk/kehu.js" defer></script>');
  expect((await collect(key, 'https://blog.example')).status).toBe(201);
  await axe(page);
  await shot(page, 'console-settings-en.png');

  // Edit the origins: the old one is refused at once, the new one accepted.
  await blog.getByRole('button', { name: 'Edit origins of blog' }).press('Enter');
  await blog.getByLabel('Allowed origins').fill('https://news.example\nhttps://*.news.example');
  await blog.getByRole('button', { name: 'Save origins' }).press('Enter');
  await expect(page.getByRole('status').first()).toHaveText('The origins of blog are saved.');
  await expect(sites.getByRole('row', { name: /blog/ })).toContainText('https://*.news.example');
  expect((await collect(key, 'https://blog.example')).status).toBe(403);
  expect((await collect(key, 'https://www.news.example')).status).toBe(201);

  // Revoke, after saying what it means.
  await sites.getByRole('row', { name: /blog/ }).getByRole('button', { name: 'Revoke blog' }).press('Enter');
  await expect(page.getByText('Pages using this key can no longer send answers.')).toBeVisible();
  await axe(page);
  await page.getByRole('button', { name: 'Yes, revoke blog' }).press('Enter');
  await expect(page.getByRole('status').first()).toHaveText('blog is revoked.');
  await expect(sites.getByRole('row', { name: /blog/ })).toHaveCount(0);
  expect((await collect(key, 'https://www.news.example')).status).toBe(403);

  // A token: scopes chosen, shown once with a copy button, working, then revoked.
  await page.getByLabel('Token name').fill('zhao');
  await page.getByRole('checkbox', { name: /write/ }).check();
  await page.getByRole('button', { name: 'Create token' }).press('Enter');
  await expect(page.getByText('Copy the token for zhao now: Kehu shows it only this once')).toBeVisible();
  const shown = await page.getByLabel('Token for zhao').inputValue();
  expect(shown).toMatch(/^kt_/);
  await page.locator('.once').getByRole('button', { name: 'Copy' }).click();
  expect(await clipboard(page)).toBe(shown);
  const tokens = page.getByRole('table', { name: 'Team tokens' });
  await expect(tokens.getByRole('row', { name: /zhao/ })).toContainText('read (see records), write (sync and change records)');
  const pull = () =>
    fetch(`${collector.url}/v1/changes?since=0`, {
      headers: { authorization: `Bearer ${shown}`, [KEHU_API_HEADER]: KEHU_API_VERSION },
    });
  expect((await pull()).status).toBe(200);
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByLabel('Token for zhao')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Token for zhao')).toHaveCount(0);
  await tokens.getByRole('row', { name: /zhao/ }).getByRole('button', { name: 'Revoke zhao' }).click();
  await page.getByRole('button', { name: 'Yes, revoke zhao' }).click();
  await expect(page.getByRole('status').first()).toHaveText('zhao is revoked.');
  await expect.poll(async () => (await pull()).status, { timeout: 60_000 }).toBe(401);
  await axe(page);

  // A stricter policy version from its file: an older version is refused, the new one is in force.
  const policy = (version: number) => ({
    name: 'policy.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        ...defaultPolicy(new Date().toISOString()),
        version,
        createdBy: 'calibration',
        thresholds: { blue: 10, yellow: 20, orange: 35, red: 50 },
      }),
    ),
  });
  await page.getByLabel('Policy file (JSON)').setInputFiles(policy(1));
  await page.getByRole('button', { name: 'Put in force' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('version 1 is in force: a new policy needs a higher version than 1');
  await page.getByLabel('Policy file (JSON)').setInputFiles(policy(2));
  await page.getByRole('button', { name: 'Put in force' }).press('Enter');
  await expect(page.getByRole('status').first()).toHaveText(
    'Policy version 2 is in force; every customer was assessed again with it.',
  );
  await expect(page.getByText(/^Version 2, made .* by calibration\.$/)).toBeVisible();
  await axe(page);
  await context.close();
});

test('Settings in Chinese: a site key created, the token list, the policy version (zh-CN)', async () => {
  test.setTimeout(300_000);
  const { context, page } = await signIn('zh-CN', admin);
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await expect(page.getByText(/^版本 2，.* 由 calibration 制定。$/)).toBeVisible();
  await page.getByLabel('名称', { exact: true }).fill('商城');
  await page.getByLabel('允许的来源', { exact: true }).fill('https://shop.example.cn');
  await page.getByRole('button', { name: '创建站点密钥' }).click();
  await expect(page.getByRole('status').first()).toHaveText('已创建站点密钥 商城。');
  const row = page.getByRole('table', { name: '站点密钥' }).getByRole('row', { name: /商城/ });
  await row.getByRole('button', { name: '商城 的嵌入代码' }).click();
  await expect(row.getByLabel('嵌入代码')).toHaveValue(/<kehu-survey kind="nps" site-key="ks_/);
  await expect(page.getByRole('table', { name: '团队令牌' }).getByRole('row', { name: /admin-lead/ })).toContainText(
    'admin-lead (你)',
  );
  await axe(page);
  await shot(page, 'console-settings-zh-CN.png');
  await context.close();

  const closed = await signIn('zh-CN', rep);
  await expect(closed.page.getByText('设置仅供具有管理（admin）权限的令牌使用。你的令牌权限：read, write。')).toBeVisible();
  await axe(closed.page);
  await closed.context.close();
});
