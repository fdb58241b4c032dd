// One alert, handled and reviewed (docs/DOMAIN.md §1): the evidence and the playbook (预案); a strategy
// chosen to start handling (isolate, suspend, eliminate, exploit); actions recorded as they are
// done; resolved, or dismissed with a reason; then the four-part review — investigate, evaluate,
// correct (items with an owner, done one by one), look ahead. A corrective item can propose a
// policy change; it becomes a new policy version only after the rep confirms it.
import { STRATEGY_HINTS, STRATEGY_LABELS, renderEvidence } from '#shared/i18n/evidence.ts';
import type { Alert, CorrectiveItem, Strategy } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { reasonText } from '../errors.ts';
import { errorText, LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { policyLabel, policyValue } from '../policy-labels.ts';
import { fmtDateTime, fmtNumber, t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { NoteLog } from './note-log.tsx';
import { Roles } from './roles.tsx';

const STRATEGIES: Strategy[] = ['isolate', 'suspend', 'eliminate', 'exploit'];

export function AlertDetail({ alert: a, locale }: { alert: Alert; locale: Locale }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const active = a.status === 'open' || a.status === 'handling';
  const change = async (c: Parameters<typeof api.changeAlertOf>[0]['change']) => {
    setBusy(true);
    setError('');
    try {
      await api.changeAlertOf({ id: a.id, change: c });
      return true;
    } catch (e) {
      setError(reasonText(locale, errorText(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="stack">
      <p class="row">
        <LevelChip level={a.level} locale={locale} full />
        <span class="pill">{t(locale, `alert.status.${a.status}`)}</span>
        <span class="small muted">
          {t(locale, 'alert.raised', { date: fmtDateTime(locale, a.raisedAt) })}
          {a.dueAt && active && ` · ${t(locale, 'panel.due', { date: fmtDateTime(locale, a.dueAt) })}`}
        </span>
      </p>
      <section aria-labelledby="alert-evidence">
        <h3 id="alert-evidence">{t(locale, 'alert.evidence')}</h3>
        {a.evidence.length === 0 ? (
          <p class="muted">{t(locale, 'value.none')}</p>
        ) : (
          <ul>
            {a.evidence.map((e) => (
              <li key={`${e.code}${JSON.stringify(e.params)}`}>{renderEvidence(e, locale)}</li>
            ))}
          </ul>
        )}
      </section>
      <Playbook alert={a} locale={locale} busy={busy} onStep={(index, done) => change({ action: 'step', index, done })} />
      {a.status === 'open' && (
        <StartHandling alert={a} locale={locale} busy={busy} onStart={(strategy) => change({ action: 'start', strategy })} />
      )}
      {a.strategy && (
        <p>
          <strong>{t(locale, 'alert.strategy')}:</strong> {STRATEGY_LABELS[locale][a.strategy]} —{' '}
          <span class="muted">{STRATEGY_HINTS[locale][a.strategy]}</span>
        </p>
      )}
      <Actions alert={a} locale={locale} busy={busy} onRecord={(note) => change({ action: 'record', note })} />
      <Roles entity="alerts" record={a} locale={locale} />
      {active && (
        <Finish
          alert={a}
          locale={locale}
          busy={busy}
          onResolve={() => change({ action: 'resolve' })}
          onDismiss={(reason) => change({ action: 'dismiss', reason })}
        />
      )}
      {a.status === 'dismissed' && a.dismissedReason && (
        <p>
          <strong>{t(locale, 'alert.dismissedBecause')}:</strong> {a.dismissedReason}
        </p>
      )}
      {(a.status === 'resolved' || a.status === 'dismissed') && (
        <ReviewForm locale={locale} busy={busy} onSave={(review) => change({ action: 'review', review })} />
      )}
      {a.status === 'reviewed' && a.review && (
        <ReviewView
          alert={a}
          locale={locale}
          busy={busy}
          onDone={(itemId, done) => change({ action: 'correction', itemId, done })}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Playbook({
  alert: a,
  locale,
  busy,
  onStep,
}: {
  alert: Alert;
  locale: Locale;
  busy: boolean;
  onStep: (index: number, done: boolean) => void;
}) {
  const active = a.status === 'open' || a.status === 'handling';
  // A ticked step shows ticked at once; the stored alert confirms it (or puts it back) when it reloads.
  const [ticked, setTicked] = useState<Record<number, boolean>>({});
  useEffect(() => setTicked({}), [a.rev]);
  return (
    <section aria-labelledby="alert-playbook">
      <h3 id="alert-playbook">{t(locale, 'alert.playbook')}</h3>
      {a.suggestedStrategy && (
        <p class="small">
          {t(locale, 'alert.suggested')}: <strong>{STRATEGY_LABELS[locale][a.suggestedStrategy]}</strong>
        </p>
      )}
      {a.steps.length === 0 ? (
        <p class="muted">{t(locale, 'value.none')}</p>
      ) : (
        <ul class="plain">
          {a.steps.map((s, i) => (
            <li key={i}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={ticked[i] ?? s.done}
                  disabled={!active || busy}
                  onChange={(e) => {
                    const done = (e.currentTarget as HTMLInputElement).checked;
                    setTicked({ ...ticked, [i]: done });
                    onStep(i, done);
                  }}
                />
                <span>{s.text}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {a.authority && (
        <p class="small">
          <strong>{t(locale, 'alert.authority')}:</strong> {a.authority}
        </p>
      )}
    </section>
  );
}

function StartHandling({
  alert: a,
  locale,
  busy,
  onStart,
}: {
  alert: Alert;
  locale: Locale;
  busy: boolean;
  onStart: (s: Strategy) => void;
}) {
  const [strategy, setStrategy] = useState<Strategy>(a.suggestedStrategy ?? 'eliminate');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onStart(strategy);
      }}
    >
      <fieldset>
        <legend>{t(locale, 'alert.chooseStrategy')}</legend>
        {STRATEGIES.map((s) => (
          <label key={s} class="check">
            <input type="radio" name="strategy" value={s} checked={strategy === s} onChange={() => setStrategy(s)} />
            <span>
              <strong>{STRATEGY_LABELS[locale][s]}</strong>
              {s === a.suggestedStrategy && ` (${t(locale, 'alert.suggestedShort')})`} — {STRATEGY_HINTS[locale][s]}
            </span>
          </label>
        ))}
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'alert.start')}
        </button>
      </fieldset>
    </form>
  );
}

function Actions({
  alert: a,
  locale,
  busy,
  onRecord,
}: {
  alert: Alert;
  locale: Locale;
  busy: boolean;
  onRecord: (note: string) => Promise<boolean>;
}) {
  const active = a.status === 'open' || a.status === 'handling';
  return (
    <NoteLog
      id="alert-actions"
      title={t(locale, 'alert.actions')}
      empty={t(locale, 'alert.noActions')}
      notes={a.actions.map((x) => ({ at: x.at, by: x.by, text: x.note }))}
      form={
        active ? { label: t(locale, 'alert.actionNote'), button: t(locale, 'alert.record'), busy, onAdd: onRecord } : undefined
      }
      locale={locale}
    />
  );
}

function Finish({
  alert: a,
  locale,
  busy,
  onResolve,
  onDismiss,
}: {
  alert: Alert;
  locale: Locale;
  busy: boolean;
  onResolve: () => void;
  onDismiss: (reason: string) => Promise<boolean>;
}) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  return (
    <section aria-labelledby="alert-finish">
      <h3 id="alert-finish">{t(locale, 'alert.finish')}</h3>
      <div class="row">
        {a.status === 'handling' && (
          <button type="button" class="primary" disabled={busy} onClick={onResolve}>
            {t(locale, 'alert.resolve')}
          </button>
        )}
        {!dismissing && (
          <button type="button" disabled={busy} onClick={() => setDismissing(true)}>
            {t(locale, 'alert.dismiss')}
          </button>
        )}
      </div>
      {a.status === 'open' && <p class="small muted">{t(locale, 'alert.resolveHint')}</p>}
      {dismissing && (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reason.trim()) return setEmpty(true);
            await onDismiss(reason);
          }}
        >
          <Field
            label={t(locale, 'alert.dismissReason')}
            hint={t(locale, 'alert.dismissHint')}
            error={empty ? t(locale, 'err.required') : undefined}
          >
            {(p) => (
              <textarea
                {...p}
                value={reason}
                onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
                rows={2}
              />
            )}
          </Field>
          <div class="row">
            <button type="submit" class="primary" disabled={busy}>
              {t(locale, 'alert.dismissConfirm')}
            </button>
            <button type="button" onClick={() => setDismissing(false)}>
              {t(locale, 'action.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface ItemDraft {
  key: string;
  text: string;
  owner: string;
  path: string;
  value: string;
}

let itemSeq = 0;
const newItem = (): ItemDraft => ({ key: `item-${++itemSeq}`, text: '', owner: '', path: '', value: '' });

function ReviewForm({
  locale,
  busy,
  onSave,
}: {
  locale: Locale;
  busy: boolean;
  onSave: (review: ReviewInput) => Promise<boolean>;
}) {
  const [policy] = useLoad(() => api.riskPolicy(undefined), []);
  const [form, setForm] = useState({ investigation: '', evaluation: '', outlook: '' });
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setItem = (i: number, patch: Partial<ItemDraft>) => setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const k of ['investigation', 'evaluation', 'outlook'] as const) if (!form[k].trim()) errs[k] = t(locale, 'err.required');
    items.forEach((x, i) => {
      if (!x.text.trim()) errs[`text${i}`] = t(locale, 'err.required');
      if (!x.owner.trim()) errs[`owner${i}`] = t(locale, 'review.needsOwner');
      if (x.path && !Number.isFinite(Number(x.value.trim() || 'x'))) errs[`value${i}`] = t(locale, 'err.number');
    });
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    await onSave({
      investigation: form.investigation,
      evaluation: form.evaluation,
      outlook: form.outlook,
      corrections: items.map((x, i) => ({
        id: `c${i + 1}-${Date.now().toString(36)}`,
        text: x.text.trim(),
        owner: x.owner.trim(),
        done: false,
        ...(x.path ? { policyChange: { path: x.path, value: Number(x.value) } } : {}),
      })),
    });
  };
  const set = (k: 'investigation' | 'evaluation' | 'outlook') => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLTextAreaElement).value });
  const current = policy.state === 'ready' ? policy.data.current : null;
  return (
    <form class="stack" onSubmit={submit} noValidate aria-labelledby="review-head">
      <h3 id="review-head">{t(locale, 'review.heading')}</h3>
      <p class="small muted">{t(locale, 'review.intro')}</p>
      <Field
        label={t(locale, 'review.investigation')}
        hint={t(locale, 'review.investigationHint')}
        error={errors.investigation}
        required
      >
        {(p) => <textarea {...p} value={form.investigation} onInput={set('investigation')} rows={3} />}
      </Field>
      <Field label={t(locale, 'review.evaluation')} hint={t(locale, 'review.evaluationHint')} error={errors.evaluation} required>
        {(p) => <textarea {...p} value={form.evaluation} onInput={set('evaluation')} rows={3} />}
      </Field>
      <fieldset>
        <legend>{t(locale, 'review.corrections')}</legend>
        <p class="small muted">{t(locale, 'review.correctionsHint')}</p>
        {items.map((x, i) => (
          <div key={x.key} class="card stack">
            <Field label={t(locale, 'review.item', { n: i + 1 })} error={errors[`text${i}`]} required>
              {(p) => (
                <input {...p} value={x.text} onInput={(e) => setItem(i, { text: (e.currentTarget as HTMLInputElement).value })} />
              )}
            </Field>
            <Field label={t(locale, 'review.owner')} error={errors[`owner${i}`]} required>
              {(p) => (
                <input
                  {...p}
                  value={x.owner}
                  onInput={(e) => setItem(i, { owner: (e.currentTarget as HTMLInputElement).value })}
                />
              )}
            </Field>
            <div class="grid2">
              <Field label={t(locale, 'review.policySetting')} hint={t(locale, 'review.policySettingHint')}>
                {(p) => (
                  <select
                    {...p}
                    value={x.path}
                    onChange={(e) => {
                      const path = (e.currentTarget as HTMLSelectElement).value;
                      const v = current && path ? policyValue(current, path) : undefined;
                      setItem(i, { path, value: v === undefined ? '' : String(v) });
                    }}
                  >
                    <option value="">{t(locale, 'review.noPolicyChange')}</option>
                    {policy.state === 'ready' &&
                      policy.data.paths.map((path) => (
                        <option key={path} value={path}>
                          {policyLabel(locale, path)}
                        </option>
                      ))}
                  </select>
                )}
              </Field>
              {x.path && (
                <Field
                  label={t(locale, 'review.newValue')}
                  hint={current ? t(locale, 'review.nowValue', { value: String(policyValue(current, x.path) ?? '') }) : undefined}
                  error={errors[`value${i}`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      value={x.value}
                      inputMode="decimal"
                      onInput={(e) => setItem(i, { value: (e.currentTarget as HTMLInputElement).value })}
                    />
                  )}
                </Field>
              )}
            </div>
            <div>
              <button type="button" class="danger" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                {t(locale, 'review.removeItem', { n: i + 1 })}
              </button>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => setItems([...items, newItem()])}>
          {t(locale, 'review.addItem')}
        </button>
      </fieldset>
      <Field label={t(locale, 'review.outlook')} hint={t(locale, 'review.outlookHint')} error={errors.outlook} required>
        {(p) => <textarea {...p} value={form.outlook} onInput={set('outlook')} rows={3} />}
      </Field>
      {policy.state === 'error' && <LoadState value={policy} locale={locale} />}
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'review.save')}
        </button>
      </div>
    </form>
  );
}

type ReviewInput = {
  investigation: string;
  evaluation: string;
  outlook: string;
  corrections: (Omit<CorrectiveItem, 'appliedPolicyVersion'> & { done: boolean })[];
};

function ReviewView({
  alert: a,
  locale,
  busy,
  onDone,
}: {
  alert: Alert;
  locale: Locale;
  busy: boolean;
  onDone: (itemId: string, done: boolean) => void;
}) {
  const r = a.review!;
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  useEffect(() => setTicked({}), [a.rev]);
  const [confirming, setConfirming] = useState<CorrectiveItem | null>(null);
  const [policy, reloadPolicy] = useLoad(() => api.riskPolicy(undefined), []);
  const [applyError, setApplyError] = useState('');
  const [applied, setApplied] = useState('');
  const apply = async (item: CorrectiveItem) => {
    setApplyError('');
    try {
      const res = await api.applyCorrectiveItemOf({ alertId: a.id, itemId: item.id });
      setApplied(
        res.team === null
          ? t(locale, 'review.applied', { version: res.policy.version })
          : t(locale, 'review.appliedDraft', { version: res.policy.version, team: res.team }),
      );
      setConfirming(null);
      reloadPolicy();
    } catch (e) {
      setApplyError(reasonText(locale, errorText(e)));
    }
  };
  const current = policy.state === 'ready' ? policy.data.current : null;
  return (
    <section aria-labelledby="review-view-head" class="stack">
      <h3 id="review-view-head">{t(locale, 'review.heading')}</h3>
      <p class="small muted">
        {t(locale, 'review.by', { date: fmtDateTime(locale, r.reviewedAt ?? a.updatedAt), who: r.reviewedBy ?? a.updatedBy })}
      </p>
      <dl class="facts">
        <dt>{t(locale, 'review.investigation')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{r.investigation}</dd>
        <dt>{t(locale, 'review.evaluation')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{r.evaluation}</dd>
        <dt>{t(locale, 'review.outlook')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{r.outlook}</dd>
      </dl>
      <h4>{t(locale, 'review.corrections')}</h4>
      {r.corrections.length === 0 ? (
        <p class="muted">{t(locale, 'value.none')}</p>
      ) : (
        <ul class="plain">
          {r.corrections.map((c) => (
            <li key={c.id} class="card">
              <label class="check">
                <input
                  type="checkbox"
                  checked={ticked[c.id] ?? c.done}
                  disabled={busy || !!c.appliedPolicyVersion}
                  onChange={(e) => {
                    const done = (e.currentTarget as HTMLInputElement).checked;
                    setTicked({ ...ticked, [c.id]: done });
                    onDone(c.id, done);
                  }}
                />
                <span>
                  {c.text}{' '}
                  <span class="small muted">
                    {t(locale, 'review.ownerIs', { owner: c.owner ?? '' })} ·{' '}
                    {c.done ? t(locale, 'review.itemDone') : t(locale, 'review.itemOpen')}
                  </span>
                </span>
              </label>
              {c.policyChange && (
                <div class="small">
                  {t(locale, 'review.proposes', {
                    setting: policyLabel(locale, c.policyChange.path),
                    value: fmtNumber(locale, c.policyChange.value, 4),
                  })}{' '}
                  {c.appliedPolicyVersion ? (
                    <strong>{t(locale, 'review.appliedAs', { version: c.appliedPolicyVersion })}</strong>
                  ) : confirming?.id === c.id ? null : (
                    <button type="button" onClick={() => setConfirming(c)}>
                      {t(locale, 'review.apply')}
                    </button>
                  )}
                </div>
              )}
              {confirming?.id === c.id && c.policyChange && (
                <fieldset class="notice warn">
                  <legend class="visually-hidden">{t(locale, 'review.confirmTitle')}</legend>
                  <p>
                    {t(locale, 'review.confirm', {
                      setting: policyLabel(locale, c.policyChange.path),
                      from: current ? String(policyValue(current, c.policyChange.path) ?? '') : '…',
                      to: String(c.policyChange.value),
                      version: current ? current.version + 1 : '…',
                    })}
                  </p>
                  <div class="row">
                    <button type="button" class="primary" onClick={() => void apply(c)}>
                      {t(locale, 'review.confirmApply')}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t(locale, 'action.cancel')}
                    </button>
                  </div>
                </fieldset>
              )}
            </li>
          ))}
        </ul>
      )}
      {applied && (
        <p class="notice ok" role="status">
          {applied}
        </p>
      )}
      {applyError && (
        <p class="error" role="alert">
          {applyError}
        </p>
      )}
    </section>
  );
}
