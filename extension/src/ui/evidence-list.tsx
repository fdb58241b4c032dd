// Warning reasons with their evidence, strongest first.
import type { Reason } from '../base/ports.ts';
import { type Locale, t } from './i18n.ts';

export function EvidenceList({ reasons, locale }: { reasons: Reason[]; locale: Locale }) {
  if (reasons.length === 0) return <p class="kehu-muted">{t(locale, 'card.noReasons')}</p>;
  return (
    <ol class="kehu-reasons">
      {reasons.map((r) => (
        <li key={r.indicator}>
          <strong>{r.label}</strong>
          {r.evidence.length > 0 && (
            <ul>
              {r.evidence.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

export const EVIDENCE_CSS = `
.kehu-reasons { margin: 0.25em 0 0; padding-left: 1.3em; }
.kehu-reasons > li { margin: 0.2em 0; }
.kehu-reasons ul { margin: 0.1em 0 0; padding-left: 1.1em; font-weight: 400; }
.kehu-muted { color: #4b5563; margin: 0.2em 0; }
`;
