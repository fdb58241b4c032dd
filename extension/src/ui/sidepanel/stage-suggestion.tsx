// The lifecycle stage suggested from the history, beside the stage on the data card: the rep reads
// why and confirms it with one button (it is never set by itself).
import type { Customer } from '#shared/model/index.ts';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { t } from '../text.ts';

export function StageSuggestion({ customer: c, locale }: { customer: Customer; locale: Locale }) {
  const [s] = useLoad(() => api.stageSuggestionOf({ customerId: c.id }), [c.id, c.rev]);
  const [busy, setBusy] = useState(false);
  if (s.state !== 'ready' || !s.data || s.data.stage === c.stage) return null;
  const { stage, reason, ordersRecent, ordersBefore } = s.data;
  return (
    <span class="small">
      {' '}
      {t(locale, 'stage.suggested', { stage: t(locale, `card.stage.${stage}`) })}{' '}
      <span class="muted">({t(locale, `stage.reason.${reason}`, { recent: ordersRecent, before: ordersBefore })})</span>{' '}
      <button
        type="button"
        class="link"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await api.saveCustomerDraft({ id: c.id, stage });
          } finally {
            setBusy(false);
          }
        }}
      >
        {t(locale, 'stage.confirm')}
      </button>
    </span>
  );
}
