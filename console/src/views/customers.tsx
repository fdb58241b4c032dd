// The customer worklist: filters, sort and pages are applied by the collector; the page shows one
// page of rows at a time. The address holds the filters and the page (its cursor), so a reload,
// Back and Forward and a copied link show the same page.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/common.ts';
import type { CustomerTier } from '#shared/model/customer.ts';
import { ApiError, api } from '../api.ts';
import { navigate, onLink } from '../router.ts';
import type { Key } from '../strings.ts';
import { RangePager } from './pager.tsx';
import type { T } from './types.ts';

interface Row {
  id: string;
  name: string;
  owner: string | null;
  tier: string;
  stage: string | null;
  tags: string[];
  value: number | null;
  currency: string | null;
  level: WarningLevel;
  score: number;
}
interface Page {
  rows: Row[];
  /** Matching customers, counted up to a cap: with `more`, there are more than this. */
  total: number;
  more: boolean;
  /** The place of the first row in the list (0 = the first). */
  start: number;
  size: number;
  /** Cursors of the next and previous pages; null at either end. */
  next: string | null;
  prev: string | null;
}
/** Which page: the one after or before a cursor the collector gave, or (neither) the first. */
interface Cursor {
  after?: string;
  before?: string;
}
interface Filters {
  q: string;
  owner: string;
  level: string;
  tier: string;
  stage: string;
  tag: string;
  sort: string;
}

const EMPTY: Filters = { q: '', owner: '', level: '', tier: '', stage: '', tag: '', sort: 'risk' };
// Every tier of the shared model, without loading zod into the console: a tier added there and
// missing here fails the type check.
const TIER_NAMES: Record<CustomerTier, true> = { key: true, general: true, potential: true, 'no-need': true, unclassified: true };
const TIERS = Object.keys(TIER_NAMES) as CustomerTier[];
const STAGES = ['exploring', 'forming', 'stable', 'declining'] as const;
const SIZE = 50;

export function LevelChip(props: { level: WarningLevel; locale: Locale }) {
  return <span class={`level level-${props.level}`}>{LEVEL_LABELS[props.locale][props.level]}</span>;
}

/** The filters and the page an address names (/console/customers?owner=…&level=…&after=…), as the overview links to them. */
function fromAddress(address: string): { filters: Filters; cursor: Cursor } {
  const query = new URL(address, location.origin).searchParams;
  const filters = { ...EMPTY };
  for (const k of Object.keys(EMPTY) as (keyof Filters)[]) filters[k] = query.get(k) ?? filters[k];
  const after = query.get('after');
  const before = query.get('before');
  return { filters, cursor: after ? { after } : before ? { before } : {} };
}

/** The address of a page of the worklist. */
function toAddress(filters: Filters, cursor: Cursor): string {
  const query = new URLSearchParams();
  for (const k of Object.keys(EMPTY) as (keyof Filters)[]) if (filters[k] && filters[k] !== EMPTY[k]) query.set(k, filters[k]);
  if (cursor.after) query.set('after', cursor.after);
  else if (cursor.before) query.set('before', cursor.before);
  const text = query.toString();
  return `/console/customers${text ? `?${text}` : ''}`;
}

export function CustomersView(props: { t: T; locale: Locale; address: string }) {
  const { t, locale, address } = props;
  const { filters, cursor } = useMemo(() => fromAddress(address), [address]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<{ owners: string[]; tags: string[] }>({ owners: [], tags: [] });
  /** Bumped when the filters are applied again unchanged: the same address, read again. */
  const [reread, setReread] = useState(0);

  useEffect(() => {
    api<{ owners: string[]; tags: string[] }>('customers/filters').then(setChoices, () => {});
  }, []);

  // Another address (a page, Back, a link): its filters in the form.
  useEffect(() => setDraft(filters), [filters]);

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ size: String(SIZE), sort: filters.sort });
    for (const k of ['q', 'owner', 'level', 'tier', 'stage', 'tag'] as const) if (filters[k]) params.set(k, filters[k]);
    if (filters.sort !== 'name' && filters.sort !== 'owner') params.set('dir', 'desc');
    else params.set('dir', 'asc');
    if (cursor.after) params.set('after', cursor.after);
    else if (cursor.before) params.set('before', cursor.before);
    setError(null);
    api<Page>(`customers?${params}`, { signal: controller.signal }).then(setData, (e) => {
      if ((e as Error).name === 'AbortError') return;
      // A page address the collector no longer knows (an old link, another sort's page): the first page.
      if (e instanceof ApiError && e.status === 400 && (cursor.after || cursor.before)) {
        navigate(toAddress(filters, {}), { replace: true });
        return;
      }
      setError(
        e instanceof ApiError && e.status === 0 ? t('error.network') : t('error.server', { message: (e as Error).message }),
      );
    });
    return () => controller.abort();
  }, [filters, cursor, reread]);

  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'sort' && v);
  const select = (k: keyof Filters, label: Key, options: readonly { value: string; label: string }[]) => (
    <label>
      {t(label)}
      <select name={k} value={draft[k]} onChange={set(k)}>
        <option value="">{t('customers.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="customers-heading">
      <h1 id="customers-heading">{t('customers.heading')}</h1>
      <form
        class="filters"
        aria-label={t('customers.search')}
        onSubmit={(e) => {
          e.preventDefault();
          const next = toAddress(draft, {});
          // The same filters applied again: read the list again (levels move while a lead looks).
          if (next === address) setReread((n) => n + 1);
          else navigate(next);
        }}
      >
        <label>
          {t('customers.search')}
          <input type="search" name="q" value={draft.q} placeholder={t('customers.searchHint')} onInput={set('q')} />
        </label>
        {select(
          'owner',
          'customers.owner',
          choices.owners.map((o) => ({ value: o, label: o })),
        )}
        {select(
          'level',
          'customers.level',
          [...WARNING_LEVELS].reverse().map((l) => ({ value: l, label: LEVEL_LABELS[locale][l] })),
        )}
        {select(
          'tier',
          'customers.tier',
          TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) })),
        )}
        {select(
          'stage',
          'customers.stage',
          STAGES.map((v) => ({ value: v, label: t(`stage.${v}`) })),
        )}
        {select(
          'tag',
          'customers.tag',
          choices.tags.map((v) => ({ value: v, label: v })),
        )}
        <label>
          {t('customers.sort')}
          <select name="sort" value={draft.sort} onChange={set('sort')}>
            {(['risk', 'name', 'value', 'owner'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`customers.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('customers.apply')}</button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            navigate(toAddress(EMPTY, {}));
          }}
        >
          {t('customers.clear')}
        </button>
      </form>
      <p role="status" class="count">
        {error ??
          (data ? t(data.more ? 'customers.countMore' : 'customers.count', { total: data.total }) : t('customers.loading'))}
      </p>
      {data && data.rows.length === 0 ? <p class="empty">{filtered ? t('customers.noMatch') : t('customers.empty')}</p> : null}
      {data && data.rows.length > 0 ? (
        <>
          <table class="worklist">
            <caption class="visually-hidden">{t('customers.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customers.col.name')}</th>
                <th scope="col">{t('customers.col.level')}</th>
                <th scope="col">{t('customers.col.score')}</th>
                <th scope="col">{t('customers.col.owner')}</th>
                <th scope="col">{t('customers.col.tier')}</th>
                <th scope="col">{t('customers.col.stage')}</th>
                <th scope="col">{t('customers.col.value')}</th>
                <th scope="col">{t('customers.col.tags')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id} data-customer={r.id}>
                  <th scope="row">
                    <a href={`/console/customers/${encodeURIComponent(r.id)}`} onClick={onLink}>
                      {r.name}
                    </a>
                  </th>
                  <td>
                    <LevelChip level={r.level} locale={locale} />
                  </td>
                  <td class="num">{r.score}</td>
                  <td>{r.owner ?? t('none')}</td>
                  <td>{t(`tier.${r.tier}` as Key)}</td>
                  <td>{r.stage ? t(`stage.${r.stage}` as Key) : t('none')}</td>
                  <td class="num">
                    {r.value == null
                      ? t('none')
                      : new Intl.NumberFormat(locale, r.currency ? { style: 'currency', currency: r.currency } : {}).format(
                          r.value,
                        )}
                  </td>
                  <td>{r.tags.join(', ') || t('none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <RangePager
            t={t}
            locale={locale}
            first={data.start + 1}
            last={data.start + data.rows.length}
            total={data.total}
            more={data.more}
            onPrev={data.prev ? () => navigate(toAddress(filters, { before: data.prev ?? '' })) : undefined}
            onNext={data.next ? () => navigate(toAddress(filters, { after: data.next ?? '' })) : undefined}
          />
        </>
      ) : null}
    </section>
  );
}
