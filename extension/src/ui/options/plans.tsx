// The team's plans (预案): choose an indicator and a level, see the plan new alerts get there (Kehu's
// built-in playbook, or the team's own with its version), and edit it. Saving makes the plan's next
// version, which syncs to every rep; "Use the built-in plan" removes the team's plan again.
import { STRATEGY_HINTS, STRATEGY_LABELS } from '#shared/i18n/evidence.ts';
import { INDICATORS, type Indicator, type Strategy } from '#shared/model/risk.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { problemsByField, reasonText } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import { type Locale, levelLabel } from '../i18n.ts';
import { fmtDate, t } from '../text.ts';
import { Field } from '../widgets.tsx';

const LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
type Level = (typeof LEVELS)[number];
const STRATEGIES: Strategy[] = ['isolate', 'suspend', 'eliminate', 'exploit'];

type Rows = Awaited<ReturnType<typeof api.plansList>>;
type Row = Rows[number];

interface Form {
  title: string;
  strategy: Strategy;
  dueInHours: string;
  steps: string;
  authority: string;
}

const formOf = (row: Row): Form => ({
  title: row.plan.title,
  strategy: row.plan.strategy,
  dueInHours: String(row.plan.dueInHours),
  steps: row.plan.steps.join('\n'),
  authority: row.plan.authority,
});

export function PlansSection({ locale }: { locale: Locale }) {
  const [rows] = useLoad(() => api.plansList({ locale }), [locale]);
  const [indicator, setIndicator] = useState<Indicator>('contact_silence');
  const [level, setLevel] = useState<Level>('yellow');
  return (
    <section id="plans" aria-labelledby="plans-head">
      <h2 id="plans-head">{t(locale, 'options.plans')}</h2>
      <p class="muted">{t(locale, 'plans.intro')}</p>
      <div class="row">
        <Field label={t(locale, 'plans.indicator')}>
          {(p) => (
            <select
              {...p}
              value={indicator}
              onChange={(e) => setIndicator((e.currentTarget as HTMLSelectElement).value as Indicator)}
            >
              {INDICATORS.map((i) => (
                <option key={i} value={i}>
                  {t(locale, `indicator.${i}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'plans.level')}>
          {(p) => (
            <select {...p} value={level} onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(locale, l)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {rows.state !== 'ready' ? (
        <LoadState value={rows} locale={locale} />
      ) : (
        <PlanEditor
          key={`${indicator}.${level}`}
          row={rows.data.find((r) => r.indicator === indicator && r.level === level)!}
          locale={locale}
        />
      )}
    </section>
  );
}

function PlanEditor({ row, locale }: { row: Row; locale: Locale }) {
  const [form, setForm] = useState<Form>(formOf(row));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const version = row.plan.source === 'team' ? (row.plan.version ?? 0) : null;
  // A newer version (saved here or pulled from the team) replaces the form.
  useEffect(() => setForm(formOf(row)), [row.plan.id, row.plan.source]);
  const set = (k: keyof Form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    setFailure('');
    try {
      const r = await api.savePlanDraft({
        indicator: row.indicator,
        level: row.level,
        title: form.title,
        strategy: form.strategy,
        dueInHours: Number(form.dueInHours),
        steps: form.steps.split('\n'),
        authority: form.authority,
      });
      if (r.ok) {
        setErrors({});
        setStatus(t(locale, 'plans.saved', { version: r.record.version }));
      } else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setFailure(reasonText(locale, errorText(err)));
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    setStatus('');
    setFailure('');
    try {
      await api.removeTeamPlan({ indicator: row.indicator, level: row.level });
      setErrors({});
      setStatus(t(locale, 'plans.resetDone'));
    } catch (err) {
      setFailure(reasonText(locale, errorText(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="stack"
      onSubmit={save}
      aria-label={t(locale, 'plans.form', {
        indicator: t(locale, `indicator.${row.indicator}`),
        level: levelLabel(locale, row.level),
      })}
    >
      <p class="notice" role="status">
        {version
          ? t(locale, 'plans.team', {
              version,
              by: row.updatedBy ?? '',
              date: row.updatedAt ? fmtDate(locale, row.updatedAt) : '',
            })
          : t(locale, 'plans.builtIn')}
      </p>
      <Field label={t(locale, 'plans.title')} error={errors.title}>
        {(p) => <input {...p} value={form.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <Field label={t(locale, 'plans.strategy')} hint={STRATEGY_HINTS[locale][form.strategy]} error={errors.strategy}>
        {(p) => (
          <select {...p} value={form.strategy} onChange={set('strategy')}>
            {STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {STRATEGY_LABELS[locale][s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t(locale, 'plans.due')} hint={t(locale, 'plans.dueHint')} error={errors.dueInHours}>
        {(p) => <input {...p} type="number" min={1} max={2160} step={1} value={form.dueInHours} onInput={set('dueInHours')} />}
      </Field>
      <Field label={t(locale, 'plans.steps')} hint={t(locale, 'plans.stepsHint')} error={errors.steps}>
        {(p) => <textarea {...p} rows={7} value={form.steps} onInput={set('steps')} />}
      </Field>
      <Field label={t(locale, 'plans.authority')} hint={t(locale, 'plans.authorityHint')} error={errors.authority}>
        {(p) => <textarea {...p} rows={3} value={form.authority} onInput={set('authority')} />}
      </Field>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'plans.save', { version: (version ?? 0) + 1 })}
        </button>
        {version !== null && (
          <button type="button" disabled={busy} onClick={reset}>
            {t(locale, 'plans.reset')}
          </button>
        )}
      </div>
      {status && (
        <p class="notice ok" role="status">
          {status}
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
    </form>
  );
}
