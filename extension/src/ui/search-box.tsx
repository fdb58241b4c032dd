// Search across customers, contacts and domains: a combobox (WAI-ARIA 1.2 pattern). Typing asks
// the background after a short pause; arrow keys move through the results, Enter picks one,
// Escape closes the list.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { MethodOutput } from '../api/methods.ts';
import type { Locale } from './i18n.ts';
import { LevelChip } from './level-chip.tsx';
import { t } from './text.ts';

export type SearchHit = MethodOutput<'search'>[number];

export function SearchBox({
  locale,
  onPick,
  autoFocus = false,
}: {
  locale: Locale;
  onPick: (hit: SearchHit) => void;
  autoFocus?: boolean;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searched, setSearched] = useState('');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setHits([]);
      setSearched('');
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api.search({ query: q, limit: 12 }).then(
        (r) => {
          if (mine !== seq.current) return;
          setHits(r);
          setSearched(q);
          setActive(r.length > 0 ? 0 : -1);
          setOpen(true);
        },
        () => {},
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setQuery('');
    onPick(hit);
  };

  const listId = `${id}-list`;
  const expanded = open && query.trim().length > 0;
  return (
    <div class="combo">
      <label class="visually-hidden" for={id}>
        {t(locale, 'search.label')}
      </label>
      <input
        ref={input}
        id={id}
        type="text"
        // biome-ignore lint/a11y/noRedundantRoles: without a real list attribute the input is a textbox; the role makes it a combobox.
        role="combobox"
        list={undefined}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
        placeholder={t(locale, 'search.placeholder')}
        value={query}
        autocomplete="off"
        onInput={(e) => {
          setQuery((e.currentTarget as HTMLInputElement).value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(hits.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            if (expanded && active >= 0) {
              e.preventDefault();
              pick(hits[active]);
            }
          } else if (e.key === 'Escape') {
            if (expanded) {
              e.preventDefault();
              setOpen(false);
            }
          }
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <div id={listId} role="listbox" aria-label={t(locale, 'search.results')} hidden={!expanded}>
        {expanded && searched && hits.length === 0 && (
          <div role="option" aria-selected={false} aria-disabled="true" tabIndex={-1} class="muted">
            {t(locale, 'search.none', { query: searched })}
          </div>
        )}
        {expanded &&
          hits.map((h, i) => (
            // The combobox input handles the keys (aria-activedescendant); an option takes a click.
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox input.
            <div
              key={`${h.customerId}:${h.contactId}`}
              id={`${id}-opt-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(h)}
            >
              <div class="spread">
                <strong>{h.contactId ? h.contactName || h.detail : h.customerName}</strong>
                {h.level && <LevelChip level={h.level} locale={locale} />}
              </div>
              <div class="small muted">
                {h.contactId
                  ? h.customerName
                    ? t(locale, 'search.contactOf', { customer: h.customerName, detail: h.detail })
                    : t(locale, 'search.contactAlone', { detail: h.detail })
                  : h.detail}
              </div>
            </div>
          ))}
      </div>
    </div>
  );
}
