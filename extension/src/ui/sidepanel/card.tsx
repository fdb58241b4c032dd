// The data card (资料卡): who the customer is, how they are classified, who owns them, what they
// are worth and how often to contact them; and the people on their side with their role and
// state. Everything is editable; the store checks each change against the shared schemas and the
// form shows each problem next to its field.
import { INDICATOR_LABELS, reasonsFor } from '#shared/i18n/evidence.ts';
import type { Contact, Customer } from '#shared/model/index.ts';
import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { MethodOutput } from '../../api/methods.ts';
import { problemsByField } from '../errors.ts';
import { EvidenceList } from '../evidence-list.tsx';
import { errorText } from '../hooks.tsx';
import { LevelChip } from '../level-chip.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDate, fmtMoney, fmtNumber, t } from '../text.ts';
import { Field, Modal, splitList } from '../widgets.tsx';
import { StageSuggestion } from './stage-suggestion.tsx';

type CardView = NonNullable<MethodOutput<'customerCard'>>;

const TIERS = ['key', 'general', 'potential', 'no-need', 'unclassified'] as const;
const STAGES = ['exploring', 'forming', 'stable', 'declining'] as const;
const CONSENTS = ['unknown', 'granted', 'withdrawn'] as const;
const CREDITS = ['A', 'B', 'C', 'D'] as const;
export const CHANNELS = ['email', 'phone', 'meeting', 'visit', 'chat', 'other'] as const;

/**
 * The overview: why the customer is at their level (the strongest reasons), what is open (alerts,
 * cases), then the data card and the people. What a rep needs the moment a customer writes.
 */
export function CardTab({
  view,
  locale,
  onOpenAlert,
  onOpenCase,
}: {
  view: CardView;
  locale: Locale;
  onOpenAlert: (id: string) => void;
  onOpenCase: (id: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [contact, setContact] = useState<Contact | 'new' | null>(null);
  const c = view.customer;
  const reasons = view.assessment ? reasonsFor(view.assessment, locale, 3) : [];
  const now = new Date().toISOString();
  return (
    <div>
      <section aria-labelledby="reasons-head">
        <h2 id="reasons-head">{t(locale, 'card.reasons')}</h2>
        <EvidenceList reasons={reasons} locale={locale} />
      </section>
      <section aria-labelledby="open-alerts-head">
        <h2 id="open-alerts-head">{t(locale, 'panel.alerts')}</h2>
        {view.openAlerts.length === 0 ? (
          <p class="muted">{t(locale, 'panel.noAlerts')}</p>
        ) : (
          <ul class="plain">
            {view.openAlerts.map((a) => (
              <li key={a.id} class="row">
                <LevelChip level={a.level} locale={locale} />
                <button type="button" class="link" onClick={() => onOpenAlert(a.id)}>
                  {INDICATOR_LABELS[locale][a.indicator]}
                </button>
                <span class="small muted">
                  {t(locale, `alert.status.${a.status}`)} · {t(locale, 'alert.raised', { date: fmtDate(locale, a.raisedAt) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="open-cases-head">
        <h2 id="open-cases-head">{t(locale, 'panel.cases')}</h2>
        {view.openCases.length === 0 ? (
          <p class="muted">{t(locale, 'card.noCases')}</p>
        ) : (
          <ul class="plain">
            {view.openCases.map((k) => (
              <li key={k.id}>
                <button type="button" class="link" onClick={() => onOpenCase(k.id)}>
                  {k.title}
                </button>{' '}
                <span class="small muted">
                  {t(locale, 'case.opened', { date: fmtDate(locale, k.openedAt) })}
                  {k.dueAt ? ` · ${t(locale, 'panel.due', { date: fmtDate(locale, k.dueAt) })}` : ''}
                </span>
                {k.dueAt && k.dueAt < now && <strong class="error small"> {t(locale, 'value.overdue')}</strong>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="card-head">
        <div class="spread">
          <h2 id="card-head">{t(locale, 'card.heading')}</h2>
          {!editing && (
            <button type="button" onClick={() => setEditing(true)}>
              {t(locale, 'action.edit')}
            </button>
          )}
        </div>
        {editing ? (
          <CustomerForm customer={c} locale={locale} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        ) : (
          <CustomerFacts customer={c} locale={locale} />
        )}
      </section>
      <section aria-labelledby="contacts-head">
        <div class="spread">
          <h2 id="contacts-head">{t(locale, 'panel.contacts')}</h2>
          <button type="button" onClick={() => setContact('new')}>
            {t(locale, 'contact.add')}
          </button>
        </div>
        {view.contacts.length === 0 ? (
          <p class="muted">{t(locale, 'contact.none')}</p>
        ) : (
          <ul class="plain">
            {view.contacts.map((p) => (
              <li key={p.id} class="card">
                <ContactFacts contact={p} locale={locale} onEdit={() => setContact(p)} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {contact && (
        <Modal
          title={
            contact === 'new'
              ? t(locale, 'contact.add')
              : t(locale, 'contact.edit', { name: contact.name || contact.emails[0] || '' })
          }
          onClose={() => setContact(null)}
          locale={locale}
        >
          <ContactForm
            customerId={c.id}
            contact={contact === 'new' ? null : contact}
            locale={locale}
            onDone={() => setContact(null)}
          />
        </Modal>
      )}
    </div>
  );
}

function CustomerFacts({ customer: c, locale }: { customer: Customer; locale: Locale }) {
  const none = <span class="muted">{t(locale, 'value.none')}</span>;
  return (
    <dl class="facts">
      <dt>{t(locale, 'field.name')}</dt>
      <dd>{c.name}</dd>
      <dt>{t(locale, 'panel.domains')}</dt>
      <dd>{c.domains.length ? c.domains.join(', ') : none}</dd>
      <dt>{t(locale, 'field.industry')}</dt>
      <dd>{c.industry || none}</dd>
      <dt>{t(locale, 'field.tier')}</dt>
      <dd>{t(locale, `card.tier.${c.tier}`)}</dd>
      <dt>{t(locale, 'field.stage')}</dt>
      <dd>
        {c.stage ? t(locale, `card.stage.${c.stage}`) : none}
        <StageSuggestion customer={c} locale={locale} />
      </dd>
      <dt>{t(locale, 'field.owner')}</dt>
      <dd>
        {c.owner || none}
        {c.previousOwner && c.ownerSince ? (
          <span class="small muted">
            {' '}
            {t(locale, 'card.ownerSince', { previous: c.previousOwner, date: fmtDate(locale, c.ownerSince) })}
          </span>
        ) : null}
      </dd>
      <dt>{t(locale, 'field.value')}</dt>
      <dd>{c.value !== undefined ? fmtMoney(locale, c.value, c.currency) : none}</dd>
      <dt>{t(locale, 'field.cadence')}</dt>
      <dd>{c.cadenceDays ? t(locale, 'card.everyDays', { days: fmtNumber(locale, c.cadenceDays) }) : none}</dd>
      <dt>{t(locale, 'field.tags')}</dt>
      <dd>
        {c.tags.length
          ? c.tags.map((tag) => (
              <span key={tag} class="pill">
                {tag}
              </span>
            ))
          : none}
      </dd>
      <dt>{t(locale, 'field.consent')}</dt>
      <dd>{t(locale, `consent.${c.consent}`)}</dd>
      <dt>{t(locale, 'field.credit')}</dt>
      <dd>{c.credit ? t(locale, `credit.${c.credit}`) : none}</dd>
      <dt>{t(locale, 'field.notes')}</dt>
      <dd style={{ whiteSpace: 'pre-wrap' }}>{c.notes || none}</dd>
    </dl>
  );
}

type Form = Record<string, string>;

function customerForm(c: Customer | null): Form {
  return {
    name: c?.name ?? '',
    domains: c?.domains.join(', ') ?? '',
    industry: c?.industry ?? '',
    tier: c?.tier ?? 'general',
    stage: c?.stage ?? '',
    owner: c?.owner ?? '',
    value: c?.value !== undefined ? String(c.value) : '',
    currency: c?.currency ?? '',
    cadenceDays: c?.cadenceDays !== undefined ? String(c.cadenceDays) : '',
    tags: c?.tags.join(', ') ?? '',
    consent: c?.consent ?? 'unknown',
    credit: c?.credit ?? '',
    notes: c?.notes ?? '',
  };
}

/** Numbers as typed: "12,000.50", "１２０００" → 12000.5; '' → null; not a number → NaN. */
export function parseNumber(text: string): number | null {
  const s = text.normalize('NFKC').replace(/[\s,，]/g, '');
  if (!s) return null;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
}

function customerDraft(f: Form, locale: Locale, errors: Record<string, string>): Record<string, unknown> {
  const value = parseNumber(f.value!);
  const cadence = parseNumber(f.cadenceDays!);
  if (Number.isNaN(value)) errors.value = t(locale, 'err.number');
  if (Number.isNaN(cadence) || (cadence !== null && !Number.isInteger(cadence)))
    errors.cadenceDays = t(locale, 'err.wholeNumber');
  return {
    name: f.name,
    domains: splitList(f.domains!),
    industry: f.industry,
    tier: f.tier,
    stage: f.stage,
    owner: f.owner,
    value,
    currency: f.currency!.trim().toUpperCase(),
    cadenceDays: cadence,
    tags: splitList(f.tags!),
    consent: f.consent,
    credit: f.credit,
    notes: f.notes,
  };
}

function CustomerForm({
  customer,
  locale,
  onSaved,
  onCancel,
}: {
  customer: Customer | null;
  locale: Locale;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Form>(customerForm(customer));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const draft = customerDraft(form, locale, local);
    if (Object.keys(local).length > 0) return setErrors(local);
    setBusy(true);
    setFailure('');
    try {
      const r = await api.saveCustomerDraft(customer ? { id: customer.id, ...draft } : draft);
      if (r.ok) {
        setErrors({});
        onSaved(r.record.id);
      } else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => errors[k];
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <Field label={t(locale, 'field.name')} required error={err('name')}>
        {(p) => <input {...p} value={form.name} onInput={set('name')} required autocomplete="organization" />}
      </Field>
      <Field label={t(locale, 'panel.domains')} hint={t(locale, 'hint.domains')} error={err('domains')}>
        {(p) => <input {...p} value={form.domains} onInput={set('domains')} />}
      </Field>
      <div class="grid2">
        <Field label={t(locale, 'field.tier')} error={err('tier')}>
          {(p) => (
            <select {...p} value={form.tier} onChange={set('tier')}>
              {TIERS.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `card.tier.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'field.stage')} error={err('stage')}>
          {(p) => (
            <select {...p} value={form.stage} onChange={set('stage')}>
              <option value="">{t(locale, 'value.notSet')}</option>
              {STAGES.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `card.stage.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'field.industry')} error={err('industry')}>
          {(p) => <input {...p} value={form.industry} onInput={set('industry')} />}
        </Field>
        <Field label={t(locale, 'field.owner')} error={err('owner')}>
          {(p) => <input {...p} value={form.owner} onInput={set('owner')} />}
        </Field>
        <Field label={t(locale, 'field.value')} hint={t(locale, 'hint.value')} error={err('value')}>
          {(p) => <input {...p} value={form.value} onInput={set('value')} inputMode="decimal" />}
        </Field>
        <Field label={t(locale, 'field.currency')} hint={t(locale, 'hint.currency')} error={err('currency')}>
          {(p) => <input {...p} value={form.currency} onInput={set('currency')} maxLength={3} />}
        </Field>
        <Field label={t(locale, 'field.cadence')} hint={t(locale, 'hint.cadence')} error={err('cadenceDays')}>
          {(p) => <input {...p} value={form.cadenceDays} onInput={set('cadenceDays')} inputMode="numeric" />}
        </Field>
        <Field label={t(locale, 'field.credit')} error={err('credit')}>
          {(p) => (
            <select {...p} value={form.credit} onChange={set('credit')}>
              <option value="">{t(locale, 'value.notSet')}</option>
              {CREDITS.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `credit.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t(locale, 'field.tags')} hint={t(locale, 'hint.list')} error={err('tags')}>
        {(p) => <input {...p} value={form.tags} onInput={set('tags')} />}
      </Field>
      <Field label={t(locale, 'field.consent')} hint={t(locale, 'hint.consent')} error={err('consent')}>
        {(p) => (
          <select {...p} value={form.consent} onChange={set('consent')}>
            {CONSENTS.map((v) => (
              <option key={v} value={v}>
                {t(locale, `consent.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t(locale, 'field.notes')} error={err('notes')}>
        {(p) => <textarea {...p} value={form.notes} onInput={set('notes')} rows={4} />}
      </Field>
      {Object.keys(errors).length > 0 && (
        <p class="error" role="alert">
          {t(locale, 'form.fix')}
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'action.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t(locale, 'action.cancel')}
        </button>
      </div>
      {customer && <DeleteCustomer customer={customer} locale={locale} />}
    </form>
  );
}

/** Deleting a customer (a tombstone that syncs), after the rep confirms by the customer's name. */
function DeleteCustomer({ customer, locale }: { customer: Customer; locale: Locale }) {
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState('');
  if (!asking) {
    return (
      <p>
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          {t(locale, 'customer.delete')}
        </button>
      </p>
    );
  }
  return (
    <div class="notice bad">
      <p role="alert">{t(locale, 'customer.deleteConfirm', { name: customer.name })}</p>
      <div class="row">
        <button
          type="button"
          class="danger primary"
          onClick={() => api.removeCustomer({ id: customer.id }).catch((e: unknown) => setFailure(errorText(e)))}
        >
          {t(locale, 'customer.deleteYes', { name: customer.name })}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t(locale, 'action.keep')}
        </button>
      </div>
      {failure && <p class="error">{failure}</p>}
    </div>
  );
}

export function NewCustomerForm({
  locale,
  onCreated,
  onCancel,
}: {
  locale: Locale;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  return <CustomerForm customer={null} locale={locale} onSaved={onCreated} onCancel={onCancel} />;
}

function ContactFacts({ contact: p, locale, onEdit }: { contact: Contact; locale: Locale; onEdit: () => void }) {
  return (
    <div>
      <div class="spread">
        <strong>
          {p.name || p.emails[0] || t(locale, 'contact.unnamed')}
          {p.key && <span class="pill"> {t(locale, 'contact.key')}</span>}
        </strong>
        <button type="button" onClick={onEdit} aria-label={t(locale, 'contact.edit', { name: p.name || p.emails[0] || '' })}>
          {t(locale, 'action.edit')}
        </button>
      </div>
      <p class="small">
        {[p.title, p.role].filter(Boolean).join(' · ')}
        {p.status === 'left' && (
          <span class="pill">
            {t(locale, 'contact.status.left')}
            {p.leftAt ? ` ${fmtDate(locale, p.leftAt)}` : ''}
          </span>
        )}
      </p>
      {p.emails.length > 0 && <p class="small">{p.emails.join(', ')}</p>}
      {p.phones.length > 0 && <p class="small">{p.phones.join(', ')}</p>}
      {p.preferredChannel && (
        <p class="small muted">
          {t(locale, 'field.preferredChannel')}: {t(locale, `channel.${p.preferredChannel}`)}
        </p>
      )}
      {p.notes && (
        <p class="small" style={{ whiteSpace: 'pre-wrap' }}>
          {p.notes}
        </p>
      )}
    </div>
  );
}

function ContactForm({
  customerId,
  contact,
  locale,
  onDone,
}: {
  customerId: string;
  contact: Contact | null;
  locale: Locale;
  onDone: () => void;
}) {
  const [form, setForm] = useState<Form>({
    name: contact?.name ?? '',
    emails: contact?.emails.join(', ') ?? '',
    phones: contact?.phones.join(', ') ?? '',
    title: contact?.title ?? '',
    role: contact?.role ?? '',
    status: contact?.status ?? 'active',
    preferredChannel: contact?.preferredChannel ?? '',
    notes: contact?.notes ?? '',
  });
  const [key, setKey] = useState(contact?.key ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFailure('');
    try {
      const draft = {
        ...(contact ? { id: contact.id } : {}),
        name: form.name,
        emails: splitList(form.emails!),
        phones: splitList(form.phones!),
        title: form.title,
        role: form.role,
        status: form.status,
        preferredChannel: form.preferredChannel,
        notes: form.notes,
        key,
      };
      const r = await api.saveContactDraft({ customerId, draft });
      if (r.ok) onDone();
      else setErrors(problemsByField(locale, r.errors));
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!contact) return;
    try {
      await api.removeContact({ id: contact.id });
      onDone();
    } catch (err) {
      setFailure(errorText(err));
    }
  };
  const err = (k: string) => errors[k];
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <Field label={t(locale, 'field.personName')} error={err('name')}>
        {(p) => <input {...p} value={form.name} onInput={set('name')} autocomplete="off" />}
      </Field>
      <Field label={t(locale, 'field.emails')} hint={t(locale, 'hint.list')} error={err('emails')}>
        {(p) => <input {...p} value={form.emails} onInput={set('emails')} type="text" inputMode="email" />}
      </Field>
      <Field label={t(locale, 'field.phones')} hint={t(locale, 'hint.list')} error={err('phones')}>
        {(p) => <input {...p} value={form.phones} onInput={set('phones')} inputMode="tel" />}
      </Field>
      <div class="grid2">
        <Field label={t(locale, 'field.title')} error={err('title')}>
          {(p) => <input {...p} value={form.title} onInput={set('title')} />}
        </Field>
        <Field label={t(locale, 'field.role')} hint={t(locale, 'hint.role')} error={err('role')}>
          {(p) => <input {...p} value={form.role} onInput={set('role')} />}
        </Field>
        <Field label={t(locale, 'field.status')} error={err('status')}>
          {(p) => (
            <select {...p} value={form.status} onChange={set('status')}>
              <option value="active">{t(locale, 'contact.status.active')}</option>
              <option value="left">{t(locale, 'contact.status.left')}</option>
            </select>
          )}
        </Field>
        <Field label={t(locale, 'field.preferredChannel')} error={err('preferredChannel')}>
          {(p) => (
            <select {...p} value={form.preferredChannel} onChange={set('preferredChannel')}>
              <option value="">{t(locale, 'value.notSet')}</option>
              {CHANNELS.map((v) => (
                <option key={v} value={v}>
                  {t(locale, `channel.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" checked={key} onChange={(e) => setKey((e.currentTarget as HTMLInputElement).checked)} />
        <span>{t(locale, 'contact.keyHint')}</span>
      </label>
      <Field label={t(locale, 'field.personNotes')} error={err('notes')}>
        {(p) => <textarea {...p} value={form.notes} onInput={set('notes')} rows={3} />}
      </Field>
      {errors[''] && <p class="error">{errors['']}</p>}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <div class="dialog-actions">
        {contact &&
          (confirmDelete ? (
            <>
              <span role="alert">{t(locale, 'contact.deleteConfirm')}</span>
              <button type="button" class="danger primary" onClick={remove}>
                {t(locale, 'action.delete')}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t(locale, 'action.keep')}
              </button>
            </>
          ) : (
            <button type="button" class="danger" onClick={() => setConfirmDelete(true)}>
              {t(locale, 'action.delete')}
            </button>
          ))}
        <button type="button" onClick={onDone}>
          {t(locale, 'action.cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t(locale, 'action.save')}
        </button>
      </div>
    </form>
  );
}

/** How a contact is named in lists and selects. */
export function contactLabel(p: Contact): string {
  return p.name || p.emails[0] || p.id;
}
