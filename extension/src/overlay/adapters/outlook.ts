// Outlook on the web. It has no public markup snapshots; public extensions find the reading pane
// by `[data-app-section="MailReadCompose"]`, `#ReadingPaneContainerId` or a region labelled
// "Reading…", the header by `[data-automationid="MessageHeader"]`, an address in `title`,
// `aria-label` or a `mailto:` link, and the conversation id on `data-convid`. Message-list rows
// are `[data-convid]` options. The message body is never read: only the header.
import { type FoundPerson, type OpenMessage, type SiteAdapter, addressIn, pageUrl, readDate, text, within } from '../adapter.ts';

const READING_PANE = '[data-app-section="MailReadCompose"], #ReadingPaneContainerId, [role="region"][aria-label^="Reading" i]';
const HEADER = '[data-automationid="MessageHeader"]';
const ADDRESS = 'a[href^="mailto:" i], [title*="@"], [aria-label*="@"]';
const LIST_ROW = '[role="option"][data-convid], [role="listbox"] [data-convid]';

function addressOf(el: Element): string | null {
  return addressIn(el.getAttribute('href')) ?? addressIn(el.getAttribute('title')) ?? addressIn(el.getAttribute('aria-label'));
}

/** Innermost address-bearing elements only: a wrapper and its child naming the same address get one badge. */
function peopleIn(container: Element, kind: (i: number) => FoundPerson['kind']): FoundPerson[] {
  const out: FoundPerson[] = [];
  const els = within(container, ADDRESS).filter((el) => !el.querySelector(ADDRESS));
  els.forEach((el, i) => {
    const email = addressOf(el);
    if (email)
      out.push({
        email,
        name: text(el)
          .replace(/<[^>]*>/g, '')
          .trim(),
        anchor: el,
        placement: 'after',
        kind: kind(i),
      });
  });
  return out;
}

function headersIn(root: Element | Document): Element[] {
  const headers = within(root, HEADER);
  if (headers.length > 0) return headers;
  // Inside a header that changed: climb to it.
  const up = root.nodeType === 1 ? (root as Element).closest(HEADER) : null;
  return up ? [up] : [];
}

export const outlook: SiteAdapter = {
  name: 'outlook',
  watchedAttributes: ['title', 'aria-label', 'href'],
  watchText: false,
  pageBadge: false,
  findPeople(root) {
    const out: FoundPerson[] = [];
    for (const header of headersIn(root)) out.push(...peopleIn(header, (i) => (i === 0 ? 'sender' : 'recipient')));
    const rows = within(root, LIST_ROW);
    const inRow = root.nodeType === 1 ? (root as Element).closest(LIST_ROW) : null;
    if (inRow && !rows.includes(inRow)) rows.push(inRow);
    for (const row of rows) {
      const first = peopleIn(row, () => 'row')[0];
      if (first) out.push(first);
    }
    return out;
  },
  openMessages(doc) {
    const pane = doc.querySelector(READING_PANE);
    if (!pane) return [];
    const convid =
      pane.querySelector('[data-convid]')?.getAttribute('data-convid') ?? pane.getAttribute('data-convid') ?? undefined;
    const subject = text(pane.querySelector('[role="heading"]'));
    const out: OpenMessage[] = [];
    const seen = new Set<string>();
    for (const header of Array.from(pane.querySelectorAll(HEADER))) {
      const people = peopleIn(header, () => 'sender');
      const from = people[0]?.email;
      if (!from) continue;
      const when = header.querySelector('[data-testid="SentReceivedSavedTime"], time');
      const sentAt = readDate(when?.getAttribute('datetime') ?? when?.getAttribute('title') ?? text(when));
      // Outlook shows no message id in the page: the conversation, the sender and the time identify a message.
      const messageId = header.getAttribute('data-itemid') ?? `${convid ?? subject}|${from}|${sentAt ?? text(when)}`;
      if (seen.has(messageId)) continue;
      seen.add(messageId);
      out.push({
        messageId,
        threadId: convid,
        from,
        to: people.slice(1).map((p) => p.email),
        subject,
        sentAt,
        url: pageUrl(doc),
      });
    }
    return out;
  },
};
