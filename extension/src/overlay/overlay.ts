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
import type { ApiClient } from '../api/client.ts';
import type { BadgeInfo, CardView } from '../api/methods/lookup.ts';
import type { Locale } from '../ui/i18n.ts';
import type { FoundPerson, OpenMessage, SiteAdapter } from './adapter.ts';
import { type BadgeActions, adoptStyles, renderBadge, unmountBadge } from './badge.tsx';
import {
  attachOpenShadow,
  createElement,
  detach,
  HOST_STYLE,
  PAGE_HOST_STYLE,
  place,
  setAttr,
  setInlineStyle,
} from './safe-dom.ts';

export type OverlayApi = Pick<ApiClient, 'lookupMany' | 'lookupHost' | 'card' | 'addSender' | 'openCustomer' | 'logEmails'>;

export type DataChange = { customerIds: string[] } | { all: true };

export interface OverlayOptions {
  api: OverlayApi;
  doc?: Document;
  locale: () => Locale;
  /** Subscribe to data changes made anywhere in the extension; returns an unsubscribe. */
  onDataChange?: (listener: (change: DataChange) => void) => () => void;
  /** Wait after the last change before looking at the open thread (it renders in steps). */
  threadSettleMs?: number;
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

/**
 * The host element's tag: a custom-element name unique to this page load. Not a `span`, so page
 * scripts that pick "the first span" of a row never pick a badge; and unpredictable, so a page
 * cannot define the name as its own custom element to hijack it.
 */
const HOST_TAG = `kehu-badge-${Math.random().toString(36).slice(2, 8)}`;

/** Render for at most this long in one go, then continue in a new task. */
const SLICE_MS = 6;
const LOOKUP_CHUNK = 250;

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
  const ours = new WeakSet<Node>();
  const owner = new WeakMap<Node, Slot>();
  const cache = new Map<string, BadgeInfo>();
  const inflight = new Set<string>();
  const wanted = new Set<string>();
  const renderQueue = new Set<Slot>();
  const loggedIds = new Set<string>();
  const stats: OverlayStats = {
    observing: false,
    scans: 0,
    scansWhileHidden: 0,
    lookupMessages: 0,
    badges: 0,
    loggedMessages: 0,
  };
  let dirtyWhileHidden = false;
  let sliceTimer = 0;
  let threadTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let self: string | null = null;
  let pageSlot: { host: HTMLElement; mount: HTMLElement; info: BadgeInfo } | null = null;

  const hidden = () => doc.visibilityState === 'hidden';
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
      if (p.email === self || ours.has(p.anchor)) continue;
      let slot = slots.get(p.anchor);
      if (!slot) {
        slot = { anchor: p.anchor, placement: p.placement, email: p.email, name: p.name, host: null, mount: null, rendered: '' };
        slots.set(p.anchor, slot);
      } else if (slot.email !== p.email) {
        slot.email = p.email; // a recycled row: same element, another person
        slot.name = p.name;
      }
      if (cache.has(p.email)) renderQueue.add(slot);
      else wanted.add(p.email);
    }
  }

  function onMutations(records: MutationRecord[]): void {
    if (stopped) return;
    const roots = new Set<Element>();
    let pageChanged = false;
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of Array.from(r.removedNodes)) if (!ours.has(n)) pageChanged = true;
        for (const n of Array.from(r.addedNodes)) {
          if (ours.has(n)) continue;
          if (n.nodeType === 1) roots.add(n as Element);
          else if (n.nodeType === 3 && adapter.watchText && n.parentElement) roots.add(n.parentElement);
        }
      } else if (r.type === 'attributes' && r.target.nodeType === 1 && !ours.has(r.target)) {
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

  // ---- lookups, cached per address ----

  function flush(): void {
    prune();
    lookup();
    pump();
    scheduleThreadCheck();
  }

  function lookup(): void {
    const emails = [...wanted].filter((e) => !inflight.has(e));
    wanted.clear();
    for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
      const chunk = emails.slice(i, i + LOOKUP_CHUNK);
      for (const e of chunk) inflight.add(e);
      stats.lookupMessages++;
      api.lookupMany({ emails: chunk }).then(
        (results) => {
          for (const e of chunk) inflight.delete(e);
          if (stopped) return;
          for (const info of results) cache.set(info.email, info);
          const got = new Set(chunk);
          for (const slot of slots.values()) if (got.has(slot.email)) renderQueue.add(slot);
          pump();
        },
        () => {
          // The extension was reloaded or the worker failed: no badge rather than a broken page.
          for (const e of chunk) inflight.delete(e);
        },
      );
    }
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
    const info = cache.get(slot.email);
    if (!info || !slot.anchor.isConnected || slots.get(slot.anchor) !== slot) return;
    if (!slot.host?.isConnected) {
      // A badge left beside this anchor by an earlier render of the page is taken over, not doubled.
      const beside = slot.placement === 'after' ? slot.anchor.nextSibling : slot.anchor.previousSibling;
      const orphan = beside && ours.has(beside) && !owner.get(beside)?.anchor.isConnected ? (beside as HTMLElement) : null;
      if (orphan?.shadowRoot) {
        slot.host = orphan;
        slot.mount = orphan.shadowRoot.lastElementChild as HTMLElement;
        slot.rendered = '';
      } else {
        const made = makeHost(HOST_STYLE);
        slot.host = made.host;
        slot.mount = made.mount;
        slot.rendered = '';
        if (!place(made.host, slot.anchor, slot.placement)) return;
        stats.badges++;
      }
      owner.set(slot.host, slot);
    } else if (!adjacent(slot, slot.host)) {
      place(slot.host, slot.anchor, slot.placement);
    }
    const locale = options.locale();
    const key = `${info.email}|${info.level}|${info.name}|${info.customerId}|${locale}`;
    if (key === slot.rendered) return;
    slot.rendered = key;
    setAttr(slot.host, 'data-email', info.email);
    setAttr(slot.host, 'data-level', info.level);
    if (slot.mount) renderBadge(slot.mount, { info, name: slot.name, locale, actions });
  }

  function makeHost(style: string): { host: HTMLElement; mount: HTMLElement } {
    const host = createElement(doc, HOST_TAG);
    setAttr(host, 'data-kehu-badge', '');
    setInlineStyle(host, style);
    const root = attachOpenShadow(host);
    adoptStyles(root);
    const mount = createElement(doc, 'span');
    root.appendChild(mount);
    ours.add(host);
    return { host, mount };
  }

  function removeSlot(slot: Slot): void {
    if (slot.host) {
      if (slot.mount) unmountBadge(slot.mount);
      detach(slot.host);
      stats.badges--;
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
        .catch(() => {});
    },
    async add(info, name) {
      const updated = await api.addSender({ email: info.email, ...(name ? { name: name.slice(0, 200) } : {}) });
      cache.set(updated.email, updated);
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

  // ---- the page's own domain ----

  function refreshPageBadge(): void {
    if (!adapter.pageBadge || stopped) return;
    api.lookupHost({ host: win.location.hostname }).then(
      (info) => {
        if (stopped) return;
        if (!info) {
          if (pageSlot) {
            detach(pageSlot.host);
            pageSlot = null;
          }
          return;
        }
        if (!pageSlot) {
          const made = makeHost(PAGE_HOST_STYLE);
          setAttr(made.host, 'data-kehu-page', '');
          (doc.body ?? doc.documentElement).appendChild(made.host);
          pageSlot = { ...made, info };
        }
        pageSlot.info = info;
        setAttr(pageSlot.host, 'data-email', '');
        setAttr(pageSlot.host, 'data-level', info.level);
        renderBadge(pageSlot.mount, { info, name: info.name, locale: options.locale(), actions, page: true });
      },
      () => {},
    );
  }

  // ---- contact logging ----

  function scheduleThreadCheck(): void {
    if (!adapter.openMessages) return;
    clearTimeout(threadTimer);
    threadTimer = setTimeout(checkThread, options.threadSettleMs ?? 400);
  }

  function checkThread(): void {
    if (stopped || hidden() || !adapter.openMessages) return;
    const messages = safely(() => adapter.openMessages!(doc), [] as OpenMessage[]).filter((m) => !loggedIds.has(m.messageId));
    if (messages.length === 0) return;
    for (const m of messages) loggedIds.add(m.messageId);
    stats.loggedMessages += messages.length;
    const source = adapter.name === 'outlook' ? 'outlook' : 'gmail';
    api
      .logEmails({
        messages: messages.map((m) => ({
          source,
          messageId: m.messageId,
          ...(m.threadId ? { threadId: m.threadId } : {}),
          from: m.from,
          to: m.to,
          subject: m.subject,
          ...(m.sentAt ? { sentAt: m.sentAt } : {}),
          url: m.url,
        })),
      })
      .catch(() => {
        for (const m of messages) loggedIds.delete(m.messageId); // try again next time the thread shows
      });
  }

  // ---- data changes and visibility ----

  function onDataChange(change: DataChange): void {
    if ('all' in change) cache.clear();
    else {
      const ids = new Set(change.customerIds);
      for (const [email, info] of cache) {
        if (info.level === 'unknown' || (info.customerId && ids.has(info.customerId))) cache.delete(email);
      }
    }
    if (hidden()) {
      dirtyWhileHidden = true;
      return;
    }
    refreshAll();
  }

  function refreshAll(): void {
    for (const slot of slots.values()) {
      if (!cache.has(slot.email)) wanted.add(slot.email);
      else renderQueue.add(slot);
    }
    flush();
    refreshPageBadge();
  }

  function onVisibility(): void {
    if (stopped) return;
    if (hidden()) {
      unobserve();
      clearTimeout(threadTimer);
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
    refreshPageBadge();
  } else {
    dirtyWhileHidden = true;
  }

  return {
    stop() {
      stopped = true;
      unobserve();
      unsubscribe();
      clearTimeout(threadTimer);
      if (sliceTimer) win.clearTimeout(sliceTimer);
      doc.removeEventListener('visibilitychange', onVisibility);
      for (const slot of [...slots.values()]) removeSlot(slot);
      if (pageSlot) detach(pageSlot.host);
    },
    stats: () => ({ ...stats, badges: slots.size }),
    rescan,
  };
}
