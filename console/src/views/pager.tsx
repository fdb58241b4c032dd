// Previous / "page N of M" (or "of more than M" for a list counted up to a cap) / next under every
// paged list of the console; RangePager says which rows are shown instead ("51–100 of 2,400"),
// for a list paged by cursors (the customer worklist), where a page has no fixed number.
import type { Locale } from '#shared/i18n/locale.ts';
import type { Key } from '../strings.ts';
import type { T } from './types.ts';

export function Pager({
  t,
  page,
  pages,
  onPage,
  more = false,
  label = 'page.label',
}: {
  t: T;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** The list was counted only up to a cap: there are more pages than `pages`. */
  more?: boolean;
  /** What the navigation is called for screen readers, when a view has more than one list. */
  label?: Key;
}) {
  return (
    <nav class="pager" aria-label={t(label)}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('page.prev')}
      </button>
      <span>{t(more ? 'page.ofMore' : 'page.of', { page, pages })}</span>
      <button type="button" disabled={page >= pages && !more} onClick={() => onPage(page + 1)}>
        {t('page.next')}
      </button>
    </nav>
  );
}

/** Previous / "first–last of total" (or "of more than total") / next; a missing handler disables its button. */
export function RangePager({
  t,
  locale,
  first,
  last,
  total,
  more,
  onPrev,
  onNext,
}: {
  t: T;
  locale: Locale;
  /** The shown rows' places, counted from 1. */
  first: number;
  last: number;
  total: number;
  /** The list was counted only up to a cap: there are more than `total`. */
  more: boolean;
  onPrev?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
}) {
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  return (
    <nav class="pager" aria-label={t('page.label')}>
      <button type="button" disabled={!onPrev} onClick={onPrev}>
        {t('page.prev')}
      </button>
      <span>{t(more ? 'page.rangeMore' : 'page.range', { first: n(first), last: n(last), total: n(total) })}</span>
      <button type="button" disabled={!onNext} onClick={onNext}>
        {t('page.next')}
      </button>
    </nav>
  );
}
