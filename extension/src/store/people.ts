// Who is behind an address: the contact that has it, and the customer — through the contact, or
// through the address's registrable domain unless it is free-mail. Every step is an index hit.
import { identityKeys, isFreeMailDomain, registrableDomain } from '#shared/identity/domain.ts';
import { normaliseEmail } from '#shared/identity/email.ts';
import type { Contact, Customer } from '#shared/model/index.ts';
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
  const contact = await contactByEmail(db, email);
  let customer: Customer | null = null;
  if (contact?.customerId) customer = await customerById(db, contact.customerId);
  if (!customer) {
    const { customerDomain } = identityKeys(email);
    if (customerDomain) customer = await customerByDomain(db, customerDomain);
  }
  return { email, contact, customer };
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
          tier: 'potential',
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
