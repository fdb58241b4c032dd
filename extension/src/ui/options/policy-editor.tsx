// The risk policy editor: every setting of the policy in force, checked as a whole by the shared
// schema as the rep types (thresholds must rise, windows must nest…), a preview of how many
// customers would change level, and saving as a new version with a note. Earlier versions stay
// listed: every assessment names the version that produced it. When the team's version is synced
// from the collector it is in force (store/policy.ts): the editor then starts from it, says so, and
// what the rep saves is their own draft, which changes no level.
import { Policy, WARNING_LEVELS } from '#shared/model/index.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { MethodOutput } from '../../api/methods.ts';
import { problemsByField } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import { type Locale, levelLabel } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { policyLabel, policyValue, withPolicyValue } from '../policy-labels.ts';
import { fmtDateTime, fmtNumber, t, tCount } from '../text.ts';
import { Field } from '../widgets.tsx';
import { BacktestTable, type PolicyBacktestResult } from './policy-backtest.tsx';
import { PolicyImport } from './policy-import-view.tsx';

type PolicyInfo = MethodOutput<'riskPolicy'>;
type Preview = Extract<MethodOutput<'previewRiskPolicy'>, { ok: true }>['preview'];

const MAIN_GROUPS = ['thresholds', 'weights', 'general', 'windows', 'watch'] as const;
const GENERAL = ['hysteresis', 'graceDays', 'trendDelta'];

export function PolicySection({ locale }: { locale: Locale }) {
  const [info, reload] = useLoad(() => api.riskPolicy(undefined), []);
  // Kept here: saving makes a new version, and the editor starts afresh on it.
  const [saved, setSaved] = useState('');
  const team = info.state === 'ready' ? info.data.team : null;
  return (
    <section id="policy" aria-labelledby="policy-head">
      <h2 id="policy-head">{t(locale, 'options.policy')}</h2>
      <p class="muted">{t(locale, 'policy.intro')}</p>
      {info.state !== 'ready' ? (
        <LoadState value={info} locale={locale} />
      ) : (
        <Editor
          key={`${info.data.current.version}/${team?.policy.version ?? 0}`}
          info={info.data}
          locale={locale}
          onSaved={(version, draft) => {
            setSaved(
              draft && team
                ? t(locale, 'policy.savedDraft', { version, team: team.policy.version })
                : t(locale, 'policy.saved', { version }),
            );
            reload();
          }}
        />
      )}
      {saved && (
        <p class="notice ok" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}

function groupOf(path: string): string {
  const g = path.split('.')[0]!;
  return GENERAL.includes(g) ? 'general' : g;
}

function Editor({
  info,
  locale,
  onSaved,
}: {
  info: PolicyInfo;
  locale: Locale;
  onSaved: (version: number, draft: boolean) => void;
}) {
  // The rep's own newest version numbers the next save; the edit starts from the policy in force.
  const own = info.current;
  const team = info.team;
  const current = team?.policy ?? own;
  const initial = useMemo(
    () => Object.fromEntries(info.paths.map((p) => [p, String(policyValue(current, p) ?? '')])),
    [info, current],
  );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [alertMinLevel, setAlertMinLevel] = useState(current.alertMinLevel);
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'' | 'preview' | 'backtest' | 'save'>('');
  const [backtest, setBacktest] = useState<PolicyBacktestResult | null>(null);
  const [failure, setFailure] = useState('');

  // The edited policy as the shared schema sees it; problems by dotted path.
  const { edited, errors, changed } = useMemo(() => {
    let candidate: Record<string, unknown> = { ...current, alertMinLevel };
    const errs: Record<string, string> = {};
    let n = 0;
    for (const path of info.paths) {
      const text = (values[path] ?? '').trim().replace(',', '.');
      const num = Number(text);
      if (!text || !Number.isFinite(num)) errs[path] = t(locale, 'err.number');
      candidate = withPolicyValue(candidate, path, Number.isFinite(num) && text ? num : Number.NaN);
      if (Number.isFinite(num) && num !== policyValue(current, path)) n++;
    }
    if (alertMinLevel !== current.alertMinLevel) n++;
    const parsed = Policy.safeParse(candidate);
    if (!parsed.success) {
      const byField = problemsByField(
        locale,
        parsed.error.issues.map((i) => ({ ...i, field: i.path.join('.'), params: issueParams(i) })),
      );
      for (const [k, v] of Object.entries(byField)) if (!errs[k]) errs[k] = v;
    }
    return { edited: candidate, errors: errs, changed: n };
  }, [values, alertMinLevel, info, current, locale]);

  useEffect(() => {
    setPreview(null);
    setBacktest(null);
  }, [values, alertMinLevel]);

  const valid = Object.keys(errors).length === 0;
  const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = edited as Policy;

  const runPreview = async () => {
    setBusy('preview');
    setFailure('');
    try {
      const r = await api.previewRiskPolicy({ policy: settings });
      if (r.ok) setPreview(r.preview);
      else setFailure(r.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy('');
    }
  };
  const runBacktest = async () => {
    setBusy('backtest');
    setFailure('');
    try {
      const r = await api.backtestRiskPolicy({ policy: settings });
      if (r.ok) setBacktest({ labelDays: r.labelDays, ...r.result });
      else setFailure(r.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy('');
    }
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!valid || changed === 0) return;
    setBusy('save');
    setFailure('');
    try {
      const r = await api.saveRiskPolicy({ policy: settings, ...(note.trim() ? { note: note.trim() } : {}) });
      if (r.ok) onSaved(r.policy.version, r.draft);
      else setFailure(r.errors.map((x) => `${x.field}: ${x.message}`).join('; '));
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy('');
    }
  };

  const field = (path: string) => (
    <Field key={path} label={policyLabel(locale, path)} error={errors[path]} hint={hintFor(locale, path)}>
      {(p) => (
        <input
          {...p}
          inputMode="decimal"
          value={values[path]}
          onInput={(e) => setValues({ ...values, [path]: (e.currentTarget as HTMLInputElement).value })}
        />
      )}
    </Field>
  );
  const paths = (group: string) => info.paths.filter((p) => groupOf(p) === group);
  const advanced = [...new Set(info.paths.map(groupOf))].filter((g) => !(MAIN_GROUPS as readonly string[]).includes(g));

  return (
    <form class="stack" onSubmit={save} noValidate>
      {team ? (
        <div class="notice warn" role="note" aria-labelledby="policy-team-head" data-testid="policy-team">
          <p>
            <strong id="policy-team-head">{t(locale, 'policy.team.title')}</strong>
          </p>
          <p>
            {t(locale, 'policy.team.inForce', {
              version: team.policy.version,
              date: fmtDateTime(locale, team.setAt),
              by: team.setBy,
            })}
            {team.policy.note ? ` — ${team.policy.note}` : ''}
          </p>
          <p>{t(locale, 'policy.team.draft')}</p>
        </div>
      ) : (
        <p>
          {t(locale, 'policy.current', {
            version: current.version,
            date: fmtDateTime(locale, current.createdAt),
            by: current.createdBy,
          })}
          {current.note ? ` — ${current.note}` : ''}
        </p>
      )}
      {MAIN_GROUPS.map((g) => (
        <fieldset key={g}>
          <legend>{t(locale, `policy.group.${g}`)}</legend>
          {errors[g] && <p class="error">{errors[g]}</p>}
          <div class="grid2">{paths(g).map(field)}</div>
          {g === 'general' && (
            <Field label={t(locale, 'policy.alertMinLevel')} hint={t(locale, 'policy.alertMinLevelHint')}>
              {(p) => (
                <select
                  {...p}
                  value={alertMinLevel}
                  onChange={(e) => setAlertMinLevel((e.currentTarget as HTMLSelectElement).value as Policy['alertMinLevel'])}
                >
                  {WARNING_LEVELS.filter((l) => l !== 'none').map((l) => (
                    <option key={l} value={l}>
                      {levelLabel(locale, l)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
      ))}
      <details>
        <summary>{t(locale, 'policy.advanced')}</summary>
        {advanced.map((g) => (
          <fieldset key={g}>
            <legend>{t(locale, `policy.group.${g}` as 'policy.group.general')}</legend>
            <div class="grid2">{paths(g).map(field)}</div>
          </fieldset>
        ))}
      </details>
      <PolicyImport
        current={current}
        paths={info.paths}
        locale={locale}
        onApply={(file) => {
          setValues(Object.fromEntries(info.paths.map((p) => [p, String(policyValue(file, p) ?? '')])));
          setAlertMinLevel(file.alertMinLevel);
          if (!note.trim() && file.note) setNote(file.note);
        }}
      />
      <Field label={t(locale, 'policy.note')} hint={t(locale, 'policy.noteHint')}>
        {(p) => (
          <input {...p} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} maxLength={2000} />
        )}
      </Field>
      <p class="small" role="status">
        {valid ? tCount(locale, 'policy.changed', changed) : tCount(locale, 'policy.invalid', Object.keys(errors).length)}
      </p>
      <div class="row">
        <button type="button" onClick={runPreview} disabled={!valid || busy !== ''}>
          {busy === 'preview' ? t(locale, 'policy.previewing') : t(locale, 'policy.preview')}
        </button>
        <button type="button" onClick={runBacktest} disabled={!valid || busy !== ''}>
          {busy === 'backtest' ? t(locale, 'policy.backtesting') : t(locale, 'policy.backtest')}
        </button>
        <button type="submit" class="primary" disabled={!valid || changed === 0 || busy !== ''}>
          {team
            ? t(locale, 'policy.saveDraft', { version: own.version + 1 })
            : t(locale, 'policy.save', { version: own.version + 1 })}
        </button>
        <button
          type="button"
          onClick={() => {
            setValues(initial);
            setAlertMinLevel(current.alertMinLevel);
          }}
          disabled={changed === 0}
        >
          {t(locale, 'policy.reset')}
        </button>
      </div>
      <div aria-live="polite">{preview && <PreviewTable preview={preview} locale={locale} />}</div>
      <div aria-live="polite">{backtest && <BacktestTable result={backtest} locale={locale} />}</div>
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <details>
        <summary>
          {team
            ? t(locale, 'policy.team.own', { count: info.versions.length })
            : t(locale, 'policy.versions', { count: info.versions.length })}
        </summary>
        <ul>
          {[...info.versions].reverse().map((v) => (
            <li key={v.version}>
              {t(locale, 'policy.versionLine', { version: v.version, date: fmtDateTime(locale, v.createdAt), by: v.createdBy })}
              {v.note ? ` — ${v.note}` : ''}
            </li>
          ))}
        </ul>
      </details>
    </form>
  );
}

function issueParams(issue: unknown): Record<string, string | number> {
  const i = issue as Record<string, unknown>;
  const out: Record<string, string | number> = {};
  if (typeof i.minimum === 'number') out.minimum = i.minimum;
  if (typeof i.maximum === 'number') out.maximum = i.maximum;
  if (typeof i.origin === 'string') out.origin = i.origin;
  return out;
}

function hintFor(locale: Locale, path: string): string | undefined {
  if (path.startsWith('weights.')) return t(locale, 'policy.hint.weight');
  if (path.startsWith('thresholds.')) return t(locale, 'policy.hint.threshold');
  const key = `policy.hint.${path}`;
  return ['policy.hint.hysteresis', 'policy.hint.graceDays', 'policy.hint.watch.share', 'policy.hint.watch.sensitivity'].includes(
    key,
  )
    ? t(locale, key as 'policy.hint.hysteresis')
    : undefined;
}

function PreviewTable({ preview, locale }: { preview: Preview; locale: Locale }) {
  return (
    <div class="notice">
      <p>
        <strong>
          {t(locale, 'policy.previewResult', {
            changed: fmtNumber(locale, preview.changed),
            assessed: fmtNumber(locale, preview.assessed),
            up: fmtNumber(locale, preview.up),
            down: fmtNumber(locale, preview.down),
          })}
        </strong>
      </p>
      <table>
        <caption class="visually-hidden">{t(locale, 'policy.previewCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(locale, 'risk.level')}</th>
            <th scope="col">{t(locale, 'policy.now')}</th>
            <th scope="col">{t(locale, 'policy.after')}</th>
          </tr>
        </thead>
        <tbody>
          {[...WARNING_LEVELS].reverse().map((l) => (
            <tr key={l}>
              <th scope="row">
                <LevelChip level={l} locale={locale} full />
              </th>
              <td>{fmtNumber(locale, preview.before[l])}</td>
              <td>{fmtNumber(locale, preview.after[l])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
