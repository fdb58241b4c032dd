// Alerts and reviews: the open alerts (open or in handling) by owner and level with their reasons;
// with the write scope, assign or reassign them and escalate to a decision owner (the shared roles
// model; the change syncs to reps, and the extension of the person escalated to announces it).
// Below, the corrective items of every review, with their owner and state (editable with write).
import { useEffect, useState } from 'preact/hooks';
import { ALERT_STATUS_LABELS, INDICATOR_LABELS, renderEvidence } from '#shared/i18n/evidence.ts';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import type { WarningLevel } from '#shared/model/common.ts';
import type { Alert } from '#shared/model/risk.ts';
import { ApiError, api } from '../api.ts';
import { onLink } from '../router.ts';
import { LevelChip } from './customers.tsx';
import { Pager } from './pager.tsx';
import type { T } from './types.ts';

/** Levels that raise alerts, most severe first. */
const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;

interface Row {
  alert: Alert;
  customerName: string | null;
}
interface Group {
  owner: string;
  level: string;
  count: number;
  overdue: number;
}
interface AlertsPage {
  rows: Row[];
  total: number;
  page: number;
  size: number;
  groups: Group[];
  people: string[];
}
interface Filters {
  owner: string | null;
  assignee: string;
  level: string;
}
const EMPTY: Filters = { owner: null, assignee: '', level: '' };

function errorText(t: T, e: unknown): string {
  return e instanceof ApiError && e.status === 0 ? t('error.network') : t('error.server', { message: (e as Error).message });
}

function date(iso: string | undefined, locale: Locale, t: T): string {
  return iso ? new Date(iso).toLocaleDateString(locale, { timeZone: 'UTC' }) : t('none');
}

/** Counts of open alerts per owner and level; each count filters the list below. */
function Summary(props: { t: T; locale: Locale; groups: Group[]; onPick: (owner: string, level: string) => void }) {
  const { t, groups } = props;
  const owners = [...new Set(groups.map((g) => g.owner))];
  const cell = (owner: string, level: string) => groups.find((g) => g.owner === owner && g.level === level);
  return (
    <table class="worklist alerts-summary">
      <caption>{t('alerts.summary')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('alerts.col.owner')}</th>
          {LEVELS.map((l) => (
            <th scope="col" key={l}>
              <LevelChip level={l} locale={props.locale} />
            </th>
          ))}
          <th scope="col">{t('alerts.col.overdue')}</th>
        </tr>
      </thead>
      <tbody>
        {owners.map((owner) => (
          <tr key={owner}>
            <th scope="row">{owner || t('alerts.noOwner')}</th>
            {LEVELS.map((l) => {
              const g = cell(owner, l);
              return (
                <td key={l} class="num">
                  {g ? (
                    <button
                      type="button"
                      class="link"
                      aria-label={t('alerts.show', {
                        count: g.count,
                        owner: owner || t('alerts.noOwner'),
                        level: LEVEL_LABELS[props.locale][l],
                      })}
                      onClick={() => props.onPick(owner, l)}
                    >
                      {g.count}
                    </button>
                  ) : (
                    0
                  )}
                </td>
              );
            })}
            <td class="num">{groups.filter((g) => g.owner === owner).reduce((n, g) => n + g.overdue, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Assign or reassign (assignee and decision owner), or escalate to a decision owner. */
function RolesForm(props: { t: T; alert: Alert; name: string; listId: string; onChanged: (a: Alert) => void }) {
  const { t, alert } = props;
  const [assignee, setAssignee] = useState(alert.assignee ?? '');
  const [decisionOwner, setDecisionOwner] = useState(alert.decisionOwner ?? '');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const id = `roles-${alert.id}`;
  const send = async (body: unknown, done: string) => {
    setError('');
    setMessage('');
    try {
      const changed = await api<Alert>(`alerts/${encodeURIComponent(alert.id)}/roles`, { method: 'POST', body });
      setMessage(done);
      props.onChanged(changed);
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  return (
    <div class="roles-forms">
      <form
        aria-label={t('alerts.assignForm', { name: props.name })}
        onSubmit={(e) => {
          e.preventDefault();
          void send({ action: 'assign', assignee, decisionOwner }, t('alerts.assigned'));
        }}
      >
        <label for={`${id}-assignee`}>{t('alerts.assignee')}</label>
        <input
          id={`${id}-assignee`}
          list={props.listId}
          value={assignee}
          onInput={(e) => setAssignee((e.target as HTMLInputElement).value)}
        />
        <label for={`${id}-decider`}>{t('alerts.decisionOwner')}</label>
        <input
          id={`${id}-decider`}
          list={props.listId}
          value={decisionOwner}
          onInput={(e) => setDecisionOwner((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('alerts.assign')}</button>
      </form>
      <form
        aria-label={t('alerts.escalateForm', { name: props.name })}
        onSubmit={(e) => {
          e.preventDefault();
          if (!to.trim()) {
            setError(t('alerts.needTo'));
            return;
          }
          void send({ action: 'escalate', to, note }, t('alerts.escalated', { to: to.trim() }));
        }}
      >
        <label for={`${id}-to`}>{t('alerts.escalateTo')}</label>
        <input
          id={`${id}-to`}
          list={props.listId}
          value={to}
          aria-describedby={`${id}-to-hint`}
          onInput={(e) => setTo((e.target as HTMLInputElement).value)}
        />
        <span id={`${id}-to-hint`} class="hint">
          {t('alerts.escalateHint')}
        </span>
        <label for={`${id}-note`}>{t('alerts.note')}</label>
        <input id={`${id}-note`} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        <button type="submit">{t('alerts.escalate')}</button>
      </form>
      <p role="status">{message}</p>
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AlertItem(props: { t: T; locale: Locale; row: Row; canWrite: boolean; listId: string; now: string }) {
  const { t, locale } = props;
  const [alert, setAlert] = useState(props.row.alert);
  const [open, setOpen] = useState(false);
  const last = alert.escalations[alert.escalations.length - 1];
  const overdue = alert.dueAt !== undefined && alert.dueAt < props.now;
  const headingId = `alert-${alert.id}`;
  return (
    <li class="alert-item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <LevelChip level={alert.level as WarningLevel} locale={locale} />{' '}
        <a href={`/console/customers/${encodeURIComponent(alert.customerId)}`} onClick={onLink}>
          {props.row.customerName ?? alert.customerId}
        </a>{' '}
        · {INDICATOR_LABELS[locale][alert.indicator]}
      </h3>
      <dl class="card">
        <dt>{t('alerts.status')}</dt>
        <dd>{ALERT_STATUS_LABELS[locale][alert.status]}</dd>
        <dt>{t('alerts.raised')}</dt>
        <dd>{date(alert.raisedAt, locale, t)}</dd>
        <dt>{t('alerts.due')}</dt>
        <dd>
          {date(alert.dueAt, locale, t)}
          {overdue ? <strong class="overdue"> {t('alerts.overdue')}</strong> : null}
        </dd>
        <dt>{t('alerts.col.owner')}</dt>
        <dd>{alert.owner ?? t('none')}</dd>
        <dt>{t('alerts.assignee')}</dt>
        <dd>{alert.assignee ?? t('none')}</dd>
        <dt>{t('alerts.decisionOwner')}</dt>
        <dd>{alert.decisionOwner ?? t('none')}</dd>
        {last ? (
          <>
            <dt>{t('alerts.lastEscalation')}</dt>
            <dd>
              {t('alerts.escalation', { by: last.by, to: last.to, date: date(last.at, locale, t) })}
              {last.note ? ` — ${last.note}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="reasons-label">{t('alerts.reasons')}</p>
      {alert.evidence.length === 0 ? (
        <p class="empty">{t('none')}</p>
      ) : (
        <ul class="reasons">
          {alert.evidence.map((e, i) => (
            <li key={i}>{renderEvidence(e, locale)}</li>
          ))}
        </ul>
      )}
      {props.canWrite ? (
        <>
          <button type="button" aria-expanded={open} aria-controls={`${headingId}-roles`} onClick={() => setOpen(!open)}>
            {t('alerts.changeRoles')}
          </button>
          <div id={`${headingId}-roles`} hidden={!open}>
            {open ? (
              <RolesForm
                t={t}
                alert={alert}
                name={`${props.row.customerName ?? alert.customerId} · ${INDICATOR_LABELS[locale][alert.indicator]}`}
                listId={props.listId}
                onChanged={setAlert}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </li>
  );
}

function OpenAlerts(props: { t: T; locale: Locale; canWrite: boolean }) {
  const { t, locale } = props;
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AlertsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now] = useState(() => new Date().toISOString());
  /** Bumped on every apply: the same filters applied again read the alerts again. */
  const [reread, setReread] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ page: String(page), size: '20' });
    if (filters.owner !== null) params.set('owner', filters.owner);
    if (filters.assignee) params.set('assignee', filters.assignee);
    if (filters.level) params.set('level', filters.level);
    setError(null);
    api<AlertsPage>(`alerts?${params}`, { signal: controller.signal }).then(setData, (e) => {
      if ((e as Error).name !== 'AbortError') setError(errorText(t, e));
    });
    return () => controller.abort();
  }, [filters, page, reread]);

  const apply = (next: Filters) => {
    setDraft(next);
    setFilters(next);
    setPage(1);
    setReread((n) => n + 1);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.size)) : 1;
  const filtered = filters.owner !== null || Boolean(filters.assignee || filters.level);
  const noneAtAll = data !== null && data.groups.length === 0;
  const listId = 'alerts-people';
  return (
    <section aria-labelledby="open-alerts-heading">
      <h2 id="open-alerts-heading">{t('alerts.open')}</h2>
      {data && !noneAtAll ? (
        <Summary t={t} locale={locale} groups={data.groups} onPick={(owner, level) => apply({ ...EMPTY, owner, level })} />
      ) : null}
      <datalist id={listId}>
        {(data?.people ?? []).map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <form
        class="filters"
        aria-label={t('alerts.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <label>
          {t('alerts.col.owner')}
          <select
            name="owner"
            value={draft.owner === null ? '*' : draft.owner}
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              setDraft({ ...draft, owner: v === '*' ? null : v });
            }}
          >
            <option value="*">{t('customers.any')}</option>
            <option value="">{t('alerts.noOwner')}</option>
            {(data?.people ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.assignee')}
          <select
            name="assignee"
            value={draft.assignee}
            onChange={(e) => setDraft({ ...draft, assignee: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('customers.any')}</option>
            {(data?.people ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('customers.level')}
          <select
            name="level"
            value={draft.level}
            onChange={(e) => setDraft({ ...draft, level: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('customers.any')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABELS[locale][l]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('customers.apply')}</button>
        <button type="button" onClick={() => apply(EMPTY)}>
          {t('customers.clear')}
        </button>
      </form>
      <p role="status" class="count">
        {error ?? (data ? t('alerts.count', { total: data.total }) : t('alerts.loading'))}
      </p>
      {noneAtAll ? <p class="empty">{t('alerts.empty')}</p> : null}
      {data && !noneAtAll && data.rows.length === 0 && filtered ? <p class="empty">{t('alerts.noMatch')}</p> : null}
      {data && data.rows.length > 0 ? (
        <>
          <ul class="alert-list">
            {data.rows.map((r) => (
              <AlertItem
                key={`${r.alert.id}:${r.alert.rev}`}
                t={t}
                locale={locale}
                row={r}
                canWrite={props.canWrite}
                listId={listId}
                now={now}
              />
            ))}
          </ul>
          <Pager t={t} page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
    </section>
  );
}

interface ReviewsPage {
  rows: Row[];
  total: number;
  page: number;
  size: number;
}

/** One corrective item: its text, owner and state; with write, the owner and state can change. */
function CorrectionRow(props: {
  t: T;
  alertId: string;
  item: NonNullable<Alert['review']>['corrections'][number];
  canWrite: boolean;
}) {
  const { t } = props;
  const [item, setItem] = useState(props.item);
  const [owner, setOwner] = useState(item.owner ?? '');
  const [message, setMessage] = useState('');
  const id = `item-${props.alertId}-${item.id}`;
  const save = async (body: { owner?: string; done?: boolean }) => {
    setMessage('');
    try {
      const alert = await api<Alert>(`alerts/${encodeURIComponent(props.alertId)}/corrections/${encodeURIComponent(item.id)}`, {
        method: 'POST',
        body,
      });
      const next = alert.review?.corrections.find((c) => c.id === item.id);
      if (next) setItem(next);
      setMessage(t('reviews.saved'));
    } catch (e) {
      setMessage(errorText(t, e));
    }
  };
  return (
    <tr>
      <th scope="row" id={`${id}-text`}>
        {item.text}
      </th>
      <td>
        {props.canWrite ? (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              void save({ owner });
            }}
          >
            <label class="visually-hidden" for={`${id}-owner`}>
              {t('reviews.ownerOf', { text: item.text })}
            </label>
            <input
              id={`${id}-owner`}
              list="alerts-people"
              value={owner}
              onInput={(e) => setOwner((e.target as HTMLInputElement).value)}
            />
            <button type="submit" aria-describedby={`${id}-text`}>
              {t('reviews.saveOwner')}
            </button>
          </form>
        ) : (
          (item.owner ?? t('none'))
        )}
      </td>
      <td>
        <span class={item.done ? 'state done' : 'state todo'}>
          {item.done ? `✓ ${t('reviews.done')}` : `○ ${t('reviews.todo')}`}
        </span>
        {props.canWrite ? (
          <>
            {' '}
            <button type="button" aria-describedby={`${id}-text`} onClick={() => void save({ done: !item.done })}>
              {item.done ? t('reviews.reopen') : t('reviews.markDone')}
            </button>
          </>
        ) : null}
        <span role="status" class="saved">
          {message}
        </span>
      </td>
    </tr>
  );
}

function Reviews(props: { t: T; locale: Locale; canWrite: boolean }) {
  const { t, locale } = props;
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ReviewsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ page: String(page), size: '20' });
    if (onlyOpen) params.set('open', 'yes');
    api<ReviewsPage>(`reviews?${params}`, { signal: controller.signal }).then(setData, (e) => {
      if ((e as Error).name !== 'AbortError') setError(errorText(t, e));
    });
    return () => controller.abort();
  }, [onlyOpen, page]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.size)) : 1;
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t('reviews.heading')}</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={onlyOpen}
            onChange={(e) => {
              setOnlyOpen((e.target as HTMLInputElement).checked);
              setPage(1);
            }}
          />{' '}
          {t('reviews.onlyOpen')}
        </label>
      </p>
      <p role="status" class="count">
        {error ?? (data ? t('reviews.count', { total: data.total }) : t('alerts.loading'))}
      </p>
      {data && data.rows.length === 0 ? <p class="empty">{onlyOpen ? t('reviews.noneOpen') : t('reviews.empty')}</p> : null}
      {data?.rows.map((r) => (
        <table class="worklist review" key={r.alert.id}>
          <caption>
            <a href={`/console/customers/${encodeURIComponent(r.alert.customerId)}`} onClick={onLink}>
              {r.customerName ?? r.alert.customerId}
            </a>{' '}
            · {INDICATOR_LABELS[locale][r.alert.indicator]} ·{' '}
            {t('reviews.reviewedAt', { date: date(r.alert.review?.reviewedAt, locale, t) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('reviews.item')}</th>
              <th scope="col">{t('reviews.owner')}</th>
              <th scope="col">{t('reviews.state')}</th>
            </tr>
          </thead>
          <tbody>
            {(r.alert.review?.corrections ?? []).map((item) => (
              <CorrectionRow key={item.id} t={t} alertId={r.alert.id} item={item} canWrite={props.canWrite} />
            ))}
          </tbody>
        </table>
      ))}
      {data && data.total > data.size ? <Pager t={t} page={page} pages={pages} onPage={setPage} label="reviews.pages" /> : null}
    </section>
  );
}

export function AlertsView(props: { t: T; locale: Locale; canWrite: boolean }) {
  const { t } = props;
  return (
    <section aria-labelledby="alerts-heading" class="alerts">
      <h1 id="alerts-heading">{t('alerts.heading')}</h1>
      <p>{props.canWrite ? t('alerts.introWrite') : t('alerts.introRead')}</p>
      <OpenAlerts {...props} />
      <Reviews {...props} />
    </section>
  );
}
