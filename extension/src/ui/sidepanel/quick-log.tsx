// The quick log: record a call, meeting, visit, note or order (with its amount) the moment it
// happens (第一时间). It lands on the timeline and feeds the early warnings.
import type { Contact } from '#shared/model/index.ts';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { problemsByField } from '../errors.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fromLocalInput, t, toLocalInput } from '../text.ts';
import { Field } from '../widgets.tsx';
import { contactLabel, parseNumber } from './card.tsx';
import { InvoiceForm } from './payments.tsx';

const KINDS = ['call', 'meeting', 'visit', 'note', 'order'] as const;

export function QuickLogForm({
  customerId,
  contacts,
  locale,
  onDone,
}: {
  customerId: string;
  contacts: Contact[];
  locale: Locale;
  onDone: () => void;
}) {
  const [invoice, setInvoice] = useState(false);
  const [form, setForm] = useState({
    kind: 'call' as (typeof KINDS)[number],
    occurredAt: toLocalInput(new Date().toISOString()),
    summary: '',
    amount: '',
    currency: '',
    contactId: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const occurredAt = fromLocalInput(form.occurredAt);
    if (!occurredAt) errs.occurredAt = t(locale, 'err.date');
    const amount = form.kind === 'order' ? parseNumber(form.amount) : null;
    if (form.kind === 'order' && amount === null) errs.amount = t(locale, 'err.amount_required');
    if (Number.isNaN(amount)) errs.amount = t(locale, 'err.number');
    setErrors(errs);
    if (!occurredAt || Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      const r = await api.quickLog({
        customerId,
        kind: form.kind,
        occurredAt,
        ...(form.summary.trim() ? { summary: form.summary } : {}),
        ...(amount !== null ? { amount } : {}),
        ...(form.kind === 'order' && form.currency.trim() ? { currency: form.currency.trim().toUpperCase() } : {}),
        ...(form.contactId ? { contactId: form.contactId } : {}),
      });
      if (r.ok) onDone();
      else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setErrors({ '': errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const kinds = (
    <fieldset>
      <legend>{t(locale, 'log.kind')}</legend>
      <div class="row">
        {KINDS.map((k) => (
          <label key={k} class="check">
            <input
              type="radio"
              name="log-kind"
              value={k}
              checked={!invoice && form.kind === k}
              onChange={() => {
                setInvoice(false);
                setForm({ ...form, kind: k });
              }}
            />
            <span>{t(locale, `kind.${k}`)}</span>
          </label>
        ))}
        <label class="check">
          <input type="radio" name="log-kind" value="invoice" checked={invoice} onChange={() => setInvoice(true)} />
          <span>{t(locale, 'log.invoice')}</span>
        </label>
      </div>
    </fieldset>
  );
  // An invoice due has its own form (amount, due date), not the interaction's fields.
  if (invoice)
    return (
      <div class="stack">
        {kinds}
        <InvoiceForm customerId={customerId} locale={locale} onDone={onDone} />
      </div>
    );
  return (
    <form class="stack" onSubmit={submit} noValidate>
      {kinds}
      <Field label={t(locale, 'log.when')} error={errors.occurredAt} required>
        {(p) => <input {...p} type="datetime-local" value={form.occurredAt} onInput={set('occurredAt')} />}
      </Field>
      {form.kind === 'order' && (
        <div class="grid2">
          <Field label={t(locale, 'log.amount')} error={errors.amount} required>
            {(p) => <input {...p} value={form.amount} onInput={set('amount')} inputMode="decimal" />}
          </Field>
          <Field label={t(locale, 'field.currency')} hint={t(locale, 'hint.currency')} error={errors.currency}>
            {(p) => <input {...p} value={form.currency} onInput={set('currency')} maxLength={3} />}
          </Field>
        </div>
      )}
      <Field label={t(locale, 'log.summary')} hint={t(locale, 'log.summaryHint')} error={errors.summary}>
        {(p) => <textarea {...p} value={form.summary} onInput={set('summary')} rows={3} />}
      </Field>
      {contacts.length > 0 && (
        <Field label={t(locale, 'log.contact')}>
          {(p) => (
            <select {...p} value={form.contactId} onChange={set('contactId')}>
              <option value="">{t(locale, 'value.notSet')}</option>
              {contacts.map((c) => (
                <option key={c.id} value={c.id}>
                  {contactLabel(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {errors[''] && (
        <p class="error" role="alert">
          {errors['']}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" onClick={onDone}>
          {t(locale, 'action.cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'log.save')}
        </button>
      </div>
    </form>
  );
}
