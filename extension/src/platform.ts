// The browser side of the API context: change broadcasts, the side panel, permissions.
import { browser } from 'wxt/browser';
import type { Platform } from './base/ports.ts';
import { ALL_PAGES, CHANGES_KEY } from './base/storage-keys.ts';
import { openSidePanel } from './ui/open-customer.ts';
import { reportTo } from './base/problems.ts';

export function browserPlatform(): Platform {
  let seq = 0;
  // Changes are coalesced for a moment: an import touching 10,000 customers sends one event.
  let pending: Set<string> | 'all' | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    const value = pending === 'all' ? { seq: ++seq, all: true } : { seq: ++seq, customerIds: [...(pending ?? [])] };
    pending = null;
    browser.storage.local.set({ [CHANGES_KEY]: { ...value, at: Date.now() } }).catch(reportTo('changes.broadcast'));
  };
  return {
    changed(change) {
      if ('all' in change || pending === 'all') pending = 'all';
      else {
        pending ??= new Set();
        for (const id of change.customerIds) pending.add(id);
        if (pending.size > 500) pending = 'all';
      }
      clearTimeout(timer);
      timer = setTimeout(send, 30);
    },
    openCustomer: openSidePanel,
    pagesGranted: () => browser.permissions.contains(ALL_PAGES),
  };
}
