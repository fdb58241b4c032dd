// Words that change with a number ("1 change", "2 changes"), chosen by the language's own plural
// rules (Intl.PluralRules: English has one and other, Chinese only other) instead of "(s)" or a
// separate message for 1.
import type { Locale } from './locale.ts';

/** A message's forms by plural category; `other` is required, the rest as the language needs. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<Locale, Intl.PluralRules>();

/** The form of `forms` that fits `count` in `locale`. */
export function pluralForm(locale: Locale, count: number, forms: PluralForms): string {
  let r = rules.get(locale);
  if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
  return forms[r.select(count)] ?? forms.other;
}
