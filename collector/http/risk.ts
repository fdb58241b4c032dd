// POST /v1/risk/backtest: how a warning policy would have done on the team's records in the store
// (the team console shows it). Body: {asOf: "YYYY-MM-DD", labelDays?: 90, timeZone?: "UTC",
// policy?: a risk policy}; the answer is the backtest report (shared/src/risk/backtest.ts), the same
// JSON as `kehu risk --backtest --json`. Tokens with the export scope (or admin) may ask: the report
// holds only counts and rates, but it is read from every record of the team.
import type { Hono } from 'hono';
import { parseDateTime } from '#shared/codecs/time.ts';
import { backtest } from '#shared/risk/backtest.ts';
import { RiskBook, defaultPolicy } from '#shared/risk/index.ts';
import type { Sql } from '../db/sql.ts';
import { scanRecords } from '../store/records.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { riskBacktest } from './routes/v1.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

/** The last millisecond of a calendar day in a zone, as an ISO instant. */
function endOfDay(date: string, timeZone: string): string | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.toISOString().slice(0, 10) !== date) return null;
  const next = parseDateTime(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10), timeZone);
  return next ? new Date(Date.parse(next) - 1).toISOString() : null;
}

/** Every live record of the team, reduced into a risk book (a few numbers per interaction). */
async function loadBook(sql: Sql, timeZone: string): Promise<RiskBook> {
  const book = new RiskBook({ timeZone });
  for await (const c of scanRecords(sql, 'customers')) book.addCustomer(c);
  for await (const c of scanRecords(sql, 'contacts')) book.addContact(c);
  for await (const i of scanRecords(sql, 'interactions')) book.addInteraction(i);
  for await (const r of scanRecords(sql, 'responses')) book.addResponse(r);
  for await (const c of scanRecords(sql, 'cases')) book.addCase(c);
  return book;
}

export function riskRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }) {
  app.post('/v1/risk/backtest', requireScope('export'), async (c) => {
    const parsed = riskBacktest.body.json.safeParse(await readJson(c.req.raw, riskBacktest.body.maxBytes));
    if (!parsed.success) throw new HttpError(400, 'invalid', 'bad request body', fieldErrors(parsed.error));
    const { asOf, labelDays, timeZone, policy } = parsed.data;
    const at = endOfDay(asOf, timeZone);
    if (!at) throw new HttpError(400, 'invalid', 'bad request body', [{ path: 'asOf', message: 'is not a real date' }]);
    const book = await loadBook(deps.sql, timeZone);
    const report = backtest(book, policy ?? defaultPolicy(deps.now().toISOString()), { asOf: at, labelDays });
    return c.json(report);
  });
}
