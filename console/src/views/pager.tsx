// Previous / "page N of M" / next under every paged list of the console.
import type { Key } from '../strings.ts';
import type { T } from './types.ts';

export function Pager({
  t,
  page,
  pages,
  onPage,
  label = 'page.label',
}: {
  t: T;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** What the navigation is called for screen readers, when a view has more than one list. */
  label?: Key;
}) {
  return (
    <nav class="pager" aria-label={t(label)}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('page.prev')}
      </button>
      <span>{t('page.of', { page, pages })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('page.next')}
      </button>
    </nav>
  );
}
