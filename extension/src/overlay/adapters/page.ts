// Any web page, when the rep has turned this on: `mailto:` links and addresses written in the
// page's text. Text nodes are never split or changed (page scripts may hold them): the badge goes
// right after the text node that contains the address. Editable areas, scripts and styles are skipped.
import { findEmailsInText } from '#shared/identity/email.ts';
import { type FoundPerson, type SiteAdapter, addressIn, text, within } from '../adapter.ts';

const SKIP =
  'script, style, noscript, textarea, input, select, option, template, svg, [contenteditable=""], [contenteditable="true"]';
/** A page with thousands of addresses gets badges on the first ones only. */
export const MAX_TEXT_MATCHES = 500;

function textPeople(root: Element | Document): FoundPerson[] {
  const out: FoundPerson[] = [];
  const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
  const start = root.nodeType === 9 ? (root as Document).body : (root as Element);
  if (!start || !doc) return out;
  const walker = doc.createTreeWalker(start, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && out.length < MAX_TEXT_MATCHES; node = walker.nextNode()) {
    const value = node.nodeValue;
    if (!value || value.indexOf('@') === -1) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP) || parent.closest('a[href^="mailto:" i]')) continue;
    // One badge per text node: the first address in it.
    const email = findEmailsInText(value)[0];
    if (email) out.push({ email, name: '', anchor: node, placement: 'after', kind: 'text' });
  }
  return out;
}

export const page: SiteAdapter = {
  name: 'page',
  watchedAttributes: ['href'],
  watchText: true,
  pageBadge: true,
  findPeople(root) {
    const out: FoundPerson[] = [];
    for (const a of within(root, 'a[href^="mailto:" i]')) {
      if (a.closest(SKIP)) continue;
      const email = addressIn(a.getAttribute('href'));
      if (email) out.push({ email, name: text(a), anchor: a, placement: 'after', kind: 'link' });
    }
    out.push(...textPeople(root));
    return out;
  },
};
