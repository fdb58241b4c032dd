// Problems reported by the store and the shared schemas, said in the rep's language. The store
// sends a code and parameters with every field error (zod's issue codes and Kehu's own); an error
// without a known code falls back to its English message.
import type { Locale } from './i18n.ts';
import { hasText, t } from './text.ts';

export interface ProblemLike {
  field?: string | undefined;
  message: string;
  code?: string | undefined;
  params?: Record<string, string | number> | undefined;
}

export function problemText(locale: Locale, p: ProblemLike): string {
  const params = p.params ?? {};
  const origin = String(params.origin ?? '');
  switch (p.code) {
    case 'too_small':
      if (origin === 'string') return Number(params.minimum) <= 1 ? t(locale, 'err.required') : t(locale, 'err.tooShort', params);
      if (origin === 'array') return t(locale, 'err.fewItems', params);
      return t(locale, 'err.tooSmall', params);
    case 'too_big':
      if (origin === 'string') return t(locale, 'err.tooLong', params);
      if (origin === 'array') return t(locale, 'err.manyItems', params);
      return t(locale, 'err.tooBig', params);
    case 'invalid_value':
      return t(locale, 'err.oneOf', { values: String(params.values ?? '') });
    case 'invalid_type':
      return t(locale, 'err.type');
    case 'invalid_format':
      if (p.field === 'currency') return t(locale, 'err.currency');
      return t(locale, 'err.format');
    default: {
      const key = `err.${p.code}`;
      if (p.code && hasText(key)) return t(locale, key, params);
      return p.message;
    }
  }
}

/** Field → message in the rep's language (several problems of one field joined). */
export function problemsByField(locale: Locale, problems: readonly ProblemLike[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const text = problemText(locale, p);
    const field = p.field ?? '';
    out[field] = out[field] ? `${out[field]}; ${text}` : text;
  }
  return out;
}

/**
 * A reason from the shared import mapper or the early-warning engine (English sentences), in the
 * rep's language where it is one of the common ones; otherwise as it is.
 */
export function reasonText(locale: Locale, reason: string): string {
  if (locale === 'en') return reason;
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^is required$/, () => t(locale, 'err.required')],
    [/^must not be empty$/, () => t(locale, 'err.required')],
    [/^"(.*)" is not a date/, (m) => t(locale, 'reason.notDate', { value: m[1]! })],
    [/^"(.*)" is not a number$/, (m) => t(locale, 'reason.notNumber', { value: m[1]! })],
    [/^"(.*)" is not a whole number$/, (m) => t(locale, 'reason.notWhole', { value: m[1]! })],
    [/^"(.*)" is not an email address$/, (m) => t(locale, 'err.not_email', { value: m[1]! })],
    [/^"(.*)" is not a domain$/, (m) => t(locale, 'err.not_domain', { value: m[1]! })],
    [/^"(.*)" is a free-mail domain/, (m) => t(locale, 'err.free_mail', { value: m[1]! })],
    [/^"(.*)" is not yes or no$/, (m) => t(locale, 'reason.notYesNo', { value: m[1]! })],
    [/^Invalid option: expected one of (.*)$/, (m) => t(locale, 'err.oneOf', { values: m[1]!.replace(/"/g, '') })],
    [/^not valid JSON/, () => t(locale, 'reason.json')],
    [/^each line must be one JSON object$/, () => t(locale, 'reason.json')],
    [/^a row needs customer_id or respondent_email$/, () => t(locale, 'reason.needsCustomer')],
    [
      /^"(.*)" is not one of (.*): read as "(.*)" \(the closest meaning\)$/,
      (m) => t(locale, 'reason.readAsClosest', { value: m[1]!, values: m[2]!, read: m[3]! }),
    ],
    [
      /^"(.*)" is not one of (.*): read as "(.*)"; the original is kept$/,
      (m) => t(locale, 'reason.readAsKept', { value: m[1]!, values: m[2]!, read: m[3]! }),
    ],
    [
      /^"(.*)" is not one of (.*): left empty \(the default applies\); the original is kept$/,
      (m) => t(locale, 'reason.leftEmptyKept', { value: m[1]!, values: m[2]! }),
    ],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(reason);
    if (m) return say(m);
  }
  return reason;
}
