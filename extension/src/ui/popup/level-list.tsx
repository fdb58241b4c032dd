// A level's count in the popup opens the list of customers at that level (riskiest first).
import type { WarningLevel } from '#shared/model/index.ts';
import { api } from '../../api/client.ts';
import { LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtNumber, t } from '../text.ts';

export function LevelList({
  level,
  locale,
  onOpen,
}: {
  level: WarningLevel;
  locale: Locale;
  onOpen: (customerId: string) => void;
}) {
  const [list] = useLoad(() => api.customersAt({ level }), [level]);
  if (list.state !== 'ready') return <LoadState value={list} locale={locale} />;
  if (list.data.length === 0) return <p class="muted">{t(locale, 'popup.levelEmpty')}</p>;
  return (
    <ul class="plain items" id={`level-list-${level}`}>
      {list.data.map((c) => (
        <li key={c.customerId}>
          <button type="button" class="item" onClick={() => onOpen(c.customerId)}>
            <strong>{c.name}</strong>
            <span class="small muted">{t(locale, 'popup.levelScore', { score: fmtNumber(locale, c.score) })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
