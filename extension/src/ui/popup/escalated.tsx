// The popup's list of alerts and cases escalated to this rep (their name in Settings is the address
// escalations are made to). Hidden when there are none.
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import type { Indicator } from '#shared/model/index.ts';
import { api } from '../../api/client.ts';
import { useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { fmtDateTime, t } from '../text.ts';

export function EscalatedToMe({ locale, onOpen }: { locale: Locale; onOpen: (customerId: string) => void }) {
  const [list] = useLoad(() => api.escalatedToMe({}), []);
  if (list.state !== 'ready' || list.data.length === 0) return null;
  return (
    <section aria-labelledby="escalated">
      <h2 id="escalated">{t(locale, 'popup.escalated')}</h2>
      <ul class="plain items">
        {list.data.map((e) => (
          <li key={`${e.id}${e.at}`}>
            <button type="button" class="item" onClick={() => onOpen(e.customerId)}>
              <span class="row">
                {e.level && <LevelChip level={e.level} locale={locale} />}
                <strong>{e.customerName}</strong>
              </span>
              <span class="small">
                {e.kind === 'alert' ? INDICATOR_LABELS[locale][e.title as Indicator] : e.title}
                {e.note ? ` — ${e.note}` : ''}
              </span>
              <span class="small muted">
                {t(locale, 'roles.escalation', { by: e.by, to: t(locale, 'roles.you') })} · {fmtDateTime(locale, e.at)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
