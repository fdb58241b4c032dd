// One inbox row's follow-up: the case the answer opened (its step in words) or a form to open one
// by hand with an owner; for a suggestion, whether it was adopted; and what was told to the
// customer, with a form to record it (closing the loop). Changes need the write scope.
import { useState } from 'preact/hooks';
import type { Locale } from '#shared/i18n/locale.ts';
import { CASE_STEPS } from '#shared/model/case.ts';
import { api } from '../api.ts';
import type { Key } from '../strings.ts';
import type { T } from './types.ts';

/**
 * A change to one answer (`feedback/{id}/{action}`): while it runs the form is busy; on success
 * `onDone` gets `saved`, on failure the collector's reason is shown.
 */
function useAnswerAction(t: T, answerId: string, onDone: (message: string) => void) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: 'case' | 'told' | 'adopt', body: unknown, saved: string) => {
    setBusy(true);
    setError('');
    try {
      await api(`feedback/${encodeURIComponent(answerId)}/${action}`, { method: 'POST', body });
      onDone(saved);
    } catch (err) {
      setError(t('error.server', { message: (err as Error).message }));
      setBusy(false);
    }
  };
  return { error, busy, run };
}

export interface RowCase {
  id: string;
  status: string;
  owner: string | null;
}

export interface LoopAnswer {
  id: string;
  kind: string;
  comment?: string;
  customerId?: string;
  adopted?: { at: string; by?: string };
  customerLog?: { at: string; by?: string; text: string }[];
}

/** The step a case is at, in words, with its number: "Step 1 of 7: Confirm the problem and listen". */
export function caseStepText(t: T, status: string): string {
  if (status === 'closed') return t('inbox.case.closed');
  const n = CASE_STEPS.indexOf(status as (typeof CASE_STEPS)[number]);
  if (n < 0) return status;
  return t('inbox.case.stepOf', { n: n + 1, total: CASE_STEPS.length, step: t(`inbox.step.${status}` as Key) });
}

function CaseForm(props: {
  t: T;
  answer: LoopAnswer;
  customerOwner: string | null;
  owners: string[];
  onDone: (message: string) => void;
}) {
  const { t, answer } = props;
  const id = `case-${answer.id}`;
  const [owner, setOwner] = useState(props.customerOwner ?? '');
  const [title, setTitle] = useState(
    (answer.comment?.trim().split(/\r?\n/)[0] ?? '').slice(0, 120) || t(`kind.${answer.kind}` as Key),
  );
  const { error, busy, run } = useAnswerAction(t, answer.id, props.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void run('case', { owner, title }, t('inbox.case.opened'));
  };
  return (
    <form class="loop-form" onSubmit={submit}>
      <label for={`${id}-owner`}>{t('inbox.case.owner')}</label>
      <input
        id={`${id}-owner`}
        list={`${id}-owners`}
        required
        maxLength={200}
        value={owner}
        onInput={(e) => setOwner((e.target as HTMLInputElement).value)}
      />
      <datalist id={`${id}-owners`}>
        {props.owners.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <label for={`${id}-title`}>{t('inbox.case.title')}</label>
      <input
        id={`${id}-title`}
        required
        maxLength={200}
        value={title}
        onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled={busy}>
        {t('inbox.case.submit')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

function ToldForm(props: { t: T; answer: LoopAnswer; onDone: (message: string) => void }) {
  const { t, answer } = props;
  const id = `told-${answer.id}`;
  const [text, setText] = useState('');
  const { error, busy, run } = useAnswerAction(t, answer.id, props.onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    void run('told', { text }, t('inbox.told.saved'));
  };
  return (
    <form class="loop-form" onSubmit={submit}>
      <label for={`${id}-text`}>{t('inbox.told.label')}</label>
      <textarea
        id={`${id}-text`}
        required
        maxLength={10_000}
        rows={3}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" disabled={busy}>
        {t('inbox.told.submit')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** The follow-up cell of one inbox row. `onChanged` reloads the page with a message for the status line. */
export function LoopCell(props: {
  t: T;
  locale: Locale;
  answer: LoopAnswer;
  rowCase: RowCase | null;
  /** The customer's owner: the case owner offered first. */
  customerOwner: string | null;
  canWrite: boolean;
  owners: string[];
  onChanged: (message: string) => void;
}) {
  const { t, locale, answer, rowCase, canWrite } = props;
  const [open, setOpen] = useState<'case' | 'told' | null>(null);
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: 'UTC' });
  const done = (message: string) => {
    setOpen(null);
    props.onChanged(message);
  };
  const adoption = useAnswerAction(t, answer.id, done);
  const error = adoption.error;
  const adopt = () => adoption.run('adopt', undefined, t('inbox.adopted.saved'));
  return (
    <div class="loop">
      {rowCase ? (
        <p class="loop-case">
          <strong>{t('inbox.case.label')}</strong> {caseStepText(t, rowCase.status)}
          {rowCase.owner ? ` · ${t('inbox.case.ownerIs', { owner: rowCase.owner })}` : ''}
        </p>
      ) : !answer.customerId ? (
        <p class="hint">{t('inbox.case.linkFirst')}</p>
      ) : canWrite ? (
        open === 'case' ? (
          <CaseForm t={t} answer={answer} customerOwner={props.customerOwner} owners={props.owners} onDone={done} />
        ) : (
          <button type="button" onClick={() => setOpen('case')}>
            {t('inbox.case.open')}
          </button>
        )
      ) : (
        <p class="hint">{t('inbox.case.none')}</p>
      )}
      {answer.kind === 'suggestion' ? (
        answer.adopted ? (
          <p class="loop-adopted">
            <strong>{t('inbox.adopted.label')}</strong> {date(answer.adopted.at)}
          </p>
        ) : canWrite ? (
          <button type="button" onClick={adopt}>
            {t('inbox.adopted.mark')}
          </button>
        ) : (
          <p class="hint">{t('inbox.adopted.not')}</p>
        )
      ) : null}
      {(answer.customerLog ?? []).length > 0 ? (
        <ul class="loop-told" aria-label={t('inbox.told.heading')}>
          {(answer.customerLog ?? []).map((entry) => (
            <li key={entry.at + entry.text}>
              <strong>{t('inbox.told.entry', { date: date(entry.at) })}</strong> {entry.text}
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite ? (
        open === 'told' ? (
          <ToldForm t={t} answer={answer} onDone={done} />
        ) : (
          <button type="button" onClick={() => setOpen('told')}>
            {t('inbox.told.open')}
          </button>
        )
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
