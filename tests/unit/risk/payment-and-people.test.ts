// Payment overdue; people changes (the key contact left, the account owner changed); key-account watch.
import { describe, expect, it } from 'vitest';
import { customerValue, watchedCustomerIds } from '#shared/risk/index.ts';
import { POLICY, ago, assess, contact, customer, history, interaction, orders, signal } from './helpers.ts';

describe('payment overdue', () => {
  it('an unpaid invoice past its due date plus the grace days fires; a long one is severe', () => {
    const invoice = (dueDaysAgo: number) => interaction('order', dueDaysAgo + 30, { amount: 1200, dueAt: ago(dueDaysAgo) });
    expect(signal(history({ interactions: [invoice(2)] }), 'payment_overdue')).toBeUndefined(); // inside the grace days
    const late = signal(history({ interactions: [invoice(10)] }), 'payment_overdue');
    expect(late?.evidence).toEqual([{ code: 'payment.overdue', params: { count: 1, days: 10, amount: 1200 } }]);
    expect(late?.severe).toBe(false);
    const long = signal(history({ interactions: [invoice(45)] }), 'payment_overdue');
    expect(long?.severe).toBe(true);
    expect(long?.strength).toBeGreaterThan(late?.strength as number);
  });

  it('a paid invoice does not count; one paid after the moment assessed was overdue then', () => {
    const paid = interaction('order', 60, { amount: 500, dueAt: ago(30), paidAt: ago(25) });
    expect(signal(history({ interactions: [paid] }), 'payment_overdue')).toBeUndefined();
    const paidLater = interaction('order', 60, { amount: 500, dueAt: ago(30), paidAt: ago(-2) });
    expect(signal(history({ interactions: [paidLater] }), 'payment_overdue')?.evidence[0]?.params?.days).toBe(30);
  });

  it('an invoice recorded after the moment assessed is not known yet', () => {
    const future = interaction('order', -5, { amount: 500, dueAt: ago(10) });
    expect(signal(history({ interactions: [future] }), 'payment_overdue')).toBeUndefined();
  });

  it('a poor credit grade counts', () => {
    expect(signal(history({ customer: customer({ credit: 'D' }) }), 'payment_overdue')?.evidence).toEqual([
      { code: 'payment.credit', params: { grade: 'D' } },
    ]);
    expect(signal(history({ customer: customer({ credit: 'A' }) }), 'payment_overdue')).toBeUndefined();
  });
});

describe('people change', () => {
  it('the key contact leaving, with no other key contact, is severe', () => {
    const h = history({ contacts: [contact({ name: 'Wang Fang', key: true, status: 'left', leftAt: ago(10) }), contact()] });
    const s = signal(h, 'people_change');
    expect(s?.severe).toBe(true);
    expect(s?.evidence).toEqual([{ code: 'people.key_contact_left', params: { name: 'Wang Fang', date: ago(10).slice(0, 10) } }]);
  });

  it('is milder when another key contact remains, and milder still for another contact', () => {
    const keyLeft = contact({ name: 'A', key: true, status: 'left', leftAt: ago(10) });
    const covered = signal(history({ contacts: [keyLeft, contact({ key: true })] }), 'people_change');
    const alone = signal(history({ contacts: [keyLeft, contact()] }), 'people_change');
    expect(covered?.severe).toBe(false);
    expect(covered?.strength).toBeLessThan(alone?.strength as number);
    const other = signal(
      history({ contacts: [contact({ status: 'left', leftAt: ago(10) }), contact({ key: true })] }),
      'people_change',
    );
    expect(other?.strength).toBeLessThan(covered?.strength as number);
  });

  it('nobody active left at the customer is severe', () => {
    const s = signal(history({ contacts: [contact({ status: 'left' })] }), 'people_change');
    expect(s?.severe).toBe(true);
    expect(s?.evidence[0]).toEqual({ code: 'people.no_active_contact', params: {} });
  });

  it('a departure dated after the moment assessed has not happened yet', () => {
    const h = history({ contacts: [contact({ key: true, status: 'left', leftAt: ago(-20) }), contact()] });
    expect(signal(h, 'people_change')).toBeUndefined();
  });

  it('an owner change counts, fully for the window and half after', () => {
    const changed = (daysAgo: number) =>
      signal(
        history({ customer: customer({ owner: 'Zhao', previousOwner: 'Qian', ownerSince: ago(daysAgo) }) }),
        'people_change',
      );
    expect(changed(20)?.evidence).toEqual([
      { code: 'people.owner_changed', params: { from: 'Qian', to: 'Zhao', date: ago(20).slice(0, 10) } },
    ]);
    expect(changed(400)?.strength).toBeLessThan(changed(20)?.strength as number);
    expect(changed(-5)).toBeUndefined();
  });
});

describe('key-account watch (居安思危)', () => {
  it('watches the top 20% by value', () => {
    const values = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, value: (i + 1) * 100 }));
    expect([...watchedCustomerIds(values, POLICY)].sort()).toEqual(['c8', 'c9']);
    expect(watchedCustomerIds([{ id: 'a', value: 0 }], POLICY).size).toBe(0);
  });

  it("a customer's value is the recorded value, else the last 12 months of orders", () => {
    expect(customerValue(history({ customer: customer({ value: 5000 }) }), ago(0))).toBe(5000);
    const h = history({
      interactions: [
        ...orders(3, 30, 10, 200),
        interaction('order', 400, { amount: 9999 }),
        interaction('order', -5, { amount: 9999 }),
      ],
    });
    expect(customerValue(h, ago(0))).toBe(600);
  });

  it('watched customers reach each level at a lower score (more sensitive thresholds)', () => {
    const h = history({ interactions: orders(4, 30, 36) });
    const plain = assess(h);
    const watched = assess(h, { watched: true });
    expect(watched.score).toBe(plain.score); // the score stays a pure measure of risk…
    expect(watched.watched).toBe(true);
    expect(plain.level).toBe('none');
    expect(watched.level).toBe('blue'); // …the watch acts earlier on it
  });
});
