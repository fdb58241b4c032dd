// The policy editor's "Import a policy file": choose the JSON a calibration wrote, see every setting
// it would change beside the value in force (or, for a bad file, each problem by field), then apply
// the changes to the form — or discard them. Applying only fills the form: the rep previews,
// backtests and saves a new version as with any edit.
import type { Policy } from '#shared/model/policy.ts';
import { useState } from 'preact/hooks';
import { problemText } from '../errors.ts';
import { type Locale, levelLabel } from '../i18n.ts';
import { policyLabel } from '../policy-labels.ts';
import { fmtNumber, t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { POLICY_FILE_MAX_BYTES, type PolicyImportResult, readPolicyFile, tooBig } from './policy-import.ts';

export function PolicyImport({
  current,
  paths,
  locale,
  onApply,
}: {
  current: Policy;
  paths: readonly string[];
  locale: Locale;
  onApply: (policy: Policy) => void;
}) {
  const [file, setFile] = useState('');
  const [result, setResult] = useState<PolicyImportResult | null>(null);
  const [applied, setApplied] = useState('');

  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = '';
    setApplied('');
    if (!chosen) return;
    setFile(chosen.name);
    setResult(chosen.size > POLICY_FILE_MAX_BYTES ? tooBig() : readPolicyFile(await chosen.text(), current, paths));
  };
  const label = (path: string) => (path === 'alertMinLevel' ? t(locale, 'policy.alertMinLevel') : policyLabel(locale, path));
  const value = (path: string, v: number | string) =>
    path === 'alertMinLevel' ? levelLabel(locale, v as Policy['alertMinLevel']) : fmtNumber(locale, v as number);

  return (
    <fieldset>
      <legend>{t(locale, 'policy.import')}</legend>
      <Field label={t(locale, 'policy.importFile')} hint={t(locale, 'policy.importHint')}>
        {(p) => <input {...p} type="file" accept=".json,application/json" onChange={choose} />}
      </Field>
      <div aria-live="polite">
        {result && !result.ok && (
          <div class="error" role="alert">
            <p>{t(locale, 'policy.importInvalid', { file })}</p>
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  {p.field ? `${label(p.field)} (${p.field}): ` : ''}
                  {problemText(locale, p)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result?.ok && result.changes.length === 0 && (
          <p class="notice">{t(locale, 'policy.importSame', { file, version: result.policy.version })}</p>
        )}
        {result?.ok && result.changes.length > 0 && (
          <div class="notice">
            <table>
              <caption>
                {t(locale, 'policy.importCaption', { file, version: result.policy.version, count: result.changes.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t(locale, 'policy.importSetting')}</th>
                  <th scope="col">{t(locale, 'policy.importInForce')}</th>
                  <th scope="col">{t(locale, 'policy.importInFile')}</th>
                </tr>
              </thead>
              <tbody>
                {result.changes.map((c) => (
                  <tr key={c.path}>
                    <th scope="row">{label(c.path)}</th>
                    <td>{value(c.path, c.from)}</td>
                    <td>{value(c.path, c.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="row">
              <button
                type="button"
                class="primary"
                onClick={() => {
                  onApply(result.policy);
                  setApplied(t(locale, 'policy.importApplied', { count: result.changes.length }));
                  setResult(null);
                }}
              >
                {t(locale, 'policy.importApply')}
              </button>
              <button type="button" onClick={() => setResult(null)}>
                {t(locale, 'policy.importDiscard')}
              </button>
            </div>
          </div>
        )}
        {applied && (
          <p class="notice ok" role="status">
            {applied}
          </p>
        )}
      </div>
    </fieldset>
  );
}
