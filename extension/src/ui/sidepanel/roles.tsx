// Roles on an alert or a case (domain.md §1, "Roles"): who executes (assignee) and who decides
// (decision owner); escalation to the person with the authority, who is notified after a sync; and
// what was said to the customer, kept apart from the internal notes above it.
import type { Alert, Case } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { reasonText } from '../errors.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { NoteLog } from './note-log.tsx';

type Change = Parameters<typeof api.changeRolesFor>[0]['change'];

export function Roles({ entity, record: r, locale }: { entity: 'alerts' | 'cases'; record: Alert | Case; locale: Locale }) {
  const [assignee, setAssignee] = useState(r.assignee ?? '');
  const [decisionOwner, setDecisionOwner] = useState(r.decisionOwner ?? '');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [missingTo, setMissingTo] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setAssignee(r.assignee ?? '');
    setDecisionOwner(r.decisionOwner ?? '');
  }, [r.rev]);
  const run = async (change: Change) => {
    setBusy(true);
    setError('');
    try {
      await api.changeRolesFor({ entity, id: r.id, change });
      return true;
    } catch (e) {
      setError(reasonText(locale, errorText(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const p = `roles-${entity}`;
  return (
    <>
      <section aria-labelledby={`${p}-title`} class="stack">
        <h3 id={`${p}-title`}>{t(locale, 'roles.title')}</h3>
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ action: 'assign', assignee, decisionOwner });
          }}
        >
          <Field label={t(locale, 'roles.assignee')}>
            {(fp) => (
              <input
                {...fp}
                type="email"
                value={assignee}
                onInput={(e) => setAssignee((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t(locale, 'roles.decisionOwner')}>
            {(fp) => (
              <input
                {...fp}
                type="email"
                value={decisionOwner}
                onInput={(e) => setDecisionOwner((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div>
            <button type="submit" disabled={busy}>
              {t(locale, 'roles.save')}
            </button>
          </div>
        </form>
        {r.escalations.length > 0 && (
          <>
            <h4>{t(locale, 'roles.escalations')}</h4>
            <ul>
              {r.escalations.map((x) => (
                <li key={`${x.at}${x.to}`}>
                  <span class="small muted">{fmtDateTime(locale, x.at)}</span>{' '}
                  {t(locale, 'roles.escalation', { by: x.by, to: x.to })}
                  {x.note ? ` — ${x.note}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!to.trim()) return setMissingTo(true);
            setMissingTo(false);
            if (await run({ action: 'escalate', to, note })) {
              setTo('');
              setNote('');
            }
          }}
        >
          <Field
            label={t(locale, 'roles.escalateTo')}
            hint={t(locale, 'roles.escalateHint')}
            error={missingTo ? t(locale, 'err.required') : undefined}
          >
            {(fp) => (
              <input {...fp} type="email" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
            )}
          </Field>
          <Field label={t(locale, 'roles.escalateNote')}>
            {(fp) => (
              <textarea {...fp} rows={2} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
            )}
          </Field>
          <div>
            <button type="submit" disabled={busy}>
              {t(locale, 'roles.escalate')}
            </button>
          </div>
        </form>
      </section>
      <NoteLog
        id={`${p}-said`}
        title={t(locale, 'roles.customerLog')}
        empty={t(locale, 'roles.customerLogEmpty')}
        notes={r.customerLog}
        form={{
          label: t(locale, 'roles.say'),
          hint: t(locale, 'roles.sayHint'),
          button: t(locale, 'roles.sayButton'),
          busy,
          onAdd: (text) => run({ action: 'say', text }),
        }}
        locale={locale}
      >
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </NoteLog>
    </>
  );
}
