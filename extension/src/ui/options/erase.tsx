// Erase all: every customer record in this browser, after the rep types a confirmation word.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtNumber, t } from '../text.ts';
import { Field, Modal } from '../widgets.tsx';

export function EraseSection({ locale }: { locale: Locale }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const word = t(locale, 'erase.word');
  const erase = async (e: Event) => {
    e.preventDefault();
    if (typed.trim() !== word) return setError(t(locale, 'erase.mismatch', { word }));
    try {
      const counts = await api.eraseEverything({ confirm: 'ERASE' });
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      setDone(t(locale, 'erase.done', { count: fmtNumber(locale, total) }));
      setAsking(false);
      setTyped('');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section id="erase" aria-labelledby="erase-head">
      <h2 id="erase-head">{t(locale, 'options.erase')}</h2>
      <p class="muted">{t(locale, 'erase.intro')}</p>
      <button
        type="button"
        class="danger"
        onClick={() => {
          setAsking(true);
          setError('');
          setDone('');
        }}
      >
        {t(locale, 'erase.button')}
      </button>
      <div aria-live="polite">{done && <p class="notice ok">{done}</p>}</div>
      {asking && (
        <Modal title={t(locale, 'erase.title')} onClose={() => setAsking(false)} locale={locale}>
          <form class="stack" onSubmit={erase} noValidate>
            <p class="notice bad">{t(locale, 'erase.warning')}</p>
            <Field label={t(locale, 'erase.typeWord', { word })} error={error || undefined}>
              {(p) => (
                <input
                  {...p}
                  value={typed}
                  autocomplete="off"
                  onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
            <div class="dialog-actions">
              <button type="button" onClick={() => setAsking(false)}>
                {t(locale, 'action.cancel')}
              </button>
              <button type="submit" class="danger primary">
                {t(locale, 'erase.confirm')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
