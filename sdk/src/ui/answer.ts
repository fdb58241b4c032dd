// From what the respondent entered to a checked Submission. No DOM here: the widget passes in
// its attributes, the page's language and the time, so that unit tests can drive every rule.
import { format, type Locale, pickLocale } from '../../../shared/src/i18n/locale.ts';
import type { ResponseKind, Submission } from '../../../shared/src/model/submission.ts';
import type { KehuConfig, Theme } from '../../kehu.d.ts';
import { FEEDBACK_TOPICS, isSurveyKind, SCALES, SURVEY_KINDS } from '../kinds.ts';
import type { MessageKey, Messages } from './messages.ts';

export interface Settings {
  /** null when the element's kind or topic attribute is missing or unknown. */
  kind: ResponseKind | null;
  endpoint?: string;
  siteKey?: string;
  locale: Locale;
  question?: string;
  purpose?: string;
  /** Who the site says is answering (attributes, else `init({respondent})`). */
  email?: string;
  name?: string;
  theme: Theme;
}

/** Attributes first, then `init()` config; the language falls back to `<html lang>`, then the browser. */
export function readSettings(
  tag: string,
  attr: (name: string) => string | null,
  config: KehuConfig,
  pageLang: string | null | undefined,
  browserLang: string | undefined,
): Settings {
  const kindAttr = attr(tag === 'kehu-survey' ? 'kind' : 'topic')?.trim() ?? '';
  const allowed: readonly string[] = tag === 'kehu-survey' ? SURVEY_KINDS : FEEDBACK_TOPICS;
  const theme = attr('theme') ?? config.theme;
  const pick = (name: string, fallback?: string) => attr(name)?.trim() || fallback?.trim() || undefined;
  return {
    kind: allowed.includes(kindAttr) ? (kindAttr as ResponseKind) : null,
    endpoint: pick('endpoint', config.endpoint),
    siteKey: pick('site-key', config.siteKey),
    locale: pickLocale(attr('locale') || config.locale || pageLang || browserLang),
    question: pick('question'),
    purpose: pick('purpose'),
    email: pick('respondent-email', config.respondent?.email),
    name: pick('respondent-name', config.respondent?.name),
    theme: theme === 'dark' || theme === 'auto' ? theme : 'light',
  };
}

/** What the respondent has entered so far. */
export interface Draft {
  score?: number;
  comment: string;
  email: string;
  name: string;
  consent: boolean;
  resolution?: string;
  reasons: string[];
  /** The honeypot: people never see it. */
  hp: string;
}

export const emptyDraft = (s: Settings): Draft => ({
  comment: '',
  email: s.email ?? '',
  name: s.name ?? '',
  consent: false,
  reasons: [],
  hp: '',
});

export type Field = 'score' | 'comment' | 'reasons' | 'email' | 'name' | 'consent' | 'form';
/** A message key and its parameters, localised when shown (so a locale change re-translates it). */
export type Problem = [MessageKey, Record<string, string | number>?];
export type Problems = Partial<Record<Field, Problem>>;

export const LIMITS = { comment: 5000, email: 254, name: 200 };
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The checks a respondent can fix, in the order the fields appear. */
export function check(kind: ResponseKind, d: Draft, askContact: boolean): Problems {
  const p: Problems = {};
  const comment = d.comment.trim();
  if (isSurveyKind(kind)) {
    if (d.score === undefined) p.score = ['error.score'];
  } else if (kind === 'exit') {
    if (!comment && d.reasons.length === 0) p.reasons = ['error.exit'];
  } else if (!comment) p.comment = ['error.text'];
  if (comment.length > LIMITS.comment) p.comment = ['error.long', { max: LIMITS.comment }];
  if (askContact) {
    const email = d.email.trim();
    if (email && (email.length > LIMITS.email || !EMAIL.test(email))) p.email = ['error.email'];
    if (d.name.trim().length > LIMITS.name) p.name = ['error.long', { max: LIMITS.name }];
    if ((email || d.name.trim()) && !d.consent) p.consent = ['error.consent'];
  }
  return p;
}

export interface Meta {
  clientId: string;
  now: Date;
  elapsedMs: number;
  /** The page's address without query and fragment: those often carry tokens or personal data. */
  pageUrl: string;
}

/**
 * The submission for a draft that passed `check`. Contact details go only with consent: for a
 * survey the site-supplied respondent is attached only when the respondent ticks the box.
 */
export function build(kind: ResponseKind, d: Draft, s: Settings, m: Meta): Submission {
  const sub: Submission = {
    clientId: m.clientId,
    kind,
    pageUrl: m.pageUrl,
    locale: s.locale,
    elapsedMs: Math.max(0, Math.round(m.elapsedMs)),
    submittedAt: m.now.toISOString(),
  };
  if (isSurveyKind(kind)) sub.score = d.score;
  const comment = d.comment.trim();
  if (comment) sub.comment = comment;
  if (kind === 'complaint' && d.resolution) sub.answers = { resolution: d.resolution };
  if (kind === 'exit' && d.reasons.length) sub.answers = { reasons: d.reasons };
  // A survey's respondent comes from the site, which the respondent cannot correct: leave out
  // what would make the whole answer invalid instead of refusing it.
  let email = d.email.trim();
  if (email.length > LIMITS.email || !EMAIL.test(email)) email = '';
  const name = d.name.trim().slice(0, LIMITS.name);
  if (d.consent && (email || name)) {
    sub.respondent = { consent: true };
    if (email) sub.respondent.email = email;
    if (name) sub.respondent.name = name;
  }
  if (d.hp) sub.hp = d.hp;
  return sub;
}

export const say = (m: Messages, [key, params]: Problem | [MessageKey]): string => format(m[key], params);

/** The scale's values and their labels (NPS labels only its two ends). */
export function scale(kind: 'nps' | 'csat' | 'ces', m: Messages): { value: number; label: string }[] {
  const { min, max } = SCALES[kind];
  const labels = m[`labels.${kind}`].split('|');
  return labels.slice(0, max - min + 1).map((label, i) => ({ value: min + i, label }));
}

// Abuse checks. The collector enforces its own limits too; these keep most bots and loops away.
const LIMIT_KEY = 'kehu:limit:v1';

/** How many answers this browser has sent today (UTC day), from storage that may hold anything. */
export function sentToday(storage: Pick<Storage, 'getItem'>, now: Date): number {
  try {
    const v = JSON.parse(storage.getItem(LIMIT_KEY) ?? 'null');
    return v && v.day === now.toISOString().slice(0, 10) && Number.isInteger(v.n) ? v.n : 0;
  } catch {
    return 0;
  }
}

export function countSent(storage: Pick<Storage, 'getItem' | 'setItem'>, now: Date): void {
  try {
    storage.setItem(LIMIT_KEY, JSON.stringify({ day: now.toISOString().slice(0, 10), n: sentToday(storage, now) + 1 }));
  } catch {
    // Storage blocked: the collector's own limits still apply.
  }
}

/** `spam`: the honeypot is filled (dropped); `suspect`: faster than `minFillMs` (sent, flagged). */
export type Verdict = 'ok' | 'spam' | 'limit' | 'suspect';

export function guard(sub: Submission, storage: Pick<Storage, 'getItem'>, now: Date, config: KehuConfig): Verdict {
  if (sub.hp) return 'spam';
  if (sentToday(storage, now) >= (config.dailyLimit ?? 20)) return 'limit';
  if ((sub.elapsedMs ?? 0) < (config.minFillMs ?? 1500)) return 'suspect';
  return 'ok';
}
