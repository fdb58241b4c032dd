// A book of customers for batch and incremental assessment: records go in one at a time (from a
// streamed file or a store), each reduced to the compact facts the indicators need, and are never
// kept whole. `assessAll` recomputes everyone; after one new event, `assess(id)` recomputes one.
import { domainOfEmail, isFreeMailDomain, registrableDomain } from '../identity/domain.ts';
import { normaliseEmail } from '../identity/email.ts';
import type { Case } from '../model/case.ts';
import type { Contact } from '../model/contact.ts';
import type { Customer } from '../model/customer.ts';
import type { Policy } from '../model/policy.ts';
import type { Response } from '../model/response.ts';
import type { Assessment } from '../model/risk.ts';
import { assessFacts } from './assess.ts';
import {
  DAY_MS,
  type CustomerFacts,
  type InteractionInput,
  addCase,
  addContact,
  addInteraction,
  addResponse,
  emptyFacts,
  hasHistory,
  setCustomer,
} from './facts.ts';
import { factsValue, watchCutoff } from './watch.ts';

export interface RiskBookOptions {
  /** IANA zone whose calendar days count as one contact day (default UTC). */
  timeZone?: string;
}

export class RiskBook {
  readonly customers = new Map<string, CustomerFacts>();
  readonly timeZone: string;
  private readonly byEmail = new Map<string, string>();
  private readonly byDomain = new Map<string, string>();
  /** The watch cutoff of the last batch, reused by incremental assessments. */
  private cutoff: { asOf: number; version: number; value: number } | null = null;

  constructor(options: RiskBookOptions = {}) {
    this.timeZone = options.timeZone ?? 'UTC';
  }

  /** The facts of one customer, made empty on first use. */
  facts(customerId: string): CustomerFacts {
    let f = this.customers.get(customerId);
    if (!f) {
      f = emptyFacts(customerId);
      this.customers.set(customerId, f);
    }
    return f;
  }

  addCustomer(c: Customer): void {
    setCustomer(this.facts(c.id), c);
    for (const d of c.domains) if (!this.byDomain.has(d)) this.byDomain.set(d, c.id);
  }

  addContact(c: Contact): void {
    if (!c.customerId) return;
    addContact(this.facts(c.customerId), c);
    for (const e of c.emails) if (!this.byEmail.has(e)) this.byEmail.set(e, c.customerId);
  }

  addInteraction(i: InteractionInput & { customerId: string }): void {
    addInteraction(this.facts(i.customerId), i);
  }

  /**
   * Add an answer to the customer it names, or else to the customer of the respondent's address
   * (a known contact's address, or the customer's domain; free-mail domains never match a
   * customer). Returns the customer's id, or null when the answer matches no customer.
   */
  addResponse(r: Response): string | null {
    const id = r.customerId ?? this.customerOfEmail(r.respondent?.email);
    if (!id) return null;
    addResponse(this.facts(id), r);
    return id;
  }

  addCase(c: Case): void {
    addCase(this.facts(c.customerId), c);
  }

  customerOfEmail(email: string | undefined): string | null {
    if (!email) return null;
    const e = normaliseEmail(email);
    if (!e) return null;
    const known = this.byEmail.get(e);
    if (known) return known;
    const domain = domainOfEmail(e);
    if (isFreeMailDomain(domain)) return null;
    return this.byDomain.get(registrableDomain(domain) ?? domain) ?? null;
  }

  /**
   * Whether a customer is under key-account watch as of a moment: a key customer, or in the top
   * share by value. The value cutoff is computed over the whole book once and reused for a day
   * (values move slowly), so one customer's reassessment stays cheap as the clock moves on.
   */
  isWatched(f: CustomerFacts, asOf: number, policy: Policy): boolean {
    if (f.tier === 'key') return true;
    return factsValue(f, asOf) >= this.watchCutoffAt(asOf, policy);
  }

  /** The value at which a customer is watched, as of a moment (computed once a day, see isWatched). */
  private watchCutoffAt(asOf: number, policy: Policy): number {
    let cutoff = this.cutoff;
    if (!cutoff || Math.abs(cutoff.asOf - asOf) > DAY_MS || cutoff.version !== policy.version) {
      const values: number[] = [];
      for (const other of this.customers.values()) if (hasHistory(other, asOf)) values.push(factsValue(other, asOf));
      cutoff = { asOf, version: policy.version, value: watchCutoff(values, policy) };
      this.cutoff = cutoff;
    }
    return cutoff.value;
  }

  /** The customer's value ÷ the watch cutoff: how their spend compares with the book's best (spend-level.ts). */
  valueRatio(f: CustomerFacts, asOf: number, policy: Policy): number {
    return ratioToCutoff(factsValue(f, asOf), this.watchCutoffAt(asOf, policy));
  }

  /** One customer's assessment, or null when they have no history at or before `asOf`. */
  assess(customerId: string, asOf: string, policy: Policy, previous?: Assessment | null): Assessment | null {
    const f = this.customers.get(customerId);
    const t = Date.parse(asOf);
    if (!f || !hasHistory(f, t)) return null;
    return assessFacts(f, {
      asOf,
      policy,
      previous: previous ?? null,
      watched: this.isWatched(f, t, policy),
      valueRatio: this.valueRatio(f, t, policy),
      timeZone: this.timeZone,
    });
  }

  /**
   * Everyone with history at or before `asOf`, in the order customers were first seen. The watch
   * cutoff is computed once for the batch. `previous` gives each customer's previous assessment.
   */
  *assessAll(
    asOf: string,
    policy: Policy,
    previous?: (customerId: string) => Assessment | null | undefined,
  ): Generator<Assessment> {
    const t = Date.parse(asOf);
    this.cutoff = null;
    // Computed at the first customer with history, never for an empty batch: an empty book's cutoff
    // (no one watched) must not be kept for the single assessments that follow.
    let cutoff: number | undefined;
    for (const f of this.customers.values()) {
      if (!hasHistory(f, t)) continue;
      cutoff ??= this.watchCutoffAt(t, policy);
      // The value is read once per customer: the watch and the spend level both compare it with the cutoff.
      const value = factsValue(f, t);
      yield assessFacts(f, {
        asOf,
        policy,
        previous: previous?.(f.id) ?? null,
        watched: f.tier === 'key' || value >= cutoff,
        valueRatio: ratioToCutoff(value, cutoff),
        timeZone: this.timeZone,
      });
    }
  }
}

/** A value ÷ the watch cutoff (0 when there is no cutoff to compare with). */
function ratioToCutoff(value: number, cutoff: number): number {
  return Number.isFinite(cutoff) && cutoff > 0 ? Math.max(0, value) / cutoff : 0;
}
