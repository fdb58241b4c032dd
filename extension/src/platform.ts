// The browser side of the API context: change broadcasts, the side panel, permissions.
import { browser } from 'wxt/browser';
import type { Platform } from './base/ports.ts';
import { ALL_PAGES, CHANGES_KEY, SELECTION_KEY } from './base/storage-keys.ts';

type SidePanelApi = { open(options: { tabId?: number; windowId?: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

export function browserPlatform(): Platform {
  let seq = 0;
  // Changes are coalesced for a moment: an import touching 10,000 customers sends one event.
  let pending: Set<string> | 'all' | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    const value = pending === 'all' ? { seq: ++seq, all: true } : { seq: ++seq, customerIds: [...(pending ?? [])] };
    pending = null;
    browser.storage.local.set({ [CHANGES_KEY]: { ...value, at: Date.now() } }).catch(() => {});
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
    async openCustomer(target, customerId) {
      // Open first, synchronously: the browser allows it only while the rep's click is being handled.
      const sidePanel = (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
      const sidebar = (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction;
      let opening: Promise<unknown> | null = null;
      try {
        if (sidePanel && (target.tabId !== undefined || target.windowId !== undefined)) {
          opening = sidePanel.open(target.tabId !== undefined ? { tabId: target.tabId } : { windowId: target.windowId! });
        } else if (sidebar) {
          opening = sidebar.open();
        }
      } catch {
        opening = null;
      }
      const selection = { customerId, at: Date.now() };
      const area = browser.storage.session ?? browser.storage.local;
      await area.set({ [SELECTION_KEY]: selection });
      const opened = opening
        ? await opening.then(
            () => true,
            () => false,
          )
        : false;
      if (!opened) {
        // No side panel here (or no user gesture): the same view in a tab.
        await browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?customer=${encodeURIComponent(customerId)}`) });
      }
    },
    pagesGranted: () => browser.permissions.contains(ALL_PAGES),
  };
}
