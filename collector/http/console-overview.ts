// GET /console/api/overview: the console's home screen figures (collector/console/overview.ts).
// Behind the console's session check, like every /console/api route; it only reads.
import type { Hono } from 'hono';
import { overview } from '../console/overview.ts';
import type { Queryable } from '../db/sql.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/console.ts';
import { HttpError, fieldErrors } from './util.ts';

/** What the route needs of the console's deps (ConsoleDeps in console.ts, not imported: no import cycle). */
export interface OverviewDeps {
  sql: Queryable;
  now: () => Date;
  levels: { readonly timeZone: string };
}

export function overviewRoutes(app: Hono<AppEnv>, deps: OverviewDeps) {
  app.get('/console/api/overview', async (c) => {
    const query = declared.overview.query.safeParse({ months: c.req.query('months') || undefined });
    if (!query.success) throw new HttpError(400, 'invalid', 'bad overview query', fieldErrors(query.error));
    return c.json(await overview(deps.sql, { now: deps.now(), months: query.data.months, timeZone: deps.levels.timeZone }));
  });
}
