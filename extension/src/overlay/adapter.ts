// One interface for every site: "find the people on screen and where to anchor a badge".
// Adapters only read the DOM. A selector that finds nothing means no badge; an adapter never
// throws into the page (the overlay catches and ignores anything that goes wrong in one).
import { normaliseEmail } from '#shared/identity/email.ts';

/** Where the badge goes relative to its anchor. */
export type Placement = 'before' | 'after';

export interface FoundPerson {
  email: string;
  name: string;
  /** The element (or text node) the badge sits next to. */
  anchor: Node;
  placement: Placement;
  kind: 'sender' | 'recipient' | 'row' | 'link' | 'text';
}

/** A message of the thread open on screen: what contact logging records (never the body). */
export interface OpenMessage {
  messageId: string;
  threadId?: string | undefined;
  from: string;
  to: string[];
  subject: string;
  sentAt?: string | undefined;
  url: string;
}

export interface SiteAdapter {
  readonly name: 'gmail' | 'outlook' | 'page';
  /** Attribute changes that turn an element into another person (virtualised lists recycle rows). */
  readonly watchedAttributes: readonly string[];
  /** Whether text changes can reveal people (free text on web pages). */
  readonly watchText: boolean;
  /** People in a subtree that was just added or changed (the root itself included). */
  findPeople(root: Element | Document): FoundPerson[];
  /** The open thread's messages, for contact logging; none when no thread is open. */
  openMessages?(doc: Document): OpenMessage[];
  /** The rep's own address when the page shows it: no badge for oneself. */
  selfAddress?(doc: Document): string | null;
  /** Whether the page's own domain may get a page badge. */
  readonly pageBadge: boolean;
}

/** The root (if it matches) and its descendants that match. Never throws on a bad selector. */
export function within(root: Element | Document, selector: string): Element[] {
  try {
    const found = Array.from(root.querySelectorAll(selector));
    if (root.nodeType === 1 && (root as Element).matches(selector)) found.unshift(root as Element);
    return found;
  } catch {
    return [];
  }
}

/** The first address in a string: an attribute such as `email`, `title`, `aria-label` or `href`. */
export function addressIn(text: string | null | undefined): string | null {
  if (!text) return null;
  const direct = normaliseEmail(text);
  if (direct) return direct;
  const m = text.match(/[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}/);
  return m ? normaliseEmail(m[0]) : null;
}

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A date a page shows in an attribute, as an ISO instant; undefined when it cannot be read. */
export function readDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const cleaned = value.replace(/\u202f|\u00a0/g, ' ').replace(/\s+at\s+/i, ' ');
  const t = Date.parse(cleaned);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The page's address (the document's own, so adapters work on any document). */
export function pageUrl(doc: Document): string {
  return doc.location?.href ?? doc.URL ?? '';
}
