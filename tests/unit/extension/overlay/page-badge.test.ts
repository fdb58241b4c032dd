// The page badge (extension/src/overlay/page-badge.ts) and badge hosts (badge-host.ts), against
// the real lookupHost handler, on a linkedom page.
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import type { BadgeActions } from '../../../../extension/src/overlay/badge.tsx';
import { testContext } from '../context.ts';

type Modules = {
  hosts: typeof import('../../../../extension/src/overlay/badge-host.ts');
  page: typeof import('../../../../extension/src/overlay/page-badge.ts');
};
let m: Modules;

function page(url: string) {
  const { document, window } = parseHTML('<html><body><p>Welcome</p></body></html>');
  Object.defineProperty(window, 'location', { value: new URL(url), configurable: true });
  Object.defineProperty(document, 'defaultView', { value: window, configurable: true });
  return document as unknown as Document;
}

beforeAll(async () => {
  // safe-dom.ts captures DOM methods when it loads, as the content script does in the page.
  // linkedom keeps insertBefore/removeChild on Element (its Node ones are stubs): Node is Element here.
  const { window } = parseHTML('<html></html>');
  const g = globalThis as Record<string, unknown>;
  g.Element ??= window.Element;
  g.Node ??= window.Element;
  g.Document ??= window.Document;
  m = {
    hosts: await import('../../../../extension/src/overlay/badge-host.ts'),
    page: await import('../../../../extension/src/overlay/page-badge.ts'),
  };
});

const actions: BadgeActions = { open() {}, add: async () => {}, card: async () => null };
const info = { email: 'wei@acme.example', level: 'red' as const, customerId: 'acme', contactId: 'c-wei', name: 'ACME Trading' };

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 1));
}

describe('badge hosts', () => {
  it('carry one neutral marker and a closed root in the shipped build; the test build labels them', () => {
    const doc = page('https://example.com/');
    const shipped = m.hosts.badgeHosts(doc);
    const { host, mount } = shipped.make('display: inline-block');
    shipped.label(host, info, 'person');
    expect(host.getAttributeNames().sort()).toEqual(['data-kehu-badge', 'style']);
    expect(host.shadowRoot).toBeNull();
    expect(shipped.isOurs(host)).toBe(true);
    expect(shipped.mountOf(host)).toBe(mount);
    expect(shipped.isOurs(doc.body)).toBe(false);

    const forTests = m.hosts.badgeHosts(doc, { openForTests: true });
    const open = forTests.make('display: inline-block');
    forTests.label(open.host, info, 'person');
    expect(open.host.getAttribute('data-email')).toBe('wei@acme.example');
    expect(open.host.getAttribute('data-level')).toBe('red');
    expect(open.host.shadowRoot).not.toBeNull();
  });
});

describe('page badge', () => {
  it("shows one badge when the site is a customer's, updates it, and removes it when it no longer is", async () => {
    const kehu = createApi(testContext());
    await kehu.importText({
      entity: 'customers',
      format: 'csv',
      text: 'id,name,domains,tier\nhost,Host Site Ltd,example.com,key\n',
    });
    const doc = page('https://www.example.com/contact');
    const badge = m.page.createPageBadge({
      api: kehu,
      adapter: { name: 'page', pageBadge: true },
      doc,
      hosts: m.hosts.badgeHosts(doc),
      actions,
      locale: () => 'en',
      active: () => true,
    });
    badge.refresh();
    await until(() => badge.shown());
    const host = doc.querySelector('[data-kehu-badge]');
    expect(host?.parentNode).toBe(doc.body);
    expect(host?.getAttributeNames().sort()).toEqual(['data-kehu-badge', 'style']);
    badge.refresh();
    await new Promise((r) => setTimeout(r, 20));
    expect(doc.querySelectorAll('[data-kehu-badge]')).toHaveLength(1);

    await kehu.removeCustomer({ id: 'host' });
    badge.refresh();
    await until(() => !badge.shown());
    expect(doc.querySelectorAll('[data-kehu-badge]')).toHaveLength(0);
  });

  it('does nothing for adapters without a page badge, on a site of no customer, or once stopped', async () => {
    const kehu = createApi(testContext());
    await kehu.importText({ entity: 'customers', format: 'csv', text: 'id,name,domains\nhost,Host Site Ltd,example.com\n' });
    const doc = page('https://www.example.com/');
    const calls: string[] = [];
    const api = {
      lookupHost: (input: { host: string }) => {
        calls.push(input.host);
        return kehu.lookupHost(input);
      },
    };
    const make = (pageBadge: boolean, active: () => boolean) =>
      m.page.createPageBadge({
        api,
        adapter: { name: 'gmail', pageBadge },
        doc,
        hosts: m.hosts.badgeHosts(doc),
        actions,
        locale: () => 'en',
        active,
      });
    make(false, () => true).refresh();
    expect(calls).toEqual([]);
    let active = true;
    const stopping = make(true, () => active);
    stopping.refresh();
    active = false; // stopped before the answer came
    await until(() => calls.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(stopping.shown()).toBe(false);
    expect(doc.querySelectorAll('[data-kehu-badge]')).toHaveLength(0);
  });
});
