// Editing the data card (资料卡) by hand: a customer and the people on its side. Drafts come from
// forms; they are normalised the way imports are (addresses, domains), checked against the shared
// schemas, and every problem is reported by field, so a form can show it next to the input.
import { isFreeMailDomain, registrableDomain } from '#shared/identity/domain.ts';
import { normaliseDomain, normaliseEmail } from '#shared/identity/email.ts';
import { Contact, Customer } from '#shared/model/index.ts';
import type * as z from 'zod';
import type { KehuDb } from './db.ts';
import { type WriteContext, deleteRecord, fromStored, saveRecord } from './records.ts';

/** A problem with one field of a draft. */
export interface FieldError {
  field: string;
  message: string;
}

export type Saved<T> = { ok: true; record: T } | { ok: false; errors: FieldError[] };

type NewId = { newId: () => string };

function issues(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
}

/** Domains as typed by a rep (`www.acme.com`, `https://acme.co.uk/about`) → registrable domains. */
export function cleanDomains(input: readonly string[], errors: FieldError[]): string[] {
  const out: string[] = [];
  for (const raw of input) {
    const text = raw.trim();
    if (!text) continue;
    const host = normaliseDomain(text.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, ''));
    if (!host) errors.push({ field: 'domains', message: `"${text}" is not a domain` });
    else if (isFreeMailDomain(host)) {
      errors.push({ field: 'domains', message: `"${text}" is a free-mail domain and cannot identify a customer` });
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
    else errors.push({ field: 'emails', message: `"${text}" is not an email address` });
  }
  return [...new Set(out)];
}

/** The editable fields of a customer; `id` absent for a new one. */
export type CustomerDraft = Partial<Omit<Customer, 'rev' | 'updatedAt' | 'updatedBy' | 'deletedAt' | 'createdAt'>>;

export async function saveCustomer(db: KehuDb, draft: CustomerDraft, ctx: WriteContext & NewId): Promise<Saved<Customer>> {
  const errors: FieldError[] = [];
  const domains = draft.domains === undefined ? undefined : cleanDomains(draft.domains, errors);
  return db.transaction('rw', [db.customers, db.changes], async () => {
    const current = draft.id ? await db.customers.get(draft.id) : undefined;
    if (draft.id && (!current || current.deletedAt))
      return { ok: false as const, errors: [{ field: 'id', message: 'no such customer' }] };
    const base: Record<string, unknown> = current
      ? { ...fromStored(current) }
      : { id: ctx.newId(), createdAt: ctx.now, rev: 1, updatedAt: ctx.now, updatedBy: ctx.by, deletedAt: null };
    const next: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(draft)) {
      if (k === 'id') continue;
      // An emptied optional field is removed, not stored as "".
      if (v === undefined || v === '' || v === null) delete next[k];
      else next[k] = v;
    }
    if (domains !== undefined) next.domains = domains;
    if (typeof next.tags === 'object') next.tags = [...new Set((next.tags as string[]).map((t) => t.trim()).filter(Boolean))];
    // A new account owner is a warning signal (people change): remember who it was and since when.
    if (current && draft.owner !== undefined && (current.owner ?? '') !== (draft.owner ?? '')) {
      if (current.owner) next.previousOwner = current.owner;
      next.ownerSince = ctx.now;
    }
    const parsed = Customer.safeParse(next);
    if (!parsed.success) errors.push(...issues(parsed.error));
    if (errors.length > 0 || !parsed.success) return { ok: false as const, errors };
    return { ok: true as const, record: await saveRecord(db, 'customers', parsed.data, ctx) };
  });
}

/** The editable fields of a contact; `id` absent for a new one. */
export type ContactDraft = Partial<Omit<Contact, 'rev' | 'updatedAt' | 'updatedBy' | 'deletedAt' | 'createdAt'>>;

export async function saveContact(db: KehuDb, draft: ContactDraft, ctx: WriteContext & NewId): Promise<Saved<Contact>> {
  const errors: FieldError[] = [];
  const emails = draft.emails === undefined ? undefined : cleanEmails(draft.emails, errors);
  return db.transaction('rw', [db.contacts, db.customers, db.changes], async () => {
    const current = draft.id ? await db.contacts.get(draft.id) : undefined;
    if (draft.id && (!current || current.deletedAt))
      return { ok: false as const, errors: [{ field: 'id', message: 'no such contact' }] };
    const base: Record<string, unknown> = current
      ? { ...fromStored(current) }
      : { id: ctx.newId(), createdAt: ctx.now, rev: 1, updatedAt: ctx.now, updatedBy: ctx.by, deletedAt: null };
    const next: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(draft)) {
      if (k === 'id') continue;
      if (v === undefined || v === '') delete next[k];
      else next[k] = v;
    }
    if (emails !== undefined) next.emails = emails;
    if (Array.isArray(next.phones)) next.phones = (next.phones as string[]).map((p) => p.trim()).filter(Boolean);
    // Someone leaving is dated, so "key contact left" can be a warning signal; coming back clears it.
    if (next.status === 'left' && !next.leftAt) next.leftAt = ctx.now;
    if (next.status === 'active') delete next.leftAt;
    const customerId = next.customerId as string | null | undefined;
    if (customerId) {
      const customer = await db.customers.get(customerId);
      if (!customer || customer.deletedAt) errors.push({ field: 'customerId', message: 'no such customer' });
    }
    // One address belongs to one person: another contact already using it would make lookups ambiguous.
    for (const email of (next.emails as string[] | undefined) ?? []) {
      const other = (await db.contacts.where('emails').equals(email).toArray()).find((c) => !c.deletedAt && c.id !== next.id);
      if (other) errors.push({ field: 'emails', message: `${email} already belongs to ${other.name || other.id}` });
    }
    const parsed = Contact.safeParse(next);
    if (!parsed.success) errors.push(...issues(parsed.error));
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
