// Gmail. Selectors that public Gmail tooling relies on (InboxSDK, gmail.js); see
// tests/fixtures/webmail/README.md. The open thread: sender `span.gD[email]`, recipients
// `span.g2[email]`, subject `h2.hP`, thread id `[data-legacy-thread-id]` (else
// `[data-thread-perm-id]`), message `[data-message-id]`. The list: rows `tr.zA` with
// `span.zF[email]` (unread) or `span.yP[email]` (read). Classic Gmail (2014) uses the same
// `[email]` attributes.
import { type FoundPerson, type OpenMessage, type SiteAdapter, addressIn, pageUrl, readDate, text, within } from '../adapter.ts';

const SENDER = 'span.gD[email]';
const RECIPIENT = 'span.g2[email]';
const ROW_PERSON = 'tr.zA span.zF[email], tr.zA span.yP[email]';
const MESSAGE = '[data-message-id]';

function person(el: Element, kind: FoundPerson['kind'], placement: FoundPerson['placement']): FoundPerson | null {
  const email = addressIn(el.getAttribute('email'));
  if (!email) return null;
  return { email, name: el.getAttribute('name') || text(el), anchor: el, placement, kind };
}

function threadId(doc: Document): string | undefined {
  const legacy = doc.querySelector('[data-legacy-thread-id]')?.getAttribute('data-legacy-thread-id');
  if (legacy) return legacy;
  const perm = doc.querySelector('[data-thread-perm-id]')?.getAttribute('data-thread-perm-id');
  // Some Workspace accounts carry the literal string "undefined" here.
  return perm && perm !== 'undefined' ? perm : undefined;
}

export const gmail: SiteAdapter = {
  name: 'gmail',
  watchedAttributes: ['email'],
  watchText: false,
  pageBadge: false,
  findPeople(root) {
    const out: FoundPerson[] = [];
    for (const el of within(root, SENDER)) {
      const p = person(el, 'sender', 'after');
      if (p) out.push(p);
    }
    for (const el of within(root, RECIPIENT)) {
      const p = person(el, 'recipient', 'after');
      if (p) out.push(p);
    }
    // One badge per person per row; `.afn` is the row's summary for screen readers, not shown.
    const seen = new Map<Element, Set<string>>();
    for (const el of within(root, ROW_PERSON)) {
      if (el.closest('.afn')) continue;
      const p = person(el, 'row', 'before');
      const row = el.closest('tr.zA');
      if (!p || !row) continue;
      const emails = seen.get(row) ?? new Set<string>();
      seen.set(row, emails);
      if (emails.has(p.email)) continue;
      emails.add(p.email);
      out.push(p);
    }
    return out;
  },
  openMessages(doc) {
    const subjectEl = doc.querySelector('h2.hP');
    if (!subjectEl) return [];
    const subject = text(subjectEl);
    const thread = threadId(doc);
    const here = pageUrl(doc);
    // A stable link to the thread, whatever view (inbox, label, search) it was opened from.
    const url = thread ? `${here.replace(/#.*$/, '')}#all/${thread}` : here;
    const out: OpenMessage[] = [];
    for (const msg of Array.from(doc.querySelectorAll(MESSAGE))) {
      const id = msg.getAttribute('data-legacy-message-id') || msg.getAttribute('data-message-id');
      const sender = msg.querySelector(SENDER);
      const from = addressIn(sender?.getAttribute('email'));
      if (!id || !from) continue;
      const to = Array.from(msg.querySelectorAll(RECIPIENT))
        .map((r) => addressIn(r.getAttribute('email')))
        .filter((e): e is string => !!e);
      const dateEl = msg.querySelector('span.g3[title], span.g3');
      out.push({ messageId: id, threadId: thread, from, to, subject, sentAt: readDate(dateEl?.getAttribute('title')), url });
    }
    return out;
  },
  selfAddress(doc) {
    // "Inbox (3) - rep@company.com - Gmail"
    const m = doc.title.match(/ - ([^\s]+@[^\s]+) - /);
    return m ? addressIn(m[1]) : null;
  },
};
