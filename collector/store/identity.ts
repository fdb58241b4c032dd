// Who a respondent is: their address matched to a contact (by exact normalised address) and to
// a customer (the contact's, else by registrable domain unless the address is free-mail). Only
// existing records are matched; an unknown respondent creates nothing.
import { identityKeys } from '#shared/identity/domain.ts';
import type { Queryable } from '../db/sql.ts';

export interface Resolved {
  contactId?: string;
  customerId?: string;
}

/** Resolve several normalised addresses at once (a group commit resolves its whole batch in two queries). */
export async function resolveAddresses(db: Queryable, emails: readonly string[]): Promise<Map<string, Resolved>> {
  const out = new Map<string, Resolved>();
  const unique = [...new Set(emails)];
  if (unique.length === 0) return out;

  const contacts = await db.query<{ id: string; customer_id: string | null; emails: string[] }>(
    `SELECT id, data->>'customerId' AS customer_id, data->'emails' AS emails
       FROM kehu_records
      WHERE entity = 'contacts' AND deleted_at IS NULL AND data->'emails' ?| $1::text[]
      ORDER BY updated_at DESC, id`,
    [unique],
  );
  for (const c of contacts) {
    for (const e of c.emails) {
      if (!unique.includes(e) || out.has(e)) continue; // the most recently updated contact wins
      out.set(e, { contactId: c.id, ...(c.customer_id ? { customerId: c.customer_id } : {}) });
    }
  }

  const domainOf = new Map<string, string>();
  for (const e of unique) {
    if (out.get(e)?.customerId) continue;
    const { customerDomain } = identityKeys(e);
    if (customerDomain) domainOf.set(e, customerDomain);
  }
  if (domainOf.size > 0) {
    const customers = await db.query<{ id: string; domains: string[] }>(
      `SELECT id, data->'domains' AS domains
         FROM kehu_records
        WHERE entity = 'customers' AND deleted_at IS NULL AND data->'domains' ?| $1::text[]
        ORDER BY updated_at DESC, id`,
      [[...new Set(domainOf.values())]],
    );
    for (const [email, domain] of domainOf) {
      const customer = customers.find((c) => c.domains.includes(domain));
      if (customer) out.set(email, { ...out.get(email), customerId: customer.id });
    }
  }
  return out;
}
