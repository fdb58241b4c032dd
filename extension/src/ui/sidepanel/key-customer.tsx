// The four-step key-customer process on the data card (domain.md §2): 1 collect (industry needs,
// business requirements); 2 screen and organise (the tier: key, general, no need); 3 analyse
// (workload and deadlines, the contact person and their state of mind, long-term volume); 4 a
// long-term plan (who, when, how) with follow-ups generated from the customer's cadence.
import type { Customer } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { problemsByField, reasonText } from '../errors.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { t, tCount } from '../text.ts';
import { Field } from '../widgets.tsx';

const FIELDS = [
  'needs',
  'requirements',
  'workload',
  'contactAnalysis',
  'longTermVolume',
  'planWho',
  'planWhen',
  'planHow',
] as const;
type Key = (typeof FIELDS)[number];
const STEPS: { step: 1 | 3 | 4; fields: Key[] }[] = [
  { step: 1, fields: ['needs', 'requirements'] },
  { step: 3, fields: ['workload', 'contactAnalysis', 'longTermVolume'] },
  { step: 4, fields: ['planWho', 'planWhen', 'planHow'] },
];

function valuesOf(c: Customer): Record<Key, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, c[k] ?? ''])) as Record<Key, string>;
}

export function KeyCustomerPlan({ customer: c, locale }: { customer: Customer; locale: Locale }) {
  const [form, setForm] = useState(valuesOf(c));
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(valuesOf(c)), [c.id, c.rev]);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    try {
      const r = await api.saveCustomerDraft({ id: c.id, ...form });
      setStatus(r.ok ? t(locale, 'key.saved') : Object.values(problemsByField(locale, r.errors)).join(' '));
    } catch (err) {
      setStatus(reasonText(locale, errorText(err)));
    } finally {
      setBusy(false);
    }
  };
  const plan = async () => {
    setBusy(true);
    setStatus('');
    try {
      const planned = await api.planContactsFor({ customerId: c.id, count: 3, purpose: t(locale, 'key.planPurpose') });
      setStatus(tCount(locale, 'key.planned', planned.length));
    } catch (err) {
      setStatus(reasonText(locale, errorText(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="key-head" class="stack">
      <h2 id="key-head">{t(locale, 'key.heading')}</h2>
      <p class="small muted">{t(locale, 'key.step2', { tier: t(locale, `card.tier.${c.tier}`) })}</p>
      <form class="stack" onSubmit={save}>
        {STEPS.map(({ step, fields }) => (
          <fieldset key={step}>
            <legend>{t(locale, `key.step${step}`)}</legend>
            {fields.map((k) => (
              <Field key={k} label={t(locale, `key.${k}`)}>
                {(p) =>
                  k === 'planWho' || k === 'planWhen' ? (
                    <input
                      {...p}
                      value={form[k]}
                      onInput={(e) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value })}
                    />
                  ) : (
                    <textarea
                      {...p}
                      rows={2}
                      value={form[k]}
                      onInput={(e) => setForm({ ...form, [k]: (e.currentTarget as HTMLTextAreaElement).value })}
                    />
                  )
                }
              </Field>
            ))}
          </fieldset>
        ))}
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {t(locale, 'key.save')}
          </button>
          <button type="button" disabled={busy || !c.cadenceDays} onClick={() => void plan()}>
            {c.cadenceDays ? t(locale, 'key.plan', { days: c.cadenceDays }) : t(locale, 'key.planNeedsCadence')}
          </button>
        </div>
      </form>
      {status && <p role="status">{status}</p>}
    </section>
  );
}
