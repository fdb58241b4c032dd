// The page badge: when the site itself belongs to a customer (its domain is one of theirs), one
// badge fixed in the corner of the page says so. Refreshed when the overlay starts and whenever
// the extension's data changes.
import type { ApiClient } from '../api/client.ts';
import type { Locale } from '../ui/i18n.ts';
import type { SiteAdapter } from './adapter.ts';
import { type BadgeActions, renderBadge } from './badge.tsx';
import type { BadgeHost, BadgeHosts } from './badge-host.ts';
import { detach, PAGE_HOST_STYLE } from './safe-dom.ts';

export interface PageBadgeOptions {
  api: Pick<ApiClient, 'lookupHost'>;
  adapter: Pick<SiteAdapter, 'name' | 'pageBadge'>;
  doc: Document;
  hosts: BadgeHosts;
  actions: BadgeActions;
  locale(): Locale;
  /** False once the overlay stopped: late answers are dropped. */
  active(): boolean;
}

export interface PageBadge {
  /** Look the page's host up again and show, update or remove the badge. */
  refresh(): void;
  /** Whether the badge is on the page. */
  shown(): boolean;
  remove(): void;
}

export function createPageBadge(options: PageBadgeOptions): PageBadge {
  const { api, adapter, doc, hosts } = options;
  let slot: BadgeHost | null = null;

  function remove(): void {
    if (slot) detach(slot.host);
    slot = null;
  }

  return {
    refresh() {
      if (!adapter.pageBadge || !options.active()) return;
      const hostname = doc.defaultView?.location.hostname ?? '';
      api.lookupHost({ host: hostname }).then(
        (info) => {
          if (!options.active()) return;
          if (!info) return remove();
          if (!slot) {
            slot = hosts.make(PAGE_HOST_STYLE);
            (doc.body ?? doc.documentElement).appendChild(slot.host);
          }
          hosts.label(slot.host, info, 'page');
          renderBadge(slot.mount, {
            info,
            name: info.name,
            locale: options.locale(),
            actions: options.actions,
            page: true,
            cardOnHover: adapter.name !== 'page',
          });
        },
        () => {},
      );
    },
    shown: () => slot?.host.isConnected ?? false,
    remove,
  };
}
