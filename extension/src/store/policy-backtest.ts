// "How this policy would have done": the backtest (shared/src/risk/backtest.ts) of the policy in
// force and of an edited one, over the rep's own records, as of `labelDays` before today, so the
// label window (did the customer order or get in touch afterwards?) has fully passed.
import type { Policy } from '#shared/model/index.ts';
import { type BacktestReport, backtest } from '#shared/risk/backtest.ts';
import { RiskBook } from '#shared/risk/index.ts';
import type { KehuDb } from './db.ts';
import { liveRecords } from './transfer.ts';

const DAY_MS = 86_400_000;

export interface PolicyBacktest {
  current: BacktestReport;
  edited: BacktestReport;
}

export async function backtestPolicies(
  db: KehuDb,
  edited: Policy,
  current: Policy,
  options: { now: Date; timeZone: string; labelDays: number },
): Promise<PolicyBacktest> {
  const book = new RiskBook({ timeZone: options.timeZone });
  for await (const c of liveRecords(db, 'customers')) book.addCustomer(c);
  for await (const c of liveRecords(db, 'contacts')) book.addContact(c);
  for await (const i of liveRecords(db, 'interactions')) book.addInteraction(i);
  for await (const r of liveRecords(db, 'responses')) book.addResponse(r);
  for await (const c of liveRecords(db, 'cases')) book.addCase(c);
  const asOf = new Date(options.now.getTime() - options.labelDays * DAY_MS).toISOString();
  return {
    current: backtest(book, current, { asOf, labelDays: options.labelDays }),
    edited: backtest(book, edited, { asOf, labelDays: options.labelDays }),
  };
}
