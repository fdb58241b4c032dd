// The elements a badge lives in. The host sits in the page's DOM, where every page script can see
// it, so it carries nothing about the person: one neutral marker attribute (`data-kehu-badge`), the
// same inline style whoever it is for, and a closed shadow root that holds the badge itself (the
// page gets `null` for `host.shadowRoot`; only this module keeps the way in).
//
// The test build (scripts/build.mjs, KEHU_TEST_BUILD) opens the roots and labels hosts with the
// address and level, so end-to-end tests and axe can look inside; the shipped build never does.
import type { BadgeInfo } from '../api/methods/lookup.ts';
import { adoptStyles } from './badge.tsx';
import { attachShadow, createElement, setAttr, setInlineStyle } from './safe-dom.ts';

/** The one attribute a host carries in the shipped build. */
export const MARKER = 'data-kehu-badge';

export interface BadgeHost {
  host: HTMLElement;
  /** Where the badge renders, inside the host's shadow root. */
  mount: HTMLElement;
}

export interface BadgeHosts {
  make(style: string): BadgeHost;
  /** The mount of a host this overlay made (its closed root is out of reach otherwise). */
  mountOf(host: Node): HTMLElement | undefined;
  /** Whether a node is one of this overlay's hosts. */
  isOurs(node: Node): boolean;
  /** Test build only: the address and level as attributes (the shipped build sets nothing). */
  label(host: HTMLElement, info: BadgeInfo, kind: 'person' | 'page'): void;
}

/**
 * The host element's tag: a custom-element name unique to this page load. Not a `span`, so page
 * scripts that pick "the first span" of a row never pick a badge; and unpredictable, so a page
 * cannot define the name as its own custom element to hijack it.
 */
const HOST_TAG = `kehu-badge-${Math.random().toString(36).slice(2, 8)}`;

export function badgeHosts(doc: Document, { openForTests = false }: { openForTests?: boolean } = {}): BadgeHosts {
  const mounts = new WeakMap<Node, HTMLElement>();
  return {
    make(style) {
      const host = createElement(doc, HOST_TAG);
      setAttr(host, MARKER, '');
      setInlineStyle(host, style);
      const root = attachShadow(host, openForTests ? 'open' : 'closed');
      adoptStyles(root);
      const mount = createElement(doc, 'span');
      root.appendChild(mount);
      mounts.set(host, mount);
      return { host, mount };
    },
    mountOf: (host) => mounts.get(host),
    isOurs: (node) => mounts.has(node),
    label(host, info, kind) {
      if (!openForTests) return;
      if (kind === 'page') setAttr(host, 'data-kehu-page', '');
      setAttr(host, 'data-email', kind === 'page' ? '' : info.email);
      setAttr(host, 'data-level', info.level);
    },
  };
}
