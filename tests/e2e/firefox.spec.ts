// The Firefox build (dist/extension/firefox-mv2) in Debian's Firefox ESR. Playwright drives only its
// own patched Firefox, which cannot be downloaded here, so this file drives the stock browser with
// puppeteer-core over WebDriver BiDi. The add-on is installed as a temporary add-on, the way a rep
// loads it from about:debugging; its data is seeded through the same messages the pages send; the
// Gmail fixture is served at the real address, so the real content-script match patterns run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIXTURES, STRICT_CSP, seedFiles } from './extension-support.ts';
import { REPO } from './harness.ts';

// The test build: its badges are labelled with address and level and their shadow roots are open,
// which levelOf and acmeBadge read (the shipped build's closed roots: hostile-page.spec.ts).
const FIREFOX_DIR = join(REPO, 'dist/extension-test/firefox-mv2');
const ADDON_ID: string = JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
// Firefox gives each add-on a random moz-extension:// host; a fixed one lets the test open its pages.
const ADDON_UUID = '6f1d7c1e-3b8e-4c3a-9d0e-2a5b8c4f7e10';

function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`Firefox not found at ${path}: run "npm test" (it installs it) or set FIREFOX_PATH`);
  return path;
}

let browser: Browser;
let profile = '';

test.beforeEach(async () => {
  profile = mkdtempSync(join(tmpdir(), 'kehu-firefox-'));
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    // Firefox 153 lets WebDriver navigate only to http(s), file, blob and about:blank unless the
    // browser was started with system access; the add-on's moz-extension:// pages need it. Firefox
    // 140 ignores the flag it does not know, so one launch serves both ESR lines.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      'intl.accept_languages': 'en-US',
    },
  });
  await browser.installExtension(FIREFOX_DIR);
});

test.afterEach(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Call the extension's API from one of its pages, with the message @webext-core/messaging sends. */
async function call(page: Page, type: string, data: unknown): Promise<unknown> {
  const reply = (await page.evaluate(
    (type, data) =>
      (
        globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).browser.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
    type,
    data,
  )) as { res?: unknown; err?: { message: string } } | undefined;
  if (!reply || reply.err) throw new Error(`${type}: ${reply?.err?.message ?? 'no answer'}`);
  return reply.res;
}

/** Serve the Gmail fixture at https://mail.google.com/ with a CSP as strict as Gmail's; nothing else goes out. */
async function gmailPage(): Promise<Page> {
  const body = readFileSync(join(FIXTURES, 'gmail.html'), 'utf8');
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('https://mail.google.com/mail/')) {
      void request.respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': STRICT_CSP },
        body,
      });
    } else if (/^https?:/.test(url)) void request.respond({ status: 404, body: '' });
    else void request.continue();
  });
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  return page;
}

const levelOf = (page: Page, email: string) =>
  page.evaluate(
    (email) => document.querySelector(`[data-kehu-badge][data-email="${email}"]`)?.getAttribute('data-level') ?? null,
    email,
  );

/**
 * Open one of the add-on's pages. Puppeteer does not follow a navigation to moz-extension:// over
 * BiDi (goto never settles), so the page is asked where it is until it has loaded there. A refused
 * navigation (Firefox without system access) fails at once with Firefox's own reason.
 */
async function addonPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `moz-extension://${ADDON_UUID}/${path}`;
  let refused = '';
  void page.goto(url).catch((error: Error) => {
    if (/not allowed/i.test(error.message)) refused = error.message;
  });
  await expect
    .poll(
      async () => {
        if (refused) throw new Error(`Firefox refused to open ${url}: ${refused}`);
        return page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
      },
      { timeout: 120_000 },
    )
    .toBe(`${url} complete`);
  return page;
}

test('Firefox: the add-on installs, imports the customers, badges every sender in Gmail with its level, opens the customer and lists the levels', async () => {
  const options = await addonPage('options.html');
  await options.waitForSelector('h1');
  expect(await options.$eval('h1', (h) => h.textContent)).toBe('Kehu settings');

  const files = seedFiles();
  for (const entity of ['customers', 'contacts', 'interactions', 'cases', 'responses'] as const) {
    const result = (await call(options, 'importText', { entity, format: 'csv', text: files[entity] })) as {
      rejected: unknown[];
    };
    expect(result.rejected, entity).toEqual([]);
  }
  const acme = (await call(options, 'lookup', 'wei@acme.example')) as {
    customer: { name: string };
    assessment: { level: string };
  };
  expect(acme.customer.name).toBe('ACME Trading');
  expect(acme.assessment.level).toBe('red');

  const mail = await gmailPage();
  await mail.waitForSelector('[data-kehu-badge][data-email="wei@acme.example"][data-level]', { timeout: 20_000 });
  expect(await levelOf(mail, 'wei@acme.example')).toBe('red');
  await mail.waitForSelector('[data-kehu-badge][data-email="li.na@globex.example"][data-level]');
  expect(await levelOf(mail, 'li.na@globex.example')).toBe('none');
  expect(await levelOf(mail, 'sam@newco.example')).toBe('unknown');

  // The level in words on the badge, and the card with its reasons when the badge gets the focus.
  const acmeBadge = (what: 'label' | 'card' | 'focus') =>
    mail.evaluate((what) => {
      const root = document.querySelector('[data-kehu-badge][data-email="wei@acme.example"]')?.shadowRoot;
      const button = root?.querySelector('button');
      if (what === 'focus') button?.focus();
      return (what === 'card' ? root?.querySelector('[role="dialog"]') : button)?.textContent ?? '';
    }, what);
  expect(await acmeBadge('label')).toContain('Red I');
  // Focus events reach a page only in the selected tab (Firefox 140 does not select a new tab by itself).
  await mail.bringToFront();
  await acmeBadge('focus');
  // The card fills in as its lookup answers: wait for the whole of it, not its first line.
  const cardShows = (text: string) => expect.poll(() => acmeBadge('card'), { timeout: 20_000 }).toContain(text);
  await cardShows('ACME Trading');
  await cardShows('Third delivery delay');
  await cardShows('NPS 2');

  // The toolbar popup: the customers per level.
  const popup = await addonPage('popup.html');
  await expect
    .poll(() => popup.evaluate(() => document.body.textContent ?? ''))
    .toContain('Customers by warning level (2 in all)');

  // A click on the badge opens the customer: Firefox lets only the rep's own click open the sidebar,
  // so from the page's badge the same view opens in a tab, with the data card.
  const button = await mail.evaluateHandle(
    () =>
      document
        .querySelector('[data-kehu-badge][data-email="wei@acme.example"]')
        ?.shadowRoot?.querySelector('button') as HTMLElement,
  );
  await button.click();
  const panelText = async () => {
    for (const page of await browser.pages()) {
      const text = await page
        .evaluate(() => (location.href.includes('/sidepanel.html') ? (document.body.textContent ?? '') : ''))
        .catch(() => '');
      if (text) return text;
    }
    return '';
  };
  await expect.poll(panelText, { timeout: 120_000 }).toContain('ACME Trading');
  expect(await panelText()).toContain('Third delivery delay');
});
