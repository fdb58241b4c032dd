// Search across customers, contacts and domains. Names in Chinese and in Latin script are matched
// alike: text is compared after Unicode compatibility folding (full-width ＡＢＣ = ABC), case folding
// and stripping accents (Müller = muller); Latin words also match from their start ("wa" finds
// "Wei Wang"), Chinese anywhere inside ("贸易" finds "上海贸易有限公司"). Phone numbers match by
// their digits. The best matches come first.
import type { WarningLevel } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';

export interface SearchHit {
  customerId: string | null;
  customerName: string;
  level: WarningLevel | null;
  /** The contact that matched, when the hit came from a person. */
  contactId: string | null;
  contactName: string;
  /** What matched: shown under the name so the rep sees why. */
  matched: 'name' | 'domain' | 'tag' | 'contact' | 'email' | 'phone';
  detail: string;
  score: number;
}

/** Compatibility-fold, case-fold and strip accents; collapse spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const digits = (s: string) => s.replace(/\D+/g, '');

/** How well `text` matches the folded query: 0 none, higher better. */
export function matchScore(text: string | undefined, query: string): number {
  if (!text) return 0;
  const t = foldText(text);
  if (!t || !query) return 0;
  if (t === query) return 100;
  if (t.startsWith(query)) return 80;
  const at = t.indexOf(query);
  if (at === -1) return 0;
  // The start of a word (after a space, a dot, an @ or a hyphen) is a better match than the middle of one.
  const before = t[at - 1] ?? ' ';
  if (/[\s.@\-_(（]/.test(before)) return 60;
  // Inside a word counts for Chinese (no spaces between words) and for longer queries.
  return /\p{Script=Han}/u.test(query) || query.length >= 3 ? 40 : 0;
}

export async function searchPeople(db: KehuDb, rawQuery: string, limit = 20): Promise<SearchHit[]> {
  const query = foldText(rawQuery);
  if (!query) return [];
  const queryDigits = digits(rawQuery);
  const hits = new Map<string, SearchHit>();
  const levels = new Map<string, WarningLevel>();
  const names = new Map<string, string>();
  const keep = (key: string, hit: SearchHit) => {
    const have = hits.get(key);
    if (!have || have.score < hit.score) hits.set(key, hit);
  };

  await db.customers.each((c) => {
    if (c.deletedAt) return;
    names.set(c.id, c.name);
    let best: { score: number; matched: SearchHit['matched']; detail: string } = { score: 0, matched: 'name', detail: '' };
    const consider = (score: number, matched: SearchHit['matched'], detail: string) => {
      if (score > best.score) best = { score, matched, detail };
    };
    consider(matchScore(c.name, query) + 5, 'name', c.domains[0] ?? '');
    for (const d of c.domains) consider(matchScore(d, query), 'domain', d);
    for (const tag of c.tags) consider(matchScore(tag, query) / 2, 'tag', tag);
    if (best.score > 5) {
      keep(`c:${c.id}`, {
        customerId: c.id,
        customerName: c.name,
        level: null,
        contactId: null,
        contactName: '',
        matched: best.matched,
        detail: best.detail,
        score: best.score,
      });
    }
  });

  await db.contacts.each((p) => {
    if (p.deletedAt) return;
    let best: { score: number; matched: SearchHit['matched']; detail: string } = { score: 0, matched: 'contact', detail: '' };
    const consider = (score: number, matched: SearchHit['matched'], detail: string) => {
      if (score > best.score) best = { score, matched, detail };
    };
    consider(matchScore(p.name, query), 'contact', p.emails[0] ?? p.title ?? '');
    for (const e of p.emails) consider(matchScore(e, query), 'email', e);
    if (queryDigits.length >= 4) {
      for (const phone of p.phones) if (digits(phone).includes(queryDigits)) consider(50, 'phone', phone);
    }
    if (best.score > 0) {
      keep(`p:${p.id}`, {
        customerId: p.customerId,
        customerName: '',
        level: null,
        contactId: p.id,
        contactName: p.name,
        matched: best.matched,
        detail: best.detail,
        score: best.score,
      });
    }
  });

  const ranked = [...hits.values()]
    .sort((a, b) => b.score - a.score || (a.customerName || a.contactName).localeCompare(b.customerName || b.contactName))
    .slice(0, limit);
  const ids = [...new Set(ranked.map((h) => h.customerId).filter((id): id is string => !!id))];
  for (const a of await db.assessments.bulkGet(ids)) if (a) levels.set(a.customerId, a.level);
  for (const h of ranked) {
    if (h.customerId) {
      h.customerName = names.get(h.customerId) ?? '';
      h.level = levels.get(h.customerId) ?? 'none';
      // A contact of a deleted customer is shown as a person without a customer.
      if (!names.has(h.customerId)) h.customerId = null;
    }
  }
  return ranked;
}
