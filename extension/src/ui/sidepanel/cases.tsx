// Complaint cases: opened from a mail thread (subject and link prefilled) or by hand, walked
// through the seven steps of complaint handling with a time and a note for each, a due time
// promised to the customer, and the customer's satisfaction asked at close.
import { CASE_STEPS, type Case, type CaseStep, type Contact } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { Roles } from './roles.tsx';
import { problemsByField } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, fromLocalInput, t, toLocalInput } from '../text.ts';
import { Field, Modal } from '../widgets.tsx';
import type { CaseSeed } from './types.ts';
import { contactLabel } from './card.tsx';
import { safeUrl } from './timeline.tsx';

const CATEGORIES = ['product', 'service', 'delivery', 'billing', 'staff', 'other'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export function CasesTab({
  customerId,
  contacts,
  locale,
  seed,
  onSeedUsed,
  initialCase = null,
  onOpened,
}: {
  customerId: string;
  contacts: Contact[];
  locale: Locale;
  seed: CaseSeed | null;
  onSeedUsed: () => void;
  initialCase?: string | null;
  onOpened?: () => void;
}) {
  const [data] = useLoad(() => api.casesFor({ customerId }), [customerId]);
  const [creating, setCreating] = useState<CaseSeed | 'blank' | null>(seed);
  const [openId, setOpenId] = useState<string | null>(initialCase);
  useEffect(() => {
    if (initialCase) onOpened?.();
  }, [initialCase, onOpened]);
  useEffect(() => {
    if (seed) {
      setCreating(seed);
      onSeedUsed();
    }
  }, [seed, onSeedUsed]);
  if (data.state !== 'ready') return <LoadState value={data} locale={locale} />;
  const { cases, threads } = data.data;
  const open = cases.find((c) => c.id === openId) ?? null;
  const now = new Date().toISOString();
  return (
    <section aria-labelledby="cases-head">
      <div class="spread">
        <h2 id="cases-head">{t(locale, 'case.heading')}</h2>
        <button type="button" onClick={() => setCreating('blank')}>
          {t(locale, 'case.new')}
        </button>
      </div>
      {cases.length === 0 ? (
        <p class="muted">{t(locale, 'case.none')}</p>
      ) : (
        <ul class="plain">
          {cases.map((c) => {
            const overdue = c.status !== 'closed' && !!c.dueAt && c.dueAt < now;
            return (
              <li key={c.id} class="card">
                <div class="spread">
                  <strong>{c.title}</strong>
                  <button
                    type="button"
                    onClick={() => setOpenId(c.id)}
                    aria-label={t(locale, 'case.openLabel', {
                      action: c.status === 'closed' ? t(locale, 'action.view') : t(locale, 'case.work'),
                      title: c.title,
                    })}
                  >
                    {c.status === 'closed' ? t(locale, 'action.view') : t(locale, 'case.work')}
                  </button>
                </div>
                <p class="small">
                  <span class="pill">{caseStatusLabel(locale, c)}</span> {t(locale, `case.severity.${c.severity}`)} ·{' '}
                  {t(locale, `case.category.${c.category}`)}
                </p>
                <p class="small muted">
                  {t(locale, 'case.opened', { date: fmtDateTime(locale, c.openedAt) })}
                  {c.dueAt && c.status !== 'closed' && ` · ${t(locale, 'panel.due', { date: fmtDateTime(locale, c.dueAt) })}`}
                  {overdue && <strong class="error"> {t(locale, 'value.overdue')}</strong>}
                  {c.status === 'closed' && c.satisfaction && ` · ${t(locale, 'case.satisfactionIs', { score: c.satisfaction })}`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {creating && (
        <Modal title={t(locale, 'case.new')} onClose={() => setCreating(null)} locale={locale}>
          <NewCaseForm
            customerId={customerId}
            contacts={contacts}
            threads={threads}
            seed={creating === 'blank' ? null : creating}
            locale={locale}
            onDone={(id) => {
              setCreating(null);
              if (id) setOpenId(id);
            }}
          />
        </Modal>
      )}
      {open && (
        <Modal title={open.title} onClose={() => setOpenId(null)} locale={locale} wide>
          <CaseDetail kase={open} locale={locale} />
        </Modal>
      )}
    </section>
  );
}

export function caseStatusLabel(locale: Locale, c: Case): string {
  if (c.status === 'closed') return t(locale, 'case.step.closed');
  const n = CASE_STEPS.indexOf(c.status as CaseStep) + 1;
  return t(locale, 'case.stepOf', { n, total: CASE_STEPS.length, step: t(locale, `case.step.${c.status}`) });
}

type Thread = { id: string; subject: string; url: string | null; at: string };

function NewCaseForm({
  customerId,
  contacts,
  threads,
  seed,
  locale,
  onDone,
}: {
  customerId: string;
  contacts: Contact[];
  threads: Thread[];
  seed: CaseSeed | null;
  locale: Locale;
  onDone: (id: string | null) => void;
}) {
  const [thread, setThread] = useState(seed?.interactionId ?? '');
  const [form, setForm] = useState({
    title: seed?.subject ?? '',
    category: 'other',
    severity: 'medium',
    dueAt: toLocalInput(new Date(Date.now() + 2 * 86_400_000).toISOString()),
    contactId: '',
    description: '',
    desiredResolution: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const chosen = threads.find((x) => x.id === thread);
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!form.title.trim()) errs.title = t(locale, 'err.required');
    const dueAt = fromLocalInput(form.dueAt);
    if (form.dueAt && !dueAt) errs.dueAt = t(locale, 'err.date');
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    setFailure('');
    try {
      const r = await api.openCaseFor({
        customerId,
        title: form.title.trim(),
        category: form.category as Case['category'],
        severity: form.severity as Case['severity'],
        ...(dueAt ? { dueAt } : {}),
        ...(form.contactId ? { contactId: form.contactId } : {}),
        ...(form.description.trim() ? { description: form.description } : {}),
        ...(form.desiredResolution.trim() ? { desiredResolution: form.desiredResolution } : {}),
        ...(thread ? { fromInteractionId: thread } : {}),
      });
      if (r.ok) onDone(r.record.id);
      else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <Field label={t(locale, 'case.fromThread')} hint={t(locale, 'case.fromThreadHint')}>
        {(p) => (
          <select
            {...p}
            value={thread}
            onChange={(e) => {
              const id = (e.currentTarget as HTMLSelectElement).value;
              setThread(id);
              const th = threads.find((x) => x.id === id);
              if (th) setForm({ ...form, title: th.subject.slice(0, 200) });
            }}
          >
            <option value="">{t(locale, 'case.byHand')}</option>
            {threads.map((th) => (
              <option key={th.id} value={th.id}>
                {th.subject || t(locale, 'value.noSummary')} ({fmtDateTime(locale, th.at)})
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen && safeUrl(chosen.url) && (
        <p class="small">
          {t(locale, 'case.link')}:{' '}
          <a href={safeUrl(chosen.url)!} target="_blank" rel="noreferrer noopener">
            {chosen.subject || chosen.url}
          </a>
        </p>
      )}
      <Field label={t(locale, 'case.title')} error={errors.title} required>
        {(p) => <input {...p} value={form.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <div class="grid2">
        <Field label={t(locale, 'case.category')} error={errors.category}>
          {(p) => (
            <select {...p} value={form.category} onChange={set('category')}>
              {CATEGORIES.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `case.category.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'case.severity')} error={errors.severity}>
          {(p) => (
            <select {...p} value={form.severity} onChange={set('severity')}>
              {SEVERITIES.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `case.severity.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'case.due')} hint={t(locale, 'case.dueHint')} error={errors.dueAt}>
          {(p) => <input {...p} type="datetime-local" value={form.dueAt} onInput={set('dueAt')} />}
        </Field>
        <Field label={t(locale, 'case.contact')}>
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
      </div>
      <Field label={t(locale, 'case.description')} hint={t(locale, 'case.descriptionHint')}>
        {(p) => <textarea {...p} value={form.description} onInput={set('description')} rows={3} />}
      </Field>
      <Field label={t(locale, 'case.desired')}>
        {(p) => <textarea {...p} value={form.desiredResolution} onInput={set('desiredResolution')} rows={2} />}
      </Field>
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" onClick={() => onDone(null)}>
          {t(locale, 'action.cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'case.open')}
        </button>
      </div>
    </form>
  );
}

/** What each step asks for, beyond the note: step 2 the customer's wish, step 4 the cause, step 5 the remedy. */
const STEP_FIELD: Partial<Record<CaseStep, 'desiredResolution' | 'cause' | 'remedy'>> = {
  ask_resolution: 'desiredResolution',
  analyse: 'cause',
  negotiate: 'remedy',
};

function CaseDetail({ kase: c, locale }: { kase: Case; locale: Locale }) {
  const closed = c.status === 'closed';
  const stepIndex = closed ? CASE_STEPS.length : CASE_STEPS.indexOf(c.status as CaseStep);
  const currentEntry = c.steps.findLast((s) => s.step === c.status);
  const field = closed ? undefined : STEP_FIELD[c.status as CaseStep];
  const [note, setNote] = useState(currentEntry?.note ?? '');
  const [extra, setExtra] = useState(field ? (c[field] ?? '') : '');
  const [due, setDue] = useState(toLocalInput(c.dueAt));
  const [satisfaction, setSatisfaction] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  // A new step starts with its own (empty) note.
  useEffect(() => {
    setNote(c.steps.findLast((s) => s.step === c.status)?.note ?? '');
    setExtra(field ? (c[field] ?? '') : '');
    setDue(toLocalInput(c.dueAt));
    setSatisfaction('');
  }, [c.status, c.rev]);

  const run = async (
    action: { action: 'update' } | { action: 'advance' } | { action: 'close'; satisfaction?: number },
    message: string,
  ) => {
    const dueAt = due ? fromLocalInput(due) : '';
    if (due && !dueAt) return setErrors({ dueAt: t(locale, 'err.date') });
    setBusy(true);
    setSaved('');
    try {
      const r = await api.changeCaseOf({
        id: c.id,
        change: {
          note,
          ...(field ? { [field]: extra } : {}),
          ...(due !== toLocalInput(c.dueAt) ? { dueAt: dueAt ?? '' } : {}),
        },
        action,
      });
      if (r.ok) {
        setErrors({});
        setSaved(message);
      } else setErrors(problemsByField(locale, r.errors));
    } catch (e) {
      setErrors({ '': errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="stack">
      <p class="row small">
        <span class="pill">{caseStatusLabel(locale, c)}</span>
        <span>
          {t(locale, `case.severity.${c.severity}`)} · {t(locale, `case.category.${c.category}`)}
        </span>
        <span class="muted">{t(locale, 'case.opened', { date: fmtDateTime(locale, c.openedAt) })}</span>
      </p>
      {c.ref?.url && safeUrl(c.ref.url) && (
        <p class="small">
          {t(locale, 'case.link')}:{' '}
          <a href={safeUrl(c.ref.url)!} target="_blank" rel="noreferrer noopener">
            {c.ref.url}
          </a>
        </p>
      )}
      <h3>{t(locale, 'case.steps')}</h3>
      <ol class="steps">
        {CASE_STEPS.map((step, i) => {
          const entry = c.steps.findLast((s) => s.step === step);
          const state = i < stepIndex ? 'done' : i === stepIndex ? 'current' : 'todo';
          return (
            <li key={step} class={state} aria-current={state === 'current' ? 'step' : undefined}>
              <strong>{t(locale, `case.step.${step}`)}</strong>{' '}
              <span class="small muted">
                {state === 'done'
                  ? t(locale, 'case.stepDone')
                  : state === 'current'
                    ? t(locale, 'case.stepCurrent')
                    : t(locale, 'case.stepTodo')}
                {entry ? ` · ${fmtDateTime(locale, entry.at)}` : ''}
              </span>
              <div class="small muted">{t(locale, `case.stepHint.${step}`)}</div>
              {entry?.note && state !== 'current' && <div style={{ whiteSpace: 'pre-wrap' }}>{entry.note}</div>}
            </li>
          );
        })}
      </ol>
      {c.desiredResolution && field !== 'desiredResolution' && (
        <p>
          <strong>{t(locale, 'case.desired')}:</strong> {c.desiredResolution}
        </p>
      )}
      {c.cause && field !== 'cause' && (
        <p>
          <strong>{t(locale, 'case.cause')}:</strong> {c.cause}
        </p>
      )}
      {c.remedy && field !== 'remedy' && (
        <p>
          <strong>{t(locale, 'case.remedy')}:</strong> {c.remedy}
        </p>
      )}
      {closed ? (
        <p class="notice ok">
          {t(locale, 'case.closedAt', { date: fmtDateTime(locale, c.closedAt) })}
          {c.satisfaction ? ` · ${t(locale, 'case.satisfactionIs', { score: c.satisfaction })}` : ''}
        </p>
      ) : (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ action: 'update' }, t(locale, 'case.saved'));
          }}
          noValidate
        >
          <h3>{t(locale, 'case.workOn', { step: t(locale, `case.step.${c.status}`) })}</h3>
          {field && (
            <Field label={t(locale, `case.${field === 'desiredResolution' ? 'desired' : field}`)} error={errors[field]}>
              {(p) => (
                <textarea
                  {...p}
                  value={extra}
                  onInput={(e) => setExtra((e.currentTarget as HTMLTextAreaElement).value)}
                  rows={2}
                />
              )}
            </Field>
          )}
          <Field label={t(locale, 'case.note')} hint={t(locale, 'case.noteHint')} error={errors.steps}>
            {(p) => (
              <textarea {...p} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} rows={3} />
            )}
          </Field>
          <Field label={t(locale, 'case.due')} hint={t(locale, 'case.dueHint')} error={errors.dueAt}>
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                value={due}
                onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="row">
            <button type="submit" disabled={busy}>
              {t(locale, 'action.save')}
            </button>
            {c.status !== 'follow_up' && (
              <button
                type="button"
                class="primary"
                disabled={busy}
                onClick={() => void run({ action: 'advance' }, t(locale, 'case.advanced'))}
              >
                {t(locale, 'case.advance', { step: t(locale, `case.step.${CASE_STEPS[stepIndex + 1] ?? 'follow_up'}`) })}
              </button>
            )}
          </div>
          <fieldset>
            <legend>{t(locale, 'case.close')}</legend>
            <Field label={t(locale, 'case.satisfaction')} hint={t(locale, 'case.satisfactionHint')} error={errors.satisfaction}>
              {(p) => (
                <select
                  {...p}
                  value={satisfaction}
                  onChange={(e) => setSatisfaction((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">{t(locale, 'case.notAsked')}</option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={String(n)}>
                      {t(locale, `case.satisfaction.${n}` as 'case.satisfaction.5')}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {c.status !== 'follow_up' && <p class="small muted">{t(locale, 'case.closeEarly')}</p>}
            <button
              type="button"
              class={c.status === 'follow_up' ? 'primary' : ''}
              disabled={busy}
              onClick={() =>
                void run(
                  { action: 'close', ...(satisfaction ? { satisfaction: Number(satisfaction) } : {}) },
                  t(locale, 'case.closedNow'),
                )
              }
            >
              {t(locale, 'case.closeButton')}
            </button>
          </fieldset>
          {errors[''] && (
            <p class="error" role="alert">
              {errors['']}
            </p>
          )}
        </form>
      )}
      {saved && (
        <p class="notice ok" role="status">
          {saved}
        </p>
      )}
      <Roles entity="cases" record={c} locale={locale} />
    </div>
  );
}
