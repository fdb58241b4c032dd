// GET /console/api/overview: the console's home screen figures (collector/console/overview.ts).
// Behind the console's session check, like every /console/api route; it only reads.
import type { Hono } from 'hono';
import * as z from 'zod';
import { HISTORY_MONTHS, overview } from '../console/overview.ts';
import type { Queryable } from '../db/sql.ts';
import type { AppEnv } from './context.ts';
import { HttpError, fieldErrors } from './util.ts';

const OverviewQuery = z.object({
  months: z.coerce
    .number()
    .int(`months must be a whole number from 1 to ${HISTORY_MONTHS}`)
    .min(1, `months must be a whole number from 1 to ${HISTORY_MONTHS}`)
    .max(HISTORY_MONTHS, `months must be a whole number from 1 to ${HISTORY_MONTHS}`)
    .default(HISTORY_MONTHS),
});

/** What the route needs of the console's deps (ConsoleDeps in console.ts, not imported: no import cycle). */
export interface OverviewDeps {
  sql: Queryable;
  now: () => Date;
  levels: { readonly timeZone: string };
}

export function overviewRoutes(app: Hono<AppEnv>, deps: OverviewDeps) {
  app.get('/console/api/overview', async (c) => {
    const query = OverviewQuery.safeParse({ months: c.req.query('months') || undefined });
    if (!query.success) throw new HttpError(400, 'invalid', 'bad overview query', fieldErrors(query.error));
    return c.json(await overview(deps.sql, { now: deps.now(), months: query.data.months, timeZone: deps.levels.timeZone }));
  });
}
