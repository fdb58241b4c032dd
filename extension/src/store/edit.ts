// Editing the data card (资料卡) by hand: a customer and the people on its side. Drafts come from
// forms; they are normalised the way imports are (addresses, domains), checked against the shared
// schemas, and every problem is reported by field, so a form can show it next to the input.
import { isFreeMailDomain, registrableDomain } from '#shared/identity/domain.ts';
import { normaliseDomain, normaliseEmail } from '#shared/identity/email.ts';
import { Contact, Customer } from '#shared/model/index.ts';
import type * as z from 'zod';
import type { KehuDb } from './db.ts';
import { type WriteContext, deleteRecord, fromStored, saveRecord } from './records.ts';

/**
 * A problem with one field of a draft: the message in English, and a code with parameters so a
 * page can say it in the rep's language (zod's issue codes, or Kehu's own below).
 */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** Field errors from a failed schema check: the top-level field, zod's code and its limits. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const params: Record<string, string | number> = {};
    const raw = i as unknown as { minimum?: unknown; maximum?: unknown; values?: unknown; origin?: unknown; input?: unknown };
    if (typeof raw.minimum === 'number' || typeof raw.minimum === 'bigint') params.minimum = Number(raw.minimum);
    if (typeof raw.maximum === 'number' || typeof raw.maximum === 'bigint') params.maximum = Number(raw.maximum);
    if (typeof raw.origin === 'string') params.origin = raw.origin;
    if (Array.isArray(raw.values)) params.values = raw.values.join(', ');
    // A field left empty that must have a value: say "required", not "wrong type".
    const code = i.code === 'invalid_type' && raw.input === undefined ? 'required' : i.code;
    return { field: String(i.path[0] ?? ''), message: i.message, code, params };
  });
}

/** A problem Kehu itself finds (not the schema): `code` names it for translation. */
export function problem(field: string, code: string, message: string, params: Record<string, string | number> = {}): FieldError {
  return { field, code, message, params };
}

export type Saved<T> = { ok: true; record: T } | { ok: false; errors: FieldError[] };

type NewId = { newId: () => string };

/** Domains as typed by a rep (`www.acme.com`, `https://acme.co.uk/about`) → registrable domains. */
export function cleanDomains(input: readonly string[], errors: FieldError[]): string[] {
  const out: string[] = [];
  for (const raw of input) {
    const text = raw.trim();
    if (!text) continue;
    const host = normaliseDomain(text.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, ''));
    if (!host) errors.push(problem('domains', 'not_domain', `"${text}" is not a domain`, { value: text }));
    else if (isFreeMailDomain(host)) {
      errors.push(
        problem('domains', 'free_mail', `"${text}" is a free-mail domain and cannot identify a customer`, { value: text }),
      );
    } else out.push(registrableDomain(host) ?? host);
  }
  return [...new Set(out)];
}

export function cleanEmails(input: readonly string[], errors: FieldError[]): string[] {
  const out: string[] = [];
  for (const raw of input) {
    const text = raw.trim();
    if (!text) continue;
    const email = normaliseEmail(text);
    if (email) out.push(email);
    else errors.push(problem('emails', 'not_email', `"${text}" is not an email address`, { value: text }));
  }
  return [...new Set(out)];
}

/**
 * A form's draft of a customer or contact: field → value, `id` absent for a new record. A field
 * set to '' or null is cleared. Values are checked by the shared schema, not here.
 */
export type Draft = Record<string, unknown> & { id?: string | undefined };

/** Fields Kehu keeps itself: sync metadata, and the dates it derives from edits. */
const DERIVED = new Set([
  'id',
  'createdAt',
  'rev',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'ownerSince',
  'previousOwner',
  'leftAt',
]);
export const CUSTOMER_FIELDS = Object.keys(Customer.shape).filter((k) => !DERIVED.has(k));
export const CONTACT_FIELDS = Object.keys(Contact.shape).filter((k) => !DERIVED.has(k) && k !== 'customerId');

function applyDraft(base: Record<string, unknown>, draft: Draft, fields: readonly string[], errors: FieldError[]) {
  const next = { ...base };
  for (const [k, v] of Object.entries(draft)) {
    if (k === 'id' || v === undefined) continue;
    if (!fields.includes(k)) errors.push(problem(k, 'not_editable', 'cannot be edited'));
    else if (v === '' || v === null) delete next[k];
    else next[k] = typeof v === 'string' ? v.trim() : v;
  }
  return next;
}

function strings(value: unknown, field: string, errors: FieldError[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  errors.push(problem(field, 'not_list', 'must be a list of text'));
  return undefined;
}

export async function saveCustomer(db: KehuDb, draft: Draft, ctx: WriteContext & NewId): Promise<Saved<Customer>> {
  const errors: FieldError[] = [];
  const rawDomains = strings(draft.domains, 'domains', errors);
  const domains = rawDomains === undefined ? undefined : cleanDomains(rawDomains, errors);
  const tags = strings(draft.tags, 'tags', errors);
  return db.transaction('rw', [db.customers, db.changes], async () => {
    const current = draft.id ? await db.customers.get(draft.id) : undefined;
    if (draft.id && (!current || current.deletedAt))
      return { ok: false as const, errors: [problem('id', 'gone', 'no such customer')] };
    const base: Record<string, unknown> = current
      ? { ...fromStored(current) }
      : { id: ctx.newId(), createdAt: ctx.now, rev: 1, updatedAt: ctx.now, updatedBy: ctx.by, deletedAt: null };
    const next = applyDraft(base, draft, CUSTOMER_FIELDS, errors);
    if (domains !== undefined) next.domains = domains;
    if (tags !== undefined) next.tags = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    // A new account owner is a warning signal (people change): remember who it was and since when.
    if (current && 'owner' in draft && (current.owner ?? '') !== ((next.owner as string | undefined) ?? '')) {
      if (current.owner) next.previousOwner = current.owner;
      else delete next.previousOwner;
      next.ownerSince = ctx.now;
    }
    const parsed = Customer.safeParse(next);
    if (!parsed.success) errors.push(...fieldErrorsOf(parsed.error));
    if (errors.length > 0 || !parsed.success) return { ok: false as const, errors };
    return { ok: true as const, record: await saveRecord(db, 'customers', parsed.data, ctx) };
  });
}

/** Save a contact; `customerId` ties a new contact to its customer (a contact never moves between customers here). */
export async function saveContact(
  db: KehuDb,
  draft: Draft & { customerId?: string | null },
  ctx: WriteContext & NewId,
): Promise<Saved<Contact>> {
  const errors: FieldError[] = [];
  const rawEmails = strings(draft.emails, 'emails', errors);
  const emails = rawEmails === undefined ? undefined : cleanEmails(rawEmails, errors);
  const phones = strings(draft.phones, 'phones', errors);
  const { customerId, ...fields } = draft;
  return db.transaction('rw', [db.contacts, db.customers, db.changes], async () => {
    const current = draft.id ? await db.contacts.get(draft.id) : undefined;
    if (draft.id && (!current || current.deletedAt))
      return { ok: false as const, errors: [problem('id', 'gone', 'no such contact')] };
    const base: Record<string, unknown> = current
      ? { ...fromStored(current) }
      : {
          id: ctx.newId(),
          customerId: customerId ?? null,
          createdAt: ctx.now,
          rev: 1,
          updatedAt: ctx.now,
          updatedBy: ctx.by,
          deletedAt: null,
        };
    const next = applyDraft(base, fields, CONTACT_FIELDS, errors);
    if (emails !== undefined) next.emails = emails;
    if (phones !== undefined) next.phones = phones.map((p) => p.trim()).filter(Boolean);
    // Someone leaving is dated, so "key contact left" can be a warning signal; coming back clears it.
    if (next.status === 'left' && !next.leftAt) next.leftAt = ctx.now;
    if (next.status !== 'left') delete next.leftAt;
    if (!current && next.customerId) {
      const customer = await db.customers.get(next.customerId as string);
      if (!customer || customer.deletedAt) errors.push(problem('customerId', 'gone', 'no such customer'));
    }
    // One address belongs to one person: another contact already using it would make lookups ambiguous.
    for (const email of (next.emails as string[] | undefined) ?? []) {
      const other = (await db.contacts.where('emails').equals(email).toArray()).find((c) => !c.deletedAt && c.id !== next.id);
      if (other) {
        errors.push(
          problem('emails', 'email_taken', `${email} already belongs to ${other.name || other.id}`, {
            value: email,
            name: other.name || other.id,
          }),
        );
      }
    }
    const parsed = Contact.safeParse(next);
    if (!parsed.success) errors.push(...fieldErrorsOf(parsed.error));
    if (errors.length > 0 || !parsed.success) return { ok: false as const, errors };
    return { ok: true as const, record: await saveRecord(db, 'contacts', parsed.data, ctx) };
  });
}

export async function deleteContact(db: KehuDb, id: string, ctx: WriteContext): Promise<Contact | null> {
  return deleteRecord(db, 'contacts', id, ctx);
}

export async function deleteCustomer(db: KehuDb, id: string, ctx: WriteContext): Promise<Customer | null> {
  return deleteRecord(db, 'customers', id, ctx);
}
