// POST /v1/collect/{siteKey}: answers from <kehu-survey> and <kehu-feedback> on customers' sites.
// Checks, cheapest first: an address that keeps naming unknown site keys is refused before its
// next lookup (429), the site key and the page's origin (403), the rate per site key and
// client address (429), the size (413), the schema (400), bot signals (400); then the answer is
// stored and only after its commit does the site get 201 (or 200 for a replay).
import type { Context, Hono } from 'hono';
import { normaliseEmail } from '#shared/identity/email.ts';
import type { Sql } from '../db/sql.ts';
import { type CollectItem, type CollectResult, createCollectQueue } from '../store/collect.ts';
import { type SiteKey, findSiteKey, originAllowed } from '../store/credentials.ts';
import { storeSuspect } from '../store/suspect.ts';
import type { TtlCache } from './auth.ts';
import type { AppEnv, CollectSettings } from './context.ts';
import { type Limiter, RateLimiter, addressKey, clientAddress, memoryLimiter } from './rate-limit.ts';
import { collect } from './routes/v1.ts';
import { HttpError, fieldErrors, readJson, respondError } from './util.ts';

export const MAX_SUBMISSION_BYTES = collect.body.maxBytes;

export interface CollectDeps {
  sql: Sql;
  now: () => Date;
  settings: CollectSettings;
  sites: TtlCache<SiteKey | null>;
  /** How many proxies of the team's own stand in front (0: take the socket's peer). */
  proxyHops: number;
  /** The buckets per site key and client (default: in this process's memory). */
  limiter?: Limiter;
}

/** The key the client is limited by: its address (IPv6 by /64), as the trusted proxies saw it. */
function clientKey(c: Context, proxyHops: number): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return addressKey(clientAddress(incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), proxyHops));
}

export function collectRoutes(app: Hono<AppEnv>, deps: CollectDeps) {
  const sites = deps.sites;
  const limiter = deps.limiter ?? memoryLimiter(deps.settings.rateLimit);
  // Unknown site keys each cost a lookup in the store: an address that keeps naming them is
  // refused before the next lookup. Per process, in memory: it protects this process's store.
  const unknownKeys = new RateLimiter(deps.settings.rateLimit);
  const queue = createCollectQueue(deps.sql, () => deps.now().toISOString(), deps.settings.maxBatch);

  /** The site key and the request's allowed origin, or the 403 to answer. */
  async function admit(c: Context): Promise<{ site: SiteKey; origin: string } | Response> {
    const key = c.req.param('siteKey') ?? '';
    const client = clientKey(c, deps.proxyHops);
    if (!sites.has(key, Date.now())) {
      const wait = unknownKeys.wait(client, Date.now());
      if (wait > 0) return rateLimited(c, wait);
    }
    const site = /^[A-Za-z0-9_-]{1,100}$/.test(key) ? await sites.get(key, Date.now(), () => findSiteKey(deps.sql, key)) : null;
    if (!site) {
      unknownKeys.take(client, Date.now());
      return respondError(c, new HttpError(403, 'unknown_site_key', 'this site key is unknown or revoked'));
    }
    const origin = c.req.header('origin');
    if (!origin || !originAllowed(origin, site.origins)) {
      return respondError(c, new HttpError(403, 'origin_not_allowed', 'this page’s origin may not use this site key'));
    }
    return { site, origin };
  }

  const rateLimited = (c: Context, wait: number) =>
    respondError(c, new HttpError(429, 'rate_limited', 'too many answers from this address; try again later'), {
      'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
    });

  const cors = (c: Context, origin: string) => {
    c.header('access-control-allow-origin', origin);
    c.header('vary', 'Origin');
  };

  app.options('/v1/collect/:siteKey', async (c) => {
    const admitted = await admit(c);
    if (admitted instanceof Response) return admitted;
    cors(c, admitted.origin);
    c.header('access-control-allow-methods', 'POST');
    c.header('access-control-allow-headers', 'content-type');
    c.header('access-control-max-age', '600');
    return c.body(null, 204);
  });

  app.post('/v1/collect/:siteKey', async (c) => {
    const admitted = await admit(c);
    if (admitted instanceof Response) return admitted;
    const { site, origin } = admitted;
    cors(c, origin);
    c.header('access-control-expose-headers', 'retry-after, x-request-id');

    const wait = await limiter.take(`${site.key}|${clientKey(c, deps.proxyHops)}`);
    if (wait > 0) return rateLimited(c, wait);

    const body = await readJson(c.req.raw, MAX_SUBMISSION_BYTES);
    const parsed = collect.body.json.safeParse(body);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid', 'the submission does not match the schema', fieldErrors(parsed.error));
    }
    const submission = parsed.data;
    // Bot signals: the honeypot field people never see, and an answer faster than a person gives.
    if (submission.hp && submission.hp.length > 0) {
      throw new HttpError(400, 'rejected', 'the submission was taken for automated', [{ path: 'hp', message: 'must be empty' }]);
    }
    // A suspect answer (the SDK saw it sent faster than its minimum fill time) is kept apart, not
    // refused: a quick real person keeps their answer, and the team decides (store/suspect.ts).
    const suspect = submission.suspect === true;
    if (submission.elapsedMs === undefined || (!suspect && submission.elapsedMs < deps.settings.minElapsedMs)) {
      throw new HttpError(400, 'rejected', 'the submission was taken for automated', [
        {
          path: 'elapsedMs',
          message: `must be given and at least ${deps.settings.minElapsedMs} (the time the respondent took, in ms)`,
        },
      ]);
    }
    let email: string | undefined;
    if (submission.respondent?.email) {
      const normal = normaliseEmail(submission.respondent.email);
      if (!normal)
        throw new HttpError(400, 'invalid', 'bad respondent address', [
          { path: 'respondent.email', message: 'is not an email address' },
        ]);
      email = normal;
    }
    const item: CollectItem = { site: { key: site.key, name: site.name }, submission, email };
    if (suspect) {
      const result = await storeSuspect(deps.sql, item, deps.now().toISOString());
      return c.json({ id: result.id, suspect: true }, result.replay ? 200 : 201);
    }
    const result: CollectResult = await queue.submit(item);
    return c.json({ id: result.id }, result.replay ? 200 : 201);
  });

  return { flush: () => queue.flush() };
}
