// A customer nobody has screened yet (an unknown sender added from the mailbox) is "unclassified",
// not "potential": the practice's 潜在 is a strong prospect, a judgement the rep makes. The panel asks
// for that judgement with one button per classification (key-customer step 2, screen and organise).
import type { Customer, CustomerTier } from '#shared/model/index.ts';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { problemsByField, reasonText } from '../errors.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { t } from '../text.ts';

const CHOICES: readonly Exclude<CustomerTier, 'unclassified'>[] = ['key', 'general', 'potential', 'no-need'];

export function ClassifyPrompt({ customer: c, locale }: { customer: Customer; locale: Locale }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (c.tier !== 'unclassified') return null;
  const choose = async (tier: CustomerTier) => {
    setBusy(true);
    setError('');
    try {
      const r = await api.saveCustomerDraft({ id: c.id, tier });
      if (!r.ok) setError(Object.values(problemsByField(locale, r.errors)).join(' '));
    } catch (err) {
      setError(reasonText(locale, errorText(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="notice warn stack" aria-labelledby="kehu-classify-heading">
      <h2 id="kehu-classify-heading">{t(locale, 'classify.heading')}</h2>
      <p class="small">{t(locale, 'classify.hint')}</p>
      <div class="row">
        {CHOICES.map((tier) => (
          <button key={tier} type="button" disabled={busy} onClick={() => choose(tier)}>
            {t(locale, `card.tier.${tier}`)}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
