// Answers that came in without a customer this store knows (an address nobody has on file) are kept;
// here a rep links one to the customer open in the panel. A linked complaint opens its case.
import type { Response } from '#shared/model/index.ts';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { reasonText } from '../errors.ts';
import { errorText, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, t } from '../text.ts';

export function UnmatchedAnswers({
  customerId,
  customerName,
  locale,
}: {
  customerId: string;
  customerName: string;
  locale: Locale;
}) {
  const [list, reload] = useLoad(() => api.unmatchedAnswersList({}), []);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  if (list.state !== 'ready' || list.data.length === 0) return status ? <p role="status">{status}</p> : null;
  const link = async (r: Response) => {
    setBusy(true);
    try {
      const result = await api.linkAnswerTo({ responseId: r.id, customerId });
      setStatus(t(locale, result.case ? 'answers.linkedCase' : 'answers.linked', { name: customerName }));
      reload();
    } catch (e) {
      setStatus(reasonText(locale, errorText(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="unmatched-head" class="stack">
      <h3 id="unmatched-head">{t(locale, 'answers.unmatched', { count: list.data.length })}</h3>
      <p class="small muted">{t(locale, 'answers.unmatchedHint')}</p>
      <ul class="plain items">
        {list.data.slice(0, 20).map((r) => (
          <li key={r.id} class="stack">
            <span>
              <strong>{t(locale, `answers.kind.${r.kind}`)}</strong>
              {r.score !== undefined ? ` ${r.score}` : ''} · <span class="small muted">{fmtDateTime(locale, r.submittedAt)}</span>
              {r.respondent.email ? <span class="small"> · {r.respondent.email}</span> : null}
            </span>
            {r.comment && <span class="small">{r.comment}</span>}
            <span>
              <button type="button" disabled={busy} onClick={() => void link(r)}>
                {t(locale, 'answers.link', { name: customerName })}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {status && <p role="status">{status}</p>}
    </section>
  );
}
