/// <reference types="chrome" />
// The host page is untrusted. A page script — Gmail's own, or any site's once "all web pages" is
// on — tries to read the CRM off the badges and to write to it with scripted clicks:
//
// * the SHIPPED build (dist/extension): the page reads attributes, shadowRoot, getRootNode,
//   MutationObserver records, computed styles, sizes and text, and every badge looks the same to
//   it; its synthetic clicks and events change nothing (the store is exported before and after);
// * the test build (dist/extension-test, shadow roots open): even when the page can reach the
//   buttons, scripted clicks on "+ Add" and made-up hover, focus and key events do nothing — only
//   the rep's own input counts;
// * on an ordinary web page (not webmail) the card is given only after the rep's own click.
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import { exportText, lookup, seed, serveFixture } from './extension-support.ts';
import { EXTENSION_DIR, expect, launchWithExtension, serviceWorkerOf, test } from './harness.ts';

/** What a curious page can learn about the badges, run in the page's own world. */
function spyOnBadges(): {
  hosts: number;
  outerHtml: string[];
  attributeNames: string[][];
  shadowRoots: (string | null)[];
  rootNodes: boolean[];
  texts: string[];
  styles: string[];
  sizes: string[];
  records: string[];
  pageText: string;
} {
  const hosts = Array.from(document.querySelectorAll<HTMLElement>('[data-kehu-badge]'));
  const seen = (globalThis as unknown as { __seen: string[] }).__seen;
  return {
    hosts: hosts.length,
    outerHtml: hosts.map((h) => h.outerHTML),
    attributeNames: hosts.map((h) => h.getAttributeNames().sort()),
    shadowRoots: hosts.map((h) => (h.shadowRoot ? h.shadowRoot.innerHTML : null)),
    rootNodes: hosts.map((h) => h.getRootNode() === document && h.childNodes.length === 0),
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a page script would read.
    texts: hosts.map((h) => `${h.textContent}|${h.innerText}|${h.innerHTML}`),
    styles: hosts.map((h) => {
      const s = getComputedStyle(h);
      return Array.from(s)
        .map((p) => `${p}:${s.getPropertyValue(p)}`)
        .join(';');
    }),
    sizes: hosts.map((h) => {
      const r = h.getBoundingClientRect();
      return `${r.width}x${r.height} ${h.offsetWidth}x${h.offsetHeight} ${h.scrollWidth}x${h.scrollHeight}`;
    }),
    records: seen,
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a page script would read.
    pageText: `${document.body.innerText}\n${document.documentElement.outerHTML}`,
  };
}

/** Installed before the page's own scripts: every mutation the page can observe, as text. */
function recordMutations(): void {
  const seen: string[] = [];
  (globalThis as unknown as { __seen: string[] }).__seen = seen;
  const describe = (n: Node) => (n.nodeType === 1 ? (n as Element).outerHTML : `#${n.nodeName}:${n.textContent}`);
  new MutationObserver((records) => {
    for (const r of records) {
      const target = r.target as Element;
      if (
        !(
          target.closest?.('[data-kehu-badge]') ||
          Array.from(r.addedNodes).some((n) => (n as Element).hasAttribute?.('data-kehu-badge'))
        )
      )
        continue;
      seen.push(
        `${r.type} ${r.attributeName ?? ''} ${r.oldValue ?? ''} ${Array.from(r.addedNodes).map(describe).join(',')} ${target.nodeName}`,
      );
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true });
  // Events that reach the page from inside a badge: what their paths show it.
  const paths: string[] = [];
  (globalThis as unknown as { __paths: string[] }).__paths = paths;
  for (const type of ['mouseover', 'focusin', 'click']) {
    document.addEventListener(
      type,
      (e) => {
        for (const n of e.composedPath())
          if (n instanceof Node && !document.contains(n) && n !== document) paths.push(n.nodeName);
      },
      true,
    );
  }
}

/** Every way a script can poke at a badge without the rep: clicks, made-up events, focus. */
function pokeBadges(): number {
  let pokes = 0;
  const targets = new Set<Element>();
  for (const host of Array.from(document.querySelectorAll<HTMLElement>('[data-kehu-badge]'))) {
    targets.add(host);
    const r = host.getBoundingClientRect();
    // What a click at the badge's place hits: the host (the page never gets past it).
    const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    if (at && (at === host || host.contains(at))) targets.add(at);
    // With open roots (the test build) the page reaches the buttons too.
    for (const el of Array.from(host.shadowRoot?.querySelectorAll('button, span') ?? [])) targets.add(el);
  }
  for (const el of targets) {
    (el as HTMLElement).focus?.();
    (el as HTMLElement).click?.();
    const init = { bubbles: true, composed: true, cancelable: true };
    for (const type of [
      'pointerover',
      'pointerenter',
      'mouseover',
      'mouseenter',
      'pointerdown',
      'mousedown',
      'pointerup',
      'mouseup',
      'click',
    ])
      el.dispatchEvent(new MouseEvent(type, init));
    el.dispatchEvent(new FocusEvent('focusin', init));
    el.dispatchEvent(new FocusEvent('focus', init));
    el.dispatchEvent(new KeyboardEvent('keydown', { ...init, key: 'Enter' }));
    el.dispatchEvent(new KeyboardEvent('keydown', { ...init, key: ' ' }));
    pokes++;
  }
  return pokes;
}

/** The badges as the test sees them through DevTools, which reaches into closed roots: the level classes. */
async function levelsThroughDevTools(cdp: CDPSession): Promise<string[]> {
  type DomNode = { localName?: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const levels: string[] = [];
  const levelIn = (n: DomNode): string | null => {
    const cls = n.attributes?.[n.attributes.indexOf('class') + 1] ?? '';
    const m = n.attributes?.includes('class') ? /kehu-level-(\w+)/.exec(cls) : null;
    if (m) return m[1]!;
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
      const found = levelIn(c);
      if (found) return found;
    }
    return null;
  };
  const walk = (n: DomNode) => {
    if (n.localName?.startsWith('kehu-badge-')) levels.push(levelIn(n) ?? 'empty');
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return levels.sort();
}

/** Cards open on the page, counted through DevTools (the page itself cannot see them). */
async function openCardsThroughDevTools(cdp: CDPSession): Promise<number> {
  type DomNode = { attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  let open = 0;
  const walk = (n: DomNode) => {
    if (n.attributes?.includes('data-open') && n.attributes.includes('kehu-card')) open++;
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
  };
  walk(root);
  return open;
}

/** The customer the side panel was last asked to show (set by openCustomer). */
function selection(sw: Worker): Promise<string | null> {
  return sw.evaluate(async () => {
    const area = chrome.storage.session ?? chrome.storage.local;
    return ((await area.get('kehu.selection'))['kehu.selection'] as { customerId?: string } | undefined)?.customerId ?? null;
  });
}

async function storeSnapshot(sw: Worker): Promise<string> {
  const parts = [];
  for (const entity of ['customers', 'contacts', 'interactions', 'cases']) parts.push(await exportText(sw, entity));
  return parts.join('\n');
}

/** The CRM's words for the seeded customers: none may reach the page. */
const SECRETS = [
  'ACME Trading',
  'Globex',
  'Third delivery delay',
  'NPS',
  'Key customer',
  'Red I',
  'kehu-level',
  'data-level',
  'data-email',
];

async function openInbox(context: BrowserContext): Promise<Page> {
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.addInitScript(recordMutations);
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  return page;
}

test.describe('the shipped build', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let sw: Worker;
  test.beforeEach(async () => {
    ({ context, close } = await launchWithExtension(EXTENSION_DIR));
    sw = await serviceWorkerOf(context);
  });
  test.afterEach(async () => close());

  test('a page script learns nothing personal from the badges and its scripted clicks change nothing', async () => {
    await seed(sw);
    const before = await storeSnapshot(sw);
    const page = await openInbox(context);
    const cdp = await context.newCDPSession(page);
    // The badges are there, each with its level: the test sees that through DevTools, the page cannot.
    await expect.poll(() => levelsThroughDevTools(cdp)).toEqual(['none', 'red', 'unknown', 'unknown']);

    const spied = await page.evaluate(spyOnBadges);
    expect(spied.hosts).toBe(4);
    // Every host is the same element to the page: one marker attribute and the inline style.
    expect(new Set(spied.outerHtml).size).toBe(1);
    expect(spied.attributeNames).toEqual(Array(4).fill(['data-kehu-badge', 'style']));
    expect(spied.shadowRoots).toEqual([null, null, null, null]);
    expect(spied.rootNodes).toEqual([true, true, true, true]);
    expect(new Set(spied.texts)).toEqual(new Set(['||']));
    expect(new Set(spied.styles).size).toBe(1);
    expect(new Set(spied.sizes).size).toBe(1);
    // What its MutationObserver saw: the hosts going in, nothing of what is inside them.
    expect(spied.records.length).toBeGreaterThan(0);
    for (const r of spied.records) expect(r).toMatch(/^childList {2}/);
    for (const secret of SECRETS) {
      expect(spied.pageText, secret).not.toContain(secret);
      expect(spied.records.join('\n'), secret).not.toContain(secret);
    }

    // Scripted clicks, focus and made-up events on every host and whatever elementFromPoint finds.
    const pagesBefore = context.pages().length;
    expect(await page.evaluate(pokeBadges)).toBeGreaterThanOrEqual(4);
    // Then the rep hovers the red badge: its card opens for the rep (seen through DevTools). The card
    // travels the same message channel after the page's pokes, so anything they set off is done by now.
    // (A scripted click on a host bubbles to the page's own row, which opens that thread: back to the inbox.)
    await page.evaluate(() => {
      location.hash = '#inbox';
    });
    await page.locator('[data-kehu-badge]:has(+ [email="wei@acme.example"])').first().hover();
    await expect.poll(() => openCardsThroughDevTools(cdp)).toEqual(1);
    const after = await page.evaluate(spyOnBadges);
    for (const secret of SECRETS) expect(after.pageText, secret).not.toContain(secret);
    expect(new Set(after.outerHtml).size).toBe(1);
    // Events from inside a badge reach the page retargeted to the host: no path into the root.
    expect(await page.evaluate(() => (globalThis as unknown as { __paths: string[] }).__paths)).toEqual([]);
    // Nothing was added, nothing opened.
    expect(await storeSnapshot(sw)).toBe(before);
    expect((await lookup(sw, 'sam@newco.example'))?.contact ?? null).toBeNull();
    expect(context.pages().length).toBe(pagesBefore);
    expect(await selection(sw)).toBeNull();
    await expect.poll(() => levelsThroughDevTools(cdp)).toEqual(['none', 'red', 'unknown', 'unknown']);
    await cdp.detach();
  });
});

test('even with the roots open (test build), scripted clicks on "+ Add" and made-up events do nothing', async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  const before = await storeSnapshot(serviceWorker);
  const page = await openInbox(context);
  await expect(page.locator('[data-kehu-badge][data-level]')).toHaveCount(4);
  const pagesBefore = context.pages().length;
  expect(await page.evaluate(pokeBadges)).toBeGreaterThanOrEqual(8);
  // No card opened for the made-up focus and hover.
  await expect(page.locator('[data-kehu-badge] [role="dialog"][data-open]')).toHaveCount(0);
  // The rep's own hover opens one: it travels the same message channel after the page's pokes,
  // so anything they set off (an add) is done by now.
  await page.evaluate(() => {
    location.hash = '#inbox'; // a scripted click on a host bubbles to the page's row, which opens its thread
  });
  const red = page.locator('[data-kehu-badge][data-email="wei@acme.example"]').first();
  await red.hover();
  await expect(red.getByRole('dialog')).toContainText('ACME Trading');
  expect(await storeSnapshot(serviceWorker)).toBe(before);
  expect((await lookup(serviceWorker, 'sam@newco.example'))?.contact ?? null).toBeNull();
  expect(context.pages().length).toBe(pagesBefore);
  expect(await selection(serviceWorker)).toBeNull();
  await expect(page.locator('[data-kehu-badge][data-email="sam@newco.example"]')).toHaveAttribute('data-level', 'unknown');
  // The rep's own click still adds (once the card is out of the way).
  await page.mouse.move(0, 0);
  await expect(red.getByRole('dialog')).toBeHidden();
  await page.locator('[data-kehu-badge][data-email="sam@newco.example"]').getByRole('button').click();
  await expect(page.locator('[data-kehu-badge][data-email="sam@newco.example"]')).not.toHaveAttribute('data-level', 'unknown');
  expect((await lookup(serviceWorker, 'sam@newco.example'))?.contact).toMatchObject({ emails: ['sam@newco.example'] });
});

test("on an ordinary web page the card comes only with the rep's own click, and a click does not open the side panel", async ({
  context,
  serviceWorker,
}) => {
  await seed(serviceWorker);
  await serveFixture(context, 'https://outlook.office365.com/**', 'page.html', false);
  const page = await context.newPage();
  await page.goto('https://outlook.office365.com/contact');
  await serviceWorker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ url: 'https://outlook.office365.com/*' });
    await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['content-scripts/page.js'] });
  });
  const badge = page.locator('a[href^="mailto:"] + [data-kehu-badge]');
  await expect(badge).toHaveAttribute('data-level', 'red');
  const card = badge.getByRole('dialog');
  // A made-up click from the page: no card.
  await badge.evaluate((host) => host.shadowRoot?.querySelector('button')?.click());
  await expect(card).toBeHidden();
  // The rep's click: the card, and no side panel; the card's own button opens the customer.
  await badge.getByRole('button').click();
  await expect(card).toContainText('ACME Trading');
  expect(await selection(serviceWorker)).toBeNull();
  await card.getByRole('button', { name: /open/i }).click();
  await expect.poll(() => selection(serviceWorker)).toBe('acme');
});
