// Search across customers, contacts and domains. Names in Chinese and in Latin script are matched
// alike: text is compared after Unicode compatibility folding (full-width ＡＢＣ = ABC), case folding
// and stripping accents (Müller = muller); Latin words also match from their start ("wa" finds
// "Wei Wang"), Chinese anywhere inside ("贸易" finds "上海贸易有限公司"). Chinese names are found by
// their pinyin too, as reps type them: the syllables ("huawei", "shanghai maoyi") or their initials
// ("hw", "shmy"); pinyin-pro gives the readings, polyphones by context (重庆 = chongqing). Phone
// numbers match by their digits. The best matches come first.
import { pinyin } from 'pinyin-pro';
import type { WarningLevel } from '#shared/model/index.ts';
import { SYNC_APPLIED_KEY } from './meta-keys.ts';
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
  return text ? matchFolded(foldText(text), query) : 0;
}

/** The same, for text folded already. */
function matchFolded(t: string, query: string): number {
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

type Matched = SearchHit['matched'];

const HAN = /\p{Script=Han}/u;
/** Readings already worked out, by name: an index rebuilt after an edit does not convert every name again. */
const pinyinMemo = new Map<string, PinyinForms>();
const PINYIN_MEMO_MAX = 400_000;

/**
 * A Chinese name's pinyin without tones, ü as v: the syllables run together ("shanghaimaoyi"), where
 * each syllable starts, and the initials ("shmy").
 */
export type PinyinForms = { syllables: string; starts: number[]; initials: string };

/** The pinyin of the Chinese characters in `text`, or null when it has none. */
export function pinyinForms(text: string): PinyinForms | null {
  if (!HAN.test(text)) return null;
  let forms = pinyinMemo.get(text);
  if (!forms) {
    const readings = pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter((r) =>
      /^[a-z]+$/.test(r),
    );
    const starts: number[] = [];
    let at = 0;
    for (const r of readings) {
      starts.push(at);
      at += r.length;
    }
    forms = { syllables: readings.join(''), starts, initials: readings.map((r) => r[0]).join('') };
    if (pinyinMemo.size >= PINYIN_MEMO_MAX) pinyinMemo.clear();
    pinyinMemo.set(text, forms);
  }
  return forms;
}

/**
 * How well a Latin query (spaces dropped) matches a name's pinyin, a little below a match of the
 * name itself: the whole name, its start, or a syllable's start ("maoyi" in 上海贸易, not "ai" in
 * 上海); initials from the start, or three or more from inside.
 */
export function pinyinScore(forms: PinyinForms, query: string): number {
  const { syllables, starts, initials } = forms;
  let best = 0;
  if (syllables === query || initials === query) best = 100;
  else if (syllables.startsWith(query) || initials.startsWith(query)) best = 80;
  else if (starts.some((at) => syllables.startsWith(query, at))) best = 60;
  else if (query.length >= 3 && initials.includes(query)) best = 40;
  return best === 0 ? 0 : best - 20;
}

/** One searchable text of a record: folded once when the index is built. */
interface Field {
  folded: string;
  raw: string;
  matched: Matched;
  /** Score added to (or multiplied into) a match of this field. */
  bonus: number;
  half: boolean;
}

interface Entry {
  customerId: string | null;
  contactId: string | null;
  /** The contact's name (a customer's name is in `names`). */
  contactName: string;
  fields: Field[];
  /** Phone numbers: digits and as written. */
  phones: [string, string][];
  /** Shown when a name matched: the first domain or address. */
  detail: string;
  /** The pinyin of the customer's or the contact's name, when it is Chinese. */
  pinyin: PinyinForms | null;
}

interface SearchIndex {
  version: string;
  builtAt: number;
  entries: Entry[];
  names: Map<string, string>;
}

/** One index per open database (tests open many). */
const indexes = new WeakMap<KehuDb, SearchIndex>();
/** Rebuild at least this often even without local changes (records pulled by sync, say). */
const MAX_AGE_MS = 5 * 60_000;

/**
 * What changes when the searchable records change: the outbox position, the table sizes, and the
 * count of applied pulls (pulled records leave no outbox rows).
 */
async function storeVersion(db: KehuDb): Promise<string> {
  const [last, customers, contacts, pulled] = await Promise.all([
    db.changes.orderBy('seq').last(),
    db.customers.count(),
    db.contacts.count(),
    db.meta.get(SYNC_APPLIED_KEY),
  ]);
  return `${last?.seq ?? 0}:${customers}:${contacts}:${String(pulled?.value ?? 0)}`;
}

/**
 * The searchable text of every live customer and contact, folded once and kept while the store does
 * not change, so typing a query costs a pass over short strings, not a read of every record.
 */
async function searchIndex(db: KehuDb): Promise<SearchIndex> {
  const version = await storeVersion(db);
  const cached = indexes.get(db);
  if (cached && cached.version === version && Date.now() - cached.builtAt < MAX_AGE_MS) return cached;
  const entries: Entry[] = [];
  const names = new Map<string, string>();
  await db.customers.each((c) => {
    if (c.deletedAt) return;
    names.set(c.id, c.name);
    const fields: Field[] = [{ folded: foldText(c.name), raw: c.name, matched: 'name', bonus: 5, half: false }];
    for (const d of c.domains) fields.push({ folded: d, raw: d, matched: 'domain', bonus: 0, half: false });
    for (const tag of c.tags) fields.push({ folded: foldText(tag), raw: tag, matched: 'tag', bonus: 0, half: true });
    entries.push({
      customerId: c.id,
      contactId: null,
      contactName: '',
      fields,
      phones: [],
      detail: c.domains[0] ?? '',
      pinyin: pinyinForms(c.name),
    });
  });
  await db.contacts.each((p) => {
    if (p.deletedAt) return;
    const fields: Field[] = [{ folded: foldText(p.name), raw: p.name, matched: 'contact', bonus: 0, half: false }];
    for (const e of p.emails) fields.push({ folded: e, raw: e, matched: 'email', bonus: 0, half: false });
    entries.push({
      customerId: p.customerId,
      contactId: p.id,
      contactName: p.name,
      fields,
      phones: p.phones.map((x) => [digits(x), x]),
      detail: p.emails[0] ?? p.title ?? '',
      pinyin: pinyinForms(p.name),
    });
  });
  const index = { version, builtAt: Date.now(), entries, names };
  indexes.set(db, index);
  return index;
}

export async function searchPeople(db: KehuDb, rawQuery: string, limit = 20): Promise<SearchHit[]> {
  const query = foldText(rawQuery);
  if (!query) return [];
  const queryDigits = digits(rawQuery);
  // A query of Latin letters may be pinyin: "shanghai maoyi" is matched as "shanghaimaoyi".
  const pinyinQuery = /^[a-z ]+$/.test(query) ? query.replace(/ /g, '') : null;
  const { entries, names } = await searchIndex(db);
  const hits: SearchHit[] = [];
  for (const e of entries) {
    let score = 0;
    let matched: Matched = e.contactId ? 'contact' : 'name';
    let detail = e.detail;
    for (const f of e.fields) {
      const m = matchFolded(f.folded, query);
      if (m === 0) continue;
      const s = f.half ? m / 2 : m + f.bonus;
      if (s > score) {
        score = s;
        matched = f.matched;
        detail = f.matched === 'name' || f.matched === 'contact' ? e.detail : f.raw;
      }
    }
    if (pinyinQuery && e.pinyin) {
      const m = pinyinScore(e.pinyin, pinyinQuery);
      if (m > score) {
        score = m;
        matched = e.contactId ? 'contact' : 'name';
        detail = e.detail;
      }
    }
    if (queryDigits.length >= 4) {
      for (const [d, raw] of e.phones) {
        if (50 > score && d.includes(queryDigits)) {
          score = 50;
          matched = 'phone';
          detail = raw;
        }
      }
    }
    // A customer must match better than by a tag alone inside a word.
    if (score <= (e.contactId ? 0 : 5)) continue;
    hits.push({
      customerId: e.customerId,
      customerName: e.customerId ? (names.get(e.customerId) ?? '') : '',
      level: null,
      contactId: e.contactId,
      contactName: e.contactName,
      matched,
      detail,
      score,
    });
  }
  const ranked = hits
    .sort((a, b) => b.score - a.score || (a.contactName || a.customerName).localeCompare(b.contactName || b.customerName))
    .slice(0, limit);
  const ids = [...new Set(ranked.map((h) => h.customerId).filter((id): id is string => !!id))];
  const levels = new Map<string, WarningLevel>();
  for (const a of await db.assessments.bulkGet(ids)) if (a) levels.set(a.customerId, a.level);
  for (const h of ranked) {
    if (!h.customerId) continue;
    // A contact of a deleted customer is shown as a person without a customer.
    if (!names.has(h.customerId)) {
      h.customerId = null;
      continue;
    }
    h.level = levels.get(h.customerId) ?? 'none';
  }
  return ranked;
}
