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
 * An error thrown by a page's call (a file that cannot be imported at all, a refused change), in the
 * rep's language where it is one of zod's common sentences; otherwise as it is. Import rows are said
 * from their codes (shared/src/i18n/import-reasons.ts), not here.
 */
export function reasonText(locale: Locale, reason: string): string {
  if (locale === 'en') return reason;
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^is required$/, () => t(locale, 'err.required')],
    [/^must not be empty$/, () => t(locale, 'err.required')],
    [/^Invalid option: expected one of (.*)$/, (m) => t(locale, 'err.oneOf', { values: m[1]!.replace(/"/g, '') })],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(reason);
    if (m) return say(m);
  }
  return reason;
}
