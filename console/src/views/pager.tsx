// Previous / "page N of M" (or "of more than M" for a list counted up to a cap) / next under every
// paged list of the console.
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
