// Follow-ups: the next planned contact (when, how, what for). Kehu reminds the rep with a system
// notification when one falls due.
import type { Contact } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { problemsByField } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, fmtRelative, fromLocalInput, t, toLocalInput } from '../text.ts';
import { Field } from '../widgets.tsx';
import { CHANNELS, contactLabel } from './card.tsx';

export function FollowUpsTab({ customerId, contacts, locale }: { customerId: string; contacts: Contact[]; locale: Locale }) {
  const [list] = useLoad(() => api.followUpsFor({ customerId }), [customerId]);
  const [error, setError] = useState('');
  // A ticked follow-up shows ticked at once; the reloaded list confirms it.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  useEffect(() => setTicked({}), [list]);
  const now = new Date();
  const names = new Map(contacts.map((c) => [c.id, contactLabel(c)]));
  const act = async (p: Promise<unknown>) => {
    setError('');
    try {
      await p;
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div>
      <section aria-labelledby="fu-plan">
        <h2 id="fu-plan">{t(locale, 'followup.plan')}</h2>
        <PlanForm customerId={customerId} contacts={contacts} locale={locale} />
      </section>
      <section aria-labelledby="fu-list">
        <h2 id="fu-list">{t(locale, 'followup.heading')}</h2>
        {list.state !== 'ready' ? (
          <LoadState value={list} locale={locale} />
        ) : list.data.length === 0 ? (
          <p class="muted">{t(locale, 'followup.none')}</p>
        ) : (
          <ul class="plain">
            {list.data.map((f) => {
              const overdue = !f.done && f.dueAt < now.toISOString();
              return (
                <li key={f.id} class="card">
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={ticked[f.id] ?? f.done}
                      onChange={(e) => {
                        const done = (e.currentTarget as HTMLInputElement).checked;
                        setTicked({ ...ticked, [f.id]: done });
                        void act(api.setFollowUpDoneOf({ id: f.id, done }));
                      }}
                    />
                    <span>
                      <strong>{f.purpose}</strong>
                      <span class="visually-hidden">
                        {' '}
                        — {f.done ? t(locale, 'followup.done') : t(locale, 'followup.pending')}
                      </span>
                    </span>
                  </label>
                  <p class="small">
                    {t(locale, `channel.${f.channel}`)} · {fmtDateTime(locale, f.dueAt)} ({fmtRelative(locale, f.dueAt, now)})
                    {f.contactId && names.has(f.contactId) ? ` · ${names.get(f.contactId)}` : ''}
                    {overdue && <strong class="error"> {t(locale, 'value.overdue')}</strong>}
                    {f.done && f.doneAt && (
                      <span class="muted"> · {t(locale, 'followup.doneAt', { date: fmtDateTime(locale, f.doneAt) })}</span>
                    )}
                  </p>
                  <button type="button" class="link small" onClick={() => act(api.removeFollowUp({ id: f.id }))}>
                    {t(locale, 'action.delete')}
                    <span class="visually-hidden"> {f.purpose}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </section>
    </div>
  );
}

function PlanForm({ customerId, contacts, locale }: { customerId: string; contacts: Contact[]; locale: Locale }) {
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 30, 0, 0);
  const blank = { dueAt: toLocalInput(tomorrow.toISOString()), channel: 'email', purpose: '', contactId: '' };
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone('');
    const dueAt = fromLocalInput(form.dueAt);
    const errs: Record<string, string> = {};
    if (!dueAt) errs.dueAt = t(locale, 'err.date');
    if (!form.purpose.trim()) errs.purpose = t(locale, 'err.required');
    setErrors(errs);
    if (!dueAt || Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      const r = await api.planFollowUpFor({
        customerId,
        dueAt,
        channel: form.channel as (typeof CHANNELS)[number],
        purpose: form.purpose.trim(),
        ...(form.contactId ? { contactId: form.contactId } : {}),
      });
      if (r.ok) {
        setForm(blank);
        setDone(t(locale, 'followup.planned', { date: fmtDateTime(locale, r.record.dueAt) }));
      } else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setErrors({ '': errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <div class="grid2">
        <Field label={t(locale, 'followup.when')} error={errors.dueAt} required>
          {(p) => <input {...p} type="datetime-local" value={form.dueAt} onInput={set('dueAt')} />}
        </Field>
        <Field label={t(locale, 'followup.channel')} error={errors.channel}>
          {(p) => (
            <select {...p} value={form.channel} onChange={set('channel')}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(locale, `channel.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t(locale, 'followup.purpose')} hint={t(locale, 'followup.purposeHint')} error={errors.purpose} required>
        {(p) => <input {...p} value={form.purpose} onInput={set('purpose')} />}
      </Field>
      {contacts.length > 0 && (
        <Field label={t(locale, 'followup.contact')}>
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
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'followup.add')}
        </button>
      </div>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
