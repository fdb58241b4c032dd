// /console/api/alerts and /console/api/reviews: the alerts and reviews view of the team console.
// Reading needs a session (any scope); changes need the write scope and, like every change under
// /console/api/, this collector's own Origin (checked in console.ts).
import type { Hono } from 'hono';
import {
  AlertChangeError,
  alertsPage,
  changeAlertRoles,
  changeCorrection,
  parseAlertsQuery,
  parseReviewsQuery,
  reviewsPage,
} from '../console/alerts.ts';
import { requireScope } from './auth.ts';
import type { ConsoleDeps } from './console-deps.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/console.ts';
import { HttpError, fieldErrors, readJson } from './util.ts';

const API = '/console/api';

export function alertsRoutes(app: Hono<AppEnv>, deps: ConsoleDeps) {
  const changed = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const result = await work();
      await deps.afterWrite();
      return result;
    } catch (e) {
      if (e instanceof AlertChangeError) throw new HttpError(e.status, e.status === 404 ? 'not_found' : 'conflict', e.message);
      throw e;
    }
  };

  app.get(`${API}/alerts`, async (c) => {
    const query = parseAlertsQuery(c.req.queries());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad filter', fieldErrors(query.error));
    return c.json(await alertsPage(deps.sql, query.data, deps.now().toISOString()));
  });

  app.get(`${API}/reviews`, async (c) => {
    const query = parseReviewsQuery(c.req.queries());
    if (!query.success) throw new HttpError(400, 'invalid', 'bad filter', fieldErrors(query.error));
    return c.json(await reviewsPage(deps.sql, query.data));
  });

  app.post(`${API}/alerts/:id/roles`, requireScope('write'), async (c) => {
    const body = declared.alertRoles.body.json.safeParse(await readJson(c.req.raw, declared.alertRoles.body.maxBytes));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad change of roles', fieldErrors(body.error));
    const by = c.get('caller').name;
    return c.json(await changed(() => changeAlertRoles(deps.sql, c.req.param('id'), body.data, deps.now().toISOString(), by)));
  });

  app.post(`${API}/alerts/:id/corrections/:item`, requireScope('write'), async (c) => {
    const body = declared.alertCorrection.body.json.safeParse(await readJson(c.req.raw, declared.alertCorrection.body.maxBytes));
    if (!body.success) throw new HttpError(400, 'invalid', 'bad corrective item', fieldErrors(body.error));
    const by = c.get('caller').name;
    return c.json(
      await changed(() =>
        changeCorrection(deps.sql, c.req.param('id'), c.req.param('item'), body.data, deps.now().toISOString(), by),
      ),
    );
  });
}
