// Who is behind an address: the contact that has it, and the customer — through the contact, or
// through the address's registrable domain unless it is free-mail. Every step is an index hit.
import { identityKeys, isFreeMailDomain, registrableDomain } from '#shared/identity/domain.ts';
import { normaliseEmail } from '#shared/identity/email.ts';
import type { Assessment, Contact, Customer } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';
import { type WriteContext, saveRecord } from './records.ts';

const live = <T extends { deletedAt?: string | null }>(r: T | undefined): r is T => !!r && !r.deletedAt;

export async function contactByEmail(db: KehuDb, email: string): Promise<Contact | null> {
  const found = await db.contacts.where('emails').equals(email).toArray();
  return found.find(live) ?? null;
}

export async function customerByDomain(db: KehuDb, domain: string): Promise<Customer | null> {
  const found = await db.customers.where('domains').equals(domain).toArray();
  return found.find(live) ?? null;
}

export async function customerById(db: KehuDb, id: string): Promise<Customer | null> {
  const c = await db.customers.get(id);
  return live(c) ? c : null;
}

export interface Person {
  email: string;
  contact: Contact | null;
  customer: Customer | null;
}

/** The contact and customer for a normalised address; both null when Kehu knows neither. */
export async function resolveAddress(db: KehuDb, email: string): Promise<Person> {
  const { customerDomain } = identityKeys(email);
  // Both index reads at once: the domain's customer is needed whenever the contact has none.
  const [contact, byDomain] = await Promise.all([
    contactByEmail(db, email),
    customerDomain ? customerByDomain(db, customerDomain) : null,
  ]);
  let customer: Customer | null = null;
  if (contact?.customerId) customer = await customerById(db, contact.customerId);
  return { email, contact, customer: customer ?? byDomain };
}

/**
 * Many addresses at once (a page full of senders): one multi-entry index query for all contacts,
 * one for all domains, one bulk read for the contacts' customers — however many addresses.
 */
export async function resolveAddresses(db: KehuDb, emails: readonly string[]): Promise<Person[]> {
  if (emails.length === 0) return [];
  const keys = emails.map((email) => ({ email, domain: identityKeys(email).customerDomain }));
  const domains = [...new Set(keys.map((k) => k.domain).filter((d): d is string => !!d))];
  return db.transaction('r', [db.contacts, db.customers], async () => {
    const [contacts, domainCustomers] = await Promise.all([
      db.contacts
        .where('emails')
        .anyOf([...new Set(emails)])
        .toArray(),
      domains.length ? db.customers.where('domains').anyOf(domains).toArray() : [],
    ]);
    const contactOf = new Map<string, Contact>();
    for (const c of contacts) if (!c.deletedAt) for (const e of c.emails) if (!contactOf.has(e)) contactOf.set(e, c);
    const customerOfDomain = new Map<string, Customer>();
    for (const c of domainCustomers)
      if (!c.deletedAt) for (const d of c.domains) if (!customerOfDomain.has(d)) customerOfDomain.set(d, c);
    const ids = [...new Set([...contactOf.values()].map((c) => c.customerId).filter((id): id is string => !!id))];
    const byId = new Map<string, Customer>();
    for (const c of await db.customers.bulkGet(ids)) if (live(c)) byId.set(c.id, c);
    return keys.map(({ email, domain }) => {
      const contact = contactOf.get(email) ?? null;
      const customer =
        (contact?.customerId ? byId.get(contact.customerId) : undefined) ??
        (domain ? customerOfDomain.get(domain) : undefined) ??
        null;
      return { email, contact, customer };
    });
  });
}

/** The customer whose registrable domain a web page's host is under, if any. */
export async function customerForHost(db: KehuDb, host: string): Promise<Customer | null> {
  const domain = registrableDomain(host);
  if (!domain || isFreeMailDomain(domain)) return null;
  return customerByDomain(db, domain);
}

export interface AddPersonInput {
  email: string;
  name?: string;
}

/**
 * Add an unknown sender: a contact for the address, tied to the customer of its domain — made
 * from the domain when there is none yet — unless the address is free-mail, whose domain says
 * nothing about a company. Adding a known address changes nothing and returns what exists.
 */
export async function addPerson(
  db: KehuDb,
  input: AddPersonInput,
  ctx: WriteContext & { newId: () => string },
): Promise<Person & { createdContact: boolean; createdCustomer: boolean }> {
  const email = normaliseEmail(input.email);
  if (!email) throw new Error(`"${input.email}" is not an email address`);
  return db.transaction('rw', [db.contacts, db.customers, db.changes], async () => {
    const known = await resolveAddress(db, email);
    let customer = known.customer;
    let createdCustomer = false;
    const { customerDomain } = identityKeys(email);
    if (!customer && customerDomain) {
      customer = await saveRecord(
        db,
        'customers',
        {
          id: ctx.newId(),
          name: customerDomain,
          domains: [customerDomain],
          // Nobody has screened this sender yet: not "potential" (a strong prospect), but unclassified.
          tier: 'unclassified',
          tags: [],
          consent: 'unknown',
          createdAt: ctx.now,
          rev: 1,
          updatedAt: ctx.now,
          updatedBy: ctx.by,
          deletedAt: null,
        },
        ctx,
      );
      createdCustomer = true;
    }
    if (known.contact) return { ...known, customer, createdContact: false, createdCustomer };
    const contact = await saveRecord(
      db,
      'contacts',
      {
        id: ctx.newId(),
        customerId: customer?.id ?? null,
        name: (input.name ?? '').trim().slice(0, 200),
        emails: [email],
        phones: [],
        key: false,
        status: 'active',
        createdAt: ctx.now,
        rev: 1,
        updatedAt: ctx.now,
        updatedBy: ctx.by,
        deletedAt: null,
      },
      ctx,
    );
    return { email, contact, customer, createdContact: true, createdCustomer };
  });
}

/** A person and their stored assessment (if any), read in one transaction of index hits. */
export async function personWithAssessment(
  db: KehuDb,
  email: string,
): Promise<{ person: Person; stored: Assessment | undefined }> {
  return db.transaction('r', [db.contacts, db.customers, db.assessments], async () => {
    const person = await resolveAddress(db, email);
    const stored = person.customer ? await db.assessments.get(person.customer.id) : undefined;
    return { person, stored };
  });
}

/** The ids of every stored customer (deleted ones too: their assessments are cleared by recomputing). */
export async function allCustomerIds(db: KehuDb): Promise<string[]> {
  return db.customers.toCollection().primaryKeys();
}
