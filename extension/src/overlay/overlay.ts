// The overlay: finds people through a site adapter and keeps one badge next to each.
//
// * One MutationObserver for the whole document; it is disconnected while the tab is hidden
//   (no work in background tabs) and the page is rescanned when the tab shows again.
// * New people found in one observer delivery are looked up in one message; results are cached
//   per address, so a re-render of a known row gets its badge synchronously.
// * Badges are rendered in slices of a few milliseconds, each its own task, so a 500-row inbox
//   never blocks the page.
// * Every badge belongs to one anchor. Recycled rows (the anchor now shows someone else) update the
//   badge in place; badges whose anchor left the page are removed; a badge the page moved away from
//   its anchor is put back. Nothing ever throws into the page.
// * The page learns nothing from a badge: its host carries one neutral marker and a closed shadow
//   root (badge-host.ts), and the badge ignores events the page made up (badge.tsx).
//
// Lookups and their cache (lookups.ts), contact logging (thread-log.ts) and the page's own badge
// (page-badge.ts) are modules of their own; this file keeps the observer, the slots and rendering.
import type { ApiClient } from '../api/client.ts';
import type { CardView } from '../api/methods/lookup.ts';
import type { Locale } from '../ui/i18n.ts';
import type { FoundPerson, SiteAdapter } from './adapter.ts';
import { type BadgeActions, renderBadge, unmountBadge } from './badge.tsx';
import { badgeHosts } from './badge-host.ts';
import { createLookups, type DataChange } from './lookups.ts';
import { createPageBadge } from './page-badge.ts';
import { detach, HOST_STYLE, place } from './safe-dom.ts';
import { createThreadLog } from './thread-log.ts';
import { reportTo } from '../base/problems.ts';

export type { DataChange };

export type OverlayApi = Pick<ApiClient, 'lookupMany' | 'lookupHost' | 'card' | 'addSender' | 'openCustomer' | 'logEmails'>;

export interface OverlayOptions {
  api: OverlayApi;
  doc?: Document;
  locale: () => Locale;
  /** Subscribe to data changes made anywhere in the extension; returns an unsubscribe. */
  onDataChange?: (listener: (change: DataChange) => void) => () => void;
  /** Wait after the last change before looking at the open thread (it renders in steps). */
  threadSettleMs?: number;
  /** The test build only: open shadow roots and address/level attributes on hosts (badge-host.ts). */
  openForTests?: boolean;
}

export interface OverlayStats {
  observing: boolean;
  scans: number;
  scansWhileHidden: number;
  lookupMessages: number;
  badges: number;
  loggedMessages: number;
}

interface Slot {
  anchor: Node;
  placement: FoundPerson['placement'];
  email: string;
  name: string;
  host: HTMLElement | null;
  mount: HTMLElement | null;
  rendered: string;
}

/** Render for at most this long in one go, then continue in a new task. */
const SLICE_MS = 6;

export interface Overlay {
  stop(): void;
  stats(): OverlayStats;
  /** Rescan the whole page now (tests, and after the tab shows again). */
  rescan(): void;
}

export function startOverlay(adapter: SiteAdapter, options: OverlayOptions): Overlay {
  const doc = options.doc ?? document;
  const win = doc.defaultView ?? window;
  const { api } = options;
  const slots = new Map<Node, Slot>();
  const owner = new WeakMap<Node, Slot>();
  const renderQueue = new Set<Slot>();
  const stats = { observing: false, scans: 0, scansWhileHidden: 0 };
  let dirtyWhileHidden = false;
  let sliceTimer = 0;
  let stopped = false;
  let self: string | null = null;

  const hidden = () => doc.visibilityState === 'hidden';
  const hosts = badgeHosts(doc, { openForTests: options.openForTests ?? false });
  const ours = (node: Node) => hosts.isOurs(node);
  // On webmail the card opens on hover; on any other page only when the rep clicks or tabs to it.
  const cardOnHover = adapter.name !== 'page';
  const lookups = createLookups({
    api,
    onResults(emails) {
      for (const slot of slots.values()) if (emails.has(slot.email)) renderQueue.add(slot);
      pump();
    },
  });
  const threadLog = createThreadLog({
    api,
    adapter,
    doc,
    ...(options.threadSettleMs !== undefined ? { settleMs: options.threadSettleMs } : {}),
    active: () => !stopped && !hidden(),
  });
  const safely = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };

  // ---- finding people ----

  function scan(root: Element | Document): void {
    stats.scans++;
    if (hidden()) stats.scansWhileHidden++;
    const people = safely(() => adapter.findPeople(root), [] as FoundPerson[]);
    for (const p of people) {
      if (p.email === self || ours(p.anchor)) continue;
      let slot = slots.get(p.anchor);
      if (!slot) {
        slot = { anchor: p.anchor, placement: p.placement, email: p.email, name: p.name, host: null, mount: null, rendered: '' };
        slots.set(p.anchor, slot);
      } else if (slot.email !== p.email) {
        slot.email = p.email; // a recycled row: same element, another person
        slot.name = p.name;
      }
      if (lookups.get(p.email)) renderQueue.add(slot);
      else lookups.want(p.email);
    }
  }

  function onMutations(records: MutationRecord[]): void {
    if (stopped) return;
    const roots = new Set<Element>();
    let pageChanged = false;
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of Array.from(r.removedNodes)) if (!ours(n)) pageChanged = true;
        for (const n of Array.from(r.addedNodes)) {
          if (ours(n)) continue;
          if (n.nodeType === 1) roots.add(n as Element);
          else if (n.nodeType === 3 && adapter.watchText && n.parentElement) roots.add(n.parentElement);
        }
      } else if (r.type === 'attributes' && r.target.nodeType === 1 && !ours(r.target)) {
        roots.add(r.target as Element);
      } else if (r.type === 'characterData' && r.target.parentElement) {
        roots.add(r.target.parentElement);
      }
    }
    // Our own badges going in or out are not news: reacting to them would render every queued
    // badge in one go (each insertion would trigger the next slice).
    if (roots.size === 0 && !pageChanged) return;
    for (const root of roots) if (root.isConnected) scan(root);
    flush();
  }

  const observer = new MutationObserver(onMutations);

  function observe(): void {
    if (stats.observing || stopped) return;
    const target = doc.documentElement ?? doc;
    observer.observe(target, {
      childList: true,
      subtree: true,
      attributes: adapter.watchedAttributes.length > 0,
      ...(adapter.watchedAttributes.length > 0 ? { attributeFilter: [...adapter.watchedAttributes] } : {}),
      characterData: adapter.watchText,
    });
    stats.observing = true;
  }

  function unobserve(): void {
    observer.disconnect();
    stats.observing = false;
  }

  // ---- lookups (lookups.ts) ----

  function flush(): void {
    prune();
    lookups.flush();
    pump();
    threadLog.schedule();
  }

  // ---- badges ----

  function pump(): void {
    if (stopped || hidden() || renderQueue.size === 0) return;
    const started = performance.now();
    for (const slot of renderQueue) {
      renderQueue.delete(slot);
      safely(() => renderSlot(slot), undefined);
      if (performance.now() - started > SLICE_MS) break;
    }
    if (renderQueue.size > 0 && !sliceTimer) {
      // The rest in a new task: the page paints and handles input in between.
      sliceTimer = win.setTimeout(() => {
        sliceTimer = 0;
        pump();
      }, 0);
    }
  }

  const adjacent = (slot: Slot, host: Node) =>
    slot.placement === 'after' ? slot.anchor.nextSibling === host : slot.anchor.previousSibling === host;

  function renderSlot(slot: Slot): void {
    const info = lookups.get(slot.email);
    if (!info || !slot.anchor.isConnected || slots.get(slot.anchor) !== slot) return;
    if (!slot.host?.isConnected) {
      // A badge left beside this anchor by an earlier render of the page is taken over, not doubled.
      const beside = slot.placement === 'after' ? slot.anchor.nextSibling : slot.anchor.previousSibling;
      const orphan = beside && ours(beside) && !owner.get(beside)?.anchor.isConnected ? (beside as HTMLElement) : null;
      const orphanMount = orphan ? hosts.mountOf(orphan) : undefined;
      if (orphan && orphanMount) {
        slot.host = orphan;
        slot.mount = orphanMount;
        slot.rendered = '';
      } else {
        const made = hosts.make(HOST_STYLE);
        slot.host = made.host;
        slot.mount = made.mount;
        slot.rendered = '';
        if (!place(made.host, slot.anchor, slot.placement)) return;
      }
      owner.set(slot.host, slot);
    } else if (!adjacent(slot, slot.host)) {
      place(slot.host, slot.anchor, slot.placement);
    }
    const locale = options.locale();
    const key = `${info.email}|${info.level}|${info.name}|${info.customerId}|${locale}`;
    if (key === slot.rendered) return;
    slot.rendered = key;
    hosts.label(slot.host, info, 'person');
    if (slot.mount) renderBadge(slot.mount, { info, name: slot.name, locale, actions, cardOnHover });
  }

  function removeSlot(slot: Slot): void {
    if (slot.host) {
      if (slot.mount) unmountBadge(slot.mount);
      detach(slot.host);
    }
    slots.delete(slot.anchor);
    renderQueue.delete(slot);
  }

  /** Drop badges whose anchor left the page; put back badges the page moved away from their anchor. */
  function prune(): void {
    for (const slot of slots.values()) {
      if (!slot.anchor.isConnected) removeSlot(slot);
      else if (slot.host?.isConnected && !adjacent(slot, slot.host)) place(slot.host, slot.anchor, slot.placement);
    }
  }

  const actions: BadgeActions = {
    open(info) {
      api
        .openCustomer({
          ...(info.customerId ? { customerId: info.customerId } : {}),
          ...(info.email ? { email: info.email } : {}),
        })
        .catch(reportTo('overlay.open'));
    },
    async add(info, name) {
      const updated = await api.addSender({ email: info.email, ...(name ? { name: name.slice(0, 200) } : {}) });
      lookups.put(updated);
      for (const slot of slots.values()) if (slot.email === updated.email) renderQueue.add(slot);
      pump();
    },
    card(info): Promise<CardView | null> {
      return api.card({
        ...(info.email ? { email: info.email } : info.customerId ? { customerId: info.customerId } : {}),
        locale: options.locale(),
      });
    },
  };

  // ---- the page's own domain (page-badge.ts) ----

  const pageBadge = createPageBadge({ api, adapter, doc, hosts, actions, locale: options.locale, active: () => !stopped });

  // ---- data changes and visibility ----

  function onDataChange(change: DataChange): void {
    lookups.invalidate(change);
    if (hidden()) {
      dirtyWhileHidden = true;
      return;
    }
    refreshAll();
  }

  function refreshAll(): void {
    for (const slot of slots.values()) {
      if (!lookups.get(slot.email)) lookups.want(slot.email);
      else renderQueue.add(slot);
    }
    flush();
    pageBadge.refresh();
  }

  function onVisibility(): void {
    if (stopped) return;
    if (hidden()) {
      unobserve();
      threadLog.cancel();
      return;
    }
    observe();
    rescan();
    if (dirtyWhileHidden) {
      dirtyWhileHidden = false;
      refreshAll();
    }
  }

  function rescan(): void {
    self = safely(() => adapter.selfAddress?.(doc) ?? null, null);
    scan(doc);
    flush();
  }

  const unsubscribe = options.onDataChange?.(onDataChange) ?? (() => {});
  doc.addEventListener('visibilitychange', onVisibility);
  if (!hidden()) {
    observe();
    rescan();
    pageBadge.refresh();
  } else {
    dirtyWhileHidden = true;
  }

  return {
    stop() {
      stopped = true;
      unobserve();
      unsubscribe();
      lookups.stop();
      threadLog.cancel();
      if (sliceTimer) win.clearTimeout(sliceTimer);
      doc.removeEventListener('visibilitychange', onVisibility);
      for (const slot of [...slots.values()]) removeSlot(slot);
      pageBadge.remove();
    },
    stats: () => ({
      ...stats,
      lookupMessages: lookups.messages(),
      badges: slots.size,
      loggedMessages: threadLog.logged(),
    }),
    rescan,
  };
}
