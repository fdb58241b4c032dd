// Open a customer in the side panel, from an extension page (the popup, the options page) or from the
// background for a content script's click (platform.ts). The browser opens a side panel only while it
// handles the rep's click, so the panel is asked for first, synchronously; the customer is then
// chosen through the shared selection. Where there is no side panel (or it cannot open), the same
// view opens in a tab.
import { browser } from 'wxt/browser';
import { SELECTION_KEY } from '../base/storage-keys.ts';
import { reportTo } from '../base/problems.ts';

type SidePanelApi = { open(options: { tabId?: number; windowId?: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

/** Which window's (or tab's) side panel to open. */
export interface PanelTarget {
  tabId?: number | undefined;
  windowId?: number | undefined;
}

/** Open the side panel on a customer; call while handling the rep's click. */
export async function openSidePanel(target: PanelTarget, customerId: string): Promise<void> {
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
  const area = browser.storage.session ?? browser.storage.local;
  await area.set({ [SELECTION_KEY]: { customerId, at: Date.now() } });
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
}

let windowId: number | undefined;
/** Call once when the page loads, so that a click can open the panel without waiting. */
export function prepareOpenCustomer(): void {
  void browser.windows
    ?.getCurrent()
    .then((w) => {
      windowId = w.id;
    })
    .catch(reportTo('panel.window'));
}

/** From an extension page: the panel of the page's window. */
export function openCustomerFromPage(customerId: string): Promise<void> {
  return openSidePanel({ windowId }, customerId);
}
