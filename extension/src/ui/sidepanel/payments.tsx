// Invoices due and paid, recorded by the rep (the practice's "overdue payment" warning source): an
// invoice with its amount and due date; "Paid" when the money arrives. Unpaid invoices past their
// due date are marked overdue in words, not by colour alone.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { reasonText } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDate, fmtMoney, fromLocalInput, t, toLocalInput } from '../text.ts';
import { Field } from '../widgets.tsx';
import { parseNumber } from './card.tsx';

export function InvoiceForm({ customerId, locale, onDone }: { customerId: string; locale: Locale; onDone?: () => void }) {
  const today = toLocalInput(new Date().toISOString());
  const [form, setForm] = useState({ occurredAt: today, dueAt: '', amount: '', currency: '', summary: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const occurredAt = fromLocalInput(form.occurredAt);
    const dueAt = fromLocalInput(form.dueAt);
    const amount = parseNumber(form.amount);
    if (!occurredAt) errs.occurredAt = t(locale, 'err.date');
    if (!dueAt) errs.dueAt = form.dueAt ? t(locale, 'err.date') : t(locale, 'err.required');
    if (amount === null) errs.amount = t(locale, 'err.amount_required');
    else if (Number.isNaN(amount)) errs.amount = t(locale, 'err.number');
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !occurredAt || !dueAt || amount === null) return;
    setBusy(true);
    try {
      await api.recordInvoiceFor({
        customerId,
        occurredAt,
        dueAt,
        amount,
        ...(form.currency.trim() ? { currency: form.currency.trim().toUpperCase() } : {}),
        ...(form.summary.trim() ? { summary: form.summary } : {}),
      });
      setForm({ occurredAt: today, dueAt: '', amount: '', currency: '', summary: '' });
      onDone?.();
    } catch (err) {
      setErrors({ '': reasonText(locale, errorText(err)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <div class="grid2">
        <Field label={t(locale, 'invoice.amount')} error={errors.amount} required>
          {(p) => <input {...p} value={form.amount} onInput={set('amount')} inputMode="decimal" />}
        </Field>
        <Field label={t(locale, 'field.currency')} hint={t(locale, 'hint.currency')}>
          {(p) => <input {...p} value={form.currency} onInput={set('currency')} maxLength={3} />}
        </Field>
      </div>
      <div class="grid2">
        <Field label={t(locale, 'invoice.date')} error={errors.occurredAt} required>
          {(p) => <input {...p} type="datetime-local" value={form.occurredAt} onInput={set('occurredAt')} />}
        </Field>
        <Field label={t(locale, 'invoice.due')} error={errors.dueAt} required>
          {(p) => <input {...p} type="datetime-local" value={form.dueAt} onInput={set('dueAt')} />}
        </Field>
      </div>
      <Field label={t(locale, 'invoice.ref')}>{(p) => <input {...p} value={form.summary} onInput={set('summary')} />}</Field>
      {errors[''] && (
        <p class="error" role="alert">
          {errors['']}
        </p>
      )}
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'invoice.save')}
        </button>
      </div>
    </form>
  );
}

export function PaymentsSection({ customerId, locale }: { customerId: string; locale: Locale }) {
  const [list] = useLoad(() => api.invoicesFor({ customerId }), [customerId]);
  const [error, setError] = useState('');
  const now = new Date().toISOString();
  const pay = async (id: string, paid: boolean) => {
    setError('');
    try {
      await api.setInvoicePaidOf({ id, paidAt: paid ? new Date().toISOString() : null });
    } catch (e) {
      setError(reasonText(locale, errorText(e)));
    }
  };
  return (
    <section aria-labelledby="payments-head" class="stack">
      <h2 id="payments-head">{t(locale, 'invoice.heading')}</h2>
      {list.state !== 'ready' ? (
        <LoadState value={list} locale={locale} />
      ) : list.data.length === 0 ? (
        <p class="muted">{t(locale, 'invoice.none')}</p>
      ) : (
        <ul class="plain items">
          {list.data.map((i) => (
            <li key={i.id} class="row">
              <span>
                <strong>{fmtMoney(locale, i.amount ?? 0, i.currency)}</strong> {i.summary ? `· ${i.summary} ` : ''}
                <span class="small muted">
                  {t(locale, 'invoice.dueOn', { date: fmtDate(locale, i.dueAt) })}
                  {i.paidAt
                    ? ` · ${t(locale, 'invoice.paidOn', { date: fmtDate(locale, i.paidAt) })}`
                    : i.dueAt && i.dueAt < now
                      ? ` · ${t(locale, 'value.overdue')}`
                      : ''}
                </span>
              </span>
              <button type="button" onClick={() => void pay(i.id, !i.paidAt)}>
                {t(locale, i.paidAt ? 'invoice.unpay' : 'invoice.pay')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h3>{t(locale, 'invoice.new')}</h3>
      <InvoiceForm customerId={customerId} locale={locale} />
    </section>
  );
}
