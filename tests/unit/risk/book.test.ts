// The batch and incremental paths: a RiskBook fed record by record gives the same assessments as
// assessCustomer on whole histories; one new event recomputes one customer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskBook, assessCustomer } from '#shared/risk/index.ts';
import { NOW, POLICY, ago, contact, customer, history, interaction, kase, orders, response } from './helpers.ts';

describe('RiskBook', () => {
  it('gives the same assessment as assessCustomer, whatever order the rows arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('order', 'call', 'email_in', 'return', 'email_out' as const),
            fc.double({ min: -30, max: 500, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (rows) => {
          const interactions = rows.map(([kind, days]) =>
            interaction(kind, days, { amount: kind === 'order' || kind === 'return' ? 100 : undefined }),
          );
          const h = history({ interactions, cases: [kase(10)], responses: [response('csat', 5, { score: 1 })] });
          const book = new RiskBook();
          book.addCustomer(h.customer);
          for (const c of h.cases) book.addCase(c);
          for (const r of h.responses) book.addResponse(r);
          for (const i of [...interactions].reverse()) book.addInteraction(i);
          const fromBook = book.assess('c1', NOW, POLICY);
          // Alone in the book, a customer with orders is its top 20% by value: watched.
          const now = Date.parse(NOW);
          const watched = interactions.some((i) => {
            const t = Date.parse(i.occurredAt);
            return i.kind === 'order' && t <= now && t > now - 365 * 86_400_000;
          });
          expect(fromBook?.watched).toBe(watched);
          // …and its spend is the watch cutoff itself: a value ratio of 1 (0 without spend).
          const valueRatio = watched ? 1 : 0;
          expect(fromBook).toEqual(assessCustomer(h, { asOf: NOW, policy: POLICY, watched, valueRatio }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('assesses everyone with history before the date, and nobody without', () => {
    const book = new RiskBook();
    book.addCustomer(customer({ id: 'quiet' })); // no history at all
    for (let c = 0; c < 50; c++) for (const i of orders(5, 20 + c, c)) book.addInteraction({ ...i, customerId: `c${c}` });
    book.addInteraction({ ...interaction('order', -10), customerId: 'future' }); // only after the date
    const all = [...book.assessAll(NOW, POLICY)];
    expect(all).toHaveLength(50);
    expect(all.every((a) => a.asOf === NOW && a.policyVersion === 1)).toBe(true);
    expect(book.assess('quiet', NOW, POLICY)).toBeNull();
    expect(book.assess('future', NOW, POLICY)).toBeNull();
    expect(book.assess('nobody', NOW, POLICY)).toBeNull();
  });

  it('watches the top 20% by value, and key customers', () => {
    const book = new RiskBook();
    for (let c = 0; c < 10; c++)
      for (const i of orders(3, 30, 5, (c + 1) * 100)) book.addInteraction({ ...i, customerId: `c${c}` });
    book.addCustomer(customer({ id: 'c0', tier: 'key' }));
    const watched = [...book.assessAll(NOW, POLICY)].filter((a) => a.watched).map((a) => a.customerId);
    expect(watched.sort()).toEqual(['c0', 'c8', 'c9']);
  });

  it('one new event recomputes one customer', () => {
    const book = new RiskBook();
    for (let c = 0; c < 20; c++) for (const i of orders(10, 7, 120)) book.addInteraction({ ...i, customerId: `c${c}` });
    const before = [...book.assessAll(NOW, POLICY)];
    book.addInteraction({ ...interaction('order', 1), customerId: 'c7' });
    const after = book.assess('c7', NOW, POLICY, before[7]);
    expect(after?.score).toBeLessThan(before[7]?.score as number);
    expect(after?.trend).toBe('down');
    expect(book.assess('c8', NOW, POLICY)?.score).toBe(before[8]?.score);
  });

  it("matches answers to customers by customer id, a contact's address, or the customer's domain", () => {
    const book = new RiskBook();
    book.addCustomer(customer({ id: 'acme', domains: ['acme.com'] }));
    book.addContact(contact({ customerId: 'acme', emails: ['li@gmail.com'] }));
    const nps = (patch: Parameters<typeof response>[2]) => response('nps', 3, { score: 2, customerId: undefined, ...patch });
    expect(book.addResponse(nps({ customerId: 'acme' }))).toBe('acme');
    expect(book.addResponse(nps({ respondent: { email: 'li@gmail.com' } }))).toBe('acme');
    expect(book.addResponse(nps({ respondent: { email: 'wang@sales.acme.com' } }))).toBe('acme');
    expect(book.addResponse(nps({ respondent: { email: 'someone@gmail.com' } }))).toBeNull(); // free mail never matches a domain
    expect(book.addResponse(nps({ respondent: { email: 'x@other.com' } }))).toBeNull();
    expect(book.assess('acme', NOW, POLICY)?.contributions.map((c) => c.indicator)).toContain('satisfaction');
  });

  it('replaces a case or contact by id, and forgets deleted records', () => {
    const book = new RiskBook();
    const open = kase(10, { id: 'k1', dueAt: ago(2) });
    book.addCase(open);
    expect(book.assess('c1', NOW, POLICY)?.contributions[0]?.indicator).toBe('complaints');
    book.addCase({ ...open, status: 'closed', closedAt: ago(1) });
    book.addInteraction(interaction('call', 3));
    expect(book.assess('c1', NOW, POLICY)?.contributions.map((c) => c.indicator)).not.toContain('complaints');
    book.addInteraction(interaction('order', 2, { deletedAt: ago(1) }));
    expect(book.assess('c1', NOW, POLICY)?.contributions.map((c) => c.indicator)).not.toContain('purchase_recency');
  });

  it('a batch over an empty book keeps no watch cutoff for the single assessments after it', () => {
    const book = new RiskBook();
    expect([...book.assessAll(NOW, POLICY)]).toEqual([]);
    // Five customers; the one spending most is in the top 20% by value, so watched.
    for (let c = 1; c <= 5; c++)
      for (const i of orders(3, 30, 10, 100 * c ** 2)) book.addInteraction({ ...i, customerId: `c${c}` });
    const single = book.assess('c5', NOW, POLICY);
    const batch = [...book.assessAll(NOW, POLICY)].find((a) => a.customerId === 'c5');
    expect(batch?.watched).toBe(true);
    expect(single?.watched).toBe(true);
  });
});
