// "All web pages": the page content script is registered exactly while the optional permission is granted.
import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPT_ID } from '../../../extension/src/base/storage-keys.ts';
import { type PageScriptApis, syncPageScript } from '../../../extension/src/pages.ts';
import { createApi } from '../../../extension/src/api/router.ts';
import { testContext } from './context.ts';

function fakeBrowser(granted: boolean) {
  const registered = new Map<string, { matches?: string[]; excludeMatches?: string[]; js?: string[] }>();
  const state = { granted };
  const apis = {
    permissions: { contains: async (p: { origins?: string[] }) => state.granted && !!p.origins?.includes('<all_urls>') },
    scripting: {
      getRegisteredContentScripts: async (f?: { ids?: string[] }) =>
        [...registered.entries()].filter(([id]) => !f?.ids || f.ids.includes(id)).map(([id, s]) => ({ id, ...s })),
      registerContentScripts: async (scripts: { id: string; matches?: string[]; excludeMatches?: string[]; js?: string[] }[]) => {
        for (const s of scripts) registered.set(s.id, s);
      },
      unregisterContentScripts: async (f?: { ids?: string[] }) => {
        for (const id of f?.ids ?? []) registered.delete(id);
      },
    },
  } as unknown as PageScriptApis;
  return { apis, registered, state };
}

describe('the page content script', () => {
  it('is registered for all sites but webmail once the rep grants the permission, and removed when revoked', async () => {
    const b = fakeBrowser(false);
    expect(await syncPageScript(b.apis)).toBe(false);
    expect(b.registered.size).toBe(0);
    b.state.granted = true;
    expect(await syncPageScript(b.apis)).toBe(true);
    const script = b.registered.get(PAGE_SCRIPT_ID);
    expect(script).toMatchObject({ matches: ['<all_urls>'], js: ['content-scripts/page.js'] });
    expect(script?.excludeMatches).toContain('https://mail.google.com/*');
    await syncPageScript(b.apis); // idempotent
    expect(b.registered.size).toBe(1);
    b.state.granted = false;
    await syncPageScript(b.apis);
    expect(b.registered.size).toBe(0);
  });
});

describe('lookupHost', () => {
  it('finds the customer whose registrable domain a page is on, never a free-mail provider', async () => {
    const ctx = testContext();
    const kehu = createApi(ctx);
    await kehu.importText({ entity: 'customers', format: 'csv', text: 'id,name,domains\nacme,ACME,acme.co.uk\n' });
    expect(await kehu.lookupHost({ host: 'shop.acme.co.uk' })).toMatchObject({ customerId: 'acme', name: 'ACME', email: '' });
    expect(await kehu.lookupHost({ host: 'www.example.org' })).toBeNull();
    expect(await kehu.lookupHost({ host: 'mail.google.com' })).toBeNull();
  });
});

describe('settings', () => {
  it('fall back field by field to defaults when the stored value is damaged or from an older version', async () => {
    const { readSettings } = await import('../../../extension/src/store/settings.ts');
    expect(readSettings(undefined)).toMatchObject({ locale: 'auto', logEmails: true, repName: '' });
    const fixed = readSettings({ locale: 'fr', logEmails: false, extra: 1 });
    expect(fixed).toMatchObject({ locale: 'auto', logEmails: false, repName: '' });
    expect(fixed).not.toHaveProperty('extra');
    expect(readSettings('garbage')).toMatchObject({ locale: 'auto', logEmails: true, repName: '' });
  });
});
