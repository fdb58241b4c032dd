// Open a customer in the side panel from an extension page (the popup, the options page). The
// browser opens a side panel only while it handles the rep's click, so the panel is asked for
// first, synchronously; the customer is then chosen through the shared selection. Where there is
// no side panel (or it cannot open), the same view opens in a tab.
import { browser } from 'wxt/browser';
import { SELECTION_KEY } from '../base/storage-keys.ts';

type SidePanelApi = { open(options: { windowId: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

let windowId: number | undefined;
/** Call once when the page loads, so that a click can open the panel without waiting. */
export function prepareOpenCustomer(): void {
  void browser.windows
    ?.getCurrent()
    .then((w) => {
      windowId = w.id;
    })
    .catch(() => {});
}

export async function openCustomerFromPage(customerId: string): Promise<void> {
  const sidePanel = (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
  const sidebar = (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction;
  let opening: Promise<unknown> | null = null;
  try {
    if (sidePanel && windowId !== undefined) opening = sidePanel.open({ windowId });
    else if (sidebar) opening = sidebar.open();
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
  if (!opened)
    await browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?customer=${encodeURIComponent(customerId)}`) });
}
