// "All web pages": the page content script runs only while the rep grants the optional host
// permission. Granting registers it; revoking unregisters it (the browser also stops injecting).
import { browser } from 'wxt/browser';
import { ALL_PAGES, PAGE_SCRIPT_ID } from './base/storage-keys.ts';

/** Webmail has its own content scripts. */
const WEBMAIL = [
  'https://mail.google.com/*',
  'https://outlook.live.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
];

/** The two browser APIs this needs (a fake in unit tests). */
export interface PageScriptApis {
  permissions: Pick<typeof browser.permissions, 'contains'>;
  scripting: Pick<
    typeof browser.scripting,
    'getRegisteredContentScripts' | 'registerContentScripts' | 'unregisterContentScripts'
  >;
}

/** Register or unregister the page script so that it runs exactly while the permission is granted. */
export async function syncPageScript(apis: PageScriptApis = browser): Promise<boolean> {
  const granted = await apis.permissions.contains(ALL_PAGES);
  const registered = (await apis.scripting.getRegisteredContentScripts({ ids: [PAGE_SCRIPT_ID] })).length > 0;
  if (granted && !registered) {
    await apis.scripting.registerContentScripts([
      {
        id: PAGE_SCRIPT_ID,
        js: ['content-scripts/page.js'],
        matches: ['<all_urls>'],
        excludeMatches: WEBMAIL,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  } else if (!granted && registered) {
    await apis.scripting.unregisterContentScripts({ ids: [PAGE_SCRIPT_ID] });
  }
  return granted;
}
