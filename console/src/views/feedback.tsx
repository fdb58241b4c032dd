// The feedback inbox: every answer and feedback form, matched to a customer or not. An unmatched
// answer can be linked to a customer (with the write scope); it then counts in that customer's level.
// Each row also shows its follow-up (inbox-actions.tsx): the case it opened and that case's step, or a
// form to open one with an owner; a suggestion's adoption; what was told to the customer.
import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '#shared/i18n/locale.ts';
import { pluralForm } from '#shared/i18n/plural.ts';
import { ApiError, api } from '../api.ts';
import { onLink } from '../router.ts';
import type { Key } from '../strings.ts';
import { LoopCell, type LoopAnswer, type RowCase } from './inbox-actions.tsx';
import { Pager } from './pager.tsx';
import type { T } from './types.ts';

const KINDS = ['nps', 'csat', 'ces', 'complaint', 'suggestion', 'praise', 'exit'] as const;

interface Answer extends LoopAnswer {
  score?: number;
  respondent?: { email?: string; name?: string };
  submittedAt: string;
}
interface Page {
  rows: {
    response: Answer;
    customerName: string | null;
    customerOwner: string | null;
    site: string | null;
    case: RowCase | null;
  }[];
  total: number;
  page: number;
  size: number;
  sites: string[];
}
interface Filters {
  kind: string;
  site: string;
  matched: string;
  state: string;
  minScore: string;
  maxScore: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { kind: '', site: '', matched: '', state: '', minScore: '', maxScore: '', from: '', to: '' };

function LinkForm(props: { t: T; answer: Answer; onLinked: () => void }) {
  const { t, answer } = props;
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<{ id: string; name: string }[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState('');
  const find = async (e: Event) => {
    e.preventDefault();
    const page = await api<{ rows: { id: string; name: string }[] }>(
      `customers?size=20&sort=name&dir=asc&q=${encodeURIComponent(q)}`,
    );
    setMatches(page.rows);
    setChosen(page.rows[0]?.id ?? '');
  };
  const link = async () => {
    try {
      await api(`feedback/${encodeURIComponent(answer.id)}/link`, { method: 'POST', body: { customerId: chosen } });
      setMessage(t('inbox.linked'));
      props.onLinked();
    } catch (e) {
      setMessage(t('error.server', { message: (e as Error).message }));
    }
  };
  const id = `link-${answer.id}`;
  return (
    <div class="link-form">
      <form onSubmit={find}>
        <label for={`${id}-q`}>{t('inbox.findCustomer')}</label>{' '}
        <input id={`${id}-q`} type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />{' '}
        <button type="submit">{t('inbox.find')}</button>
      </form>
      {matches && matches.length === 0 ? <p>{t('inbox.noCustomer')}</p> : null}
      {matches && matches.length > 0 ? (
        <p>
          <label for={`${id}-pick`}>{t('inbox.customer')}</label>{' '}
          <select id={`${id}-pick`} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            {matches.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>{' '}
          <button type="button" onClick={link} disabled={!chosen}>
            {t('inbox.link')}
          </button>
        </p>
      ) : null}
      <p role="status">{message}</p>
    </div>
  );
}

export function FeedbackView(props: { t: T; locale: Locale; canWrite: boolean }) {
  const { t, locale } = props;
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const [owners, setOwners] = useState<string[]>([]);

  useEffect(() => {
    if (!props.canWrite) return;
    api<{ owners: string[] }>('customers/filters').then(
      (f) => setOwners(f.owners),
      () => setOwners([]),
    );
  }, [props.canWrite]);

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ page: String(page), size: '50' });
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    api<Page>(`feedback?${params}`, { signal: controller.signal }).then(setData, (e) => {
      if ((e as Error).name === 'AbortError') return;
      setError(
        e instanceof ApiError && e.status === 0 ? t('error.network') : t('error.server', { message: (e as Error).message }),
      );
    });
    return () => controller.abort();
  }, [filters, page, reload]);

  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const pages = data ? Math.max(1, Math.ceil(data.total / data.size)) : 1;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">{t('inbox.heading')}</h1>
      <form
        class="filters"
        aria-label={t('inbox.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setNotice('');
          setFilters(draft);
          // Applying the same filters again reads the inbox again: what arrived since shows.
          setReload((n) => n + 1);
        }}
      >
        <label>
          {t('inbox.kind')}
          <select name="kind" value={draft.kind} onChange={set('kind')}>
            <option value="">{t('customers.any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}` as Key)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.site')}
          <select name="site" value={draft.site} onChange={set('site')}>
            <option value="">{t('customers.any')}</option>
            {(data?.sites ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.matched')}
          <select name="matched" value={draft.matched} onChange={set('matched')}>
            <option value="">{t('customers.any')}</option>
            <option value="yes">{t('inbox.matchedYes')}</option>
            <option value="no">{t('inbox.matchedNo')}</option>
          </select>
        </label>
        <label>
          {t('inbox.state')}
          <select name="state" value={draft.state} onChange={set('state')}>
            <option value="">{t('customers.any')}</option>
            <option value="open">{t('inbox.state.open')}</option>
            <option value="adopted">{t('inbox.state.adopted')}</option>
            <option value="told">{t('inbox.state.told')}</option>
          </select>
        </label>
        <label>
          {t('inbox.minScore')}
          <input type="number" min={0} max={10} value={draft.minScore} onInput={set('minScore')} />
        </label>
        <label>
          {t('inbox.maxScore')}
          <input type="number" min={0} max={10} value={draft.maxScore} onInput={set('maxScore')} />
        </label>
        <label>
          {t('inbox.from')}
          <input type="date" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          {t('inbox.to')}
          <input type="date" value={draft.to} onInput={set('to')} />
        </label>
        <button type="submit">{t('customers.apply')}</button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setPage(1);
          }}
        >
          {t('customers.clear')}
        </button>
      </form>
      <p role="status" class="count">
        {error ??
          (data
            ? pluralForm(locale, data.total, {
                one: t('inbox.count.one', { total: data.total }),
                other: t('inbox.count', { total: data.total }),
              })
            : t('customers.loading'))}
      </p>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {data && data.rows.length === 0 ? <p class="empty">{filtered ? t('customers.noMatch') : t('inbox.empty')}</p> : null}
      {data && data.rows.length > 0 ? (
        <table class="worklist">
          <caption class="visually-hidden">{t('inbox.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.when')}</th>
              <th scope="col">{t('inbox.kind')}</th>
              <th scope="col">{t('inbox.score')}</th>
              <th scope="col">{t('inbox.comment')}</th>
              <th scope="col">{t('inbox.from.person')}</th>
              <th scope="col">{t('inbox.customer')}</th>
              <th scope="col">{t('inbox.site')}</th>
              <th scope="col">{t('inbox.followUp')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map(({ response: r, customerName, customerOwner, site, case: rowCase }) => (
              <tr key={r.id} data-response={r.id}>
                <td>{new Date(r.submittedAt).toLocaleString(locale)}</td>
                <td>{t(`kind.${r.kind}` as Key)}</td>
                <td class="num">{r.score ?? t('none')}</td>
                <td>{r.comment ?? t('none')}</td>
                <td>{r.respondent?.email ?? r.respondent?.name ?? t('inbox.anonymous')}</td>
                <td>
                  {r.customerId ? (
                    <a href={`/console/customers/${encodeURIComponent(r.customerId)}`} onClick={onLink}>
                      {customerName ?? r.customerId}
                    </a>
                  ) : (
                    <>
                      <span class="unmatched">{t('inbox.unmatched')}</span>
                      {props.canWrite ? (
                        open === r.id ? (
                          <LinkForm t={t} answer={r} onLinked={() => setReload(reload + 1)} />
                        ) : (
                          <>
                            {' '}
                            <button type="button" onClick={() => setOpen(r.id)}>
                              {t('inbox.linkOpen')}
                            </button>
                          </>
                        )
                      ) : null}
                    </>
                  )}
                </td>
                <td>{site ?? t('inbox.imported')}</td>
                <td>
                  <LoopCell
                    t={t}
                    locale={locale}
                    answer={r}
                    rowCase={rowCase}
                    customerOwner={customerOwner}
                    canWrite={props.canWrite}
                    owners={owners}
                    onChanged={(message) => {
                      setNotice(message);
                      setReload(reload + 1);
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.total > data.size ? <Pager t={t} page={page} pages={pages} onPage={setPage} /> : null}
    </section>
  );
}
