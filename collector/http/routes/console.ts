// The team console: its pages at /console/ and the JSON API its pages read, /console/api/….
// Handlers: ../console.ts and ../console-*.ts. Every change under /console/api/ (any method but
// GET) must carry this collector's own Origin; the generator adds that 403 (bad_origin).
// Queries whose parsing lives with the console's SQL (worklist, inbox, alerts, reviews) are
// declared with the schema that module parses with.
import * as z from 'zod';
import { Case } from '#shared/model/case.ts';
import { Policy } from '#shared/model/policy.ts';
import { Response } from '#shared/model/response.ts';
import { Alert } from '#shared/model/risk.ts';
import { AlertsQuery, CorrectionBody, ReviewsQuery, RolesBody } from '../../console/alerts.ts';
import { WorklistQuery } from '../../console/customers.ts';
import { InboxQuery, LinkBody } from '../../console/feedback.ts';
import { CaseBody, ToldBody } from '../../console/inbox.ts';
import { HISTORY_MONTHS } from '../../console/overview.ts';
import { Scope } from '../../store/credentials.ts';
import * as admin from './admin.ts';
import { type Route, error, route } from './declare.ts';
import { ExportQuery, exportAnswers } from './v1.ts';

const API = '/console/api';

export const SignIn = z.object({ token: z.string().min(1, 'enter a team token').max(200) });

export const Session = z.object({ name: z.string(), scopes: z.array(Scope), expiresAt: z.string() });

const monthsMessage = `months must be a whole number from 1 to ${HISTORY_MONTHS}`;
export const OverviewQuery = z.object({
  months: z.coerce
    .number()
    .int(monthsMessage)
    .min(1, monthsMessage)
    .max(HISTORY_MONTHS, monthsMessage)
    .default(HISTORY_MONTHS)
    .meta({ description: 'how many month ends to show (the survey figures add the current month so far)' }),
});

const AnswerId = z.object({ id: z.string().meta({ description: 'the answer’s id' }) });
const AlertId = z.object({ id: z.string().meta({ description: 'the alert’s id' }) });

// ---- pages and sign-in ----

export const consoleRedirect = route({
  id: 'consoleRedirect',
  method: 'get',
  path: '/console',
  summary: 'The team console: redirects to /console/',
  auth: { kind: 'none' },
  answers: { 308: { description: 'to /console/' } },
});

export const consolePage = route({
  id: 'consolePage',
  method: 'get',
  path: '/console/*',
  summary: "The team console's files; any other path under /console/ is one of its views, the page itself",
  auth: { kind: 'none' },
  params: z.object({ rest: z.string().meta({ description: 'the rest of the path (it may hold slashes)' }) }),
  answers: {
    200: { description: 'the page or file', content: { 'text/html': { schema: { type: 'string' } } } },
    404: error('no such file', 'not_found'),
    503: { description: 'the console is not built (npm run build)', content: { 'text/plain': { schema: { type: 'string' } } } },
  },
});

export const signIn = route({
  id: 'signIn',
  method: 'post',
  path: `${API}/session`,
  summary: 'Sign in: a team token exchanged for a session cookie (kehu_console, HttpOnly, 12 hours)',
  auth: { kind: 'none' },
  body: { json: SignIn, maxBytes: 4096 },
  answers: {
    201: { description: 'signed in; Set-Cookie carries the session', json: Session },
    400: error('no token', 'invalid'),
    401: error('the token is not valid (wrong, or revoked)', 'unauthorized'),
  },
});

export const signOut = route({
  id: 'signOut',
  method: 'delete',
  path: `${API}/session`,
  summary: 'Sign out: the session ends and its cookie is cleared',
  auth: { kind: 'none' },
  answers: { 204: { description: 'signed out' } },
});

export const currentSession = route({
  id: 'currentSession',
  method: 'get',
  path: `${API}/session`,
  summary: 'Who is signed in',
  auth: { kind: 'session' },
  answers: { 200: { description: 'the session', json: Session } },
});

// ---- customers and the overview ----

export const worklist = route({
  id: 'worklist',
  method: 'get',
  path: `${API}/customers`,
  summary: 'The customer worklist: filtered, sorted and paged, with each customer’s level',
  auth: { kind: 'session' },
  query: WorklistQuery,
  answers: {
    200: { description: 'a page of customers (collector/console/customers.ts, WorklistPage)' },
    400: error('a bad filter, named in fields', 'invalid'),
  },
});

export const worklistFilters = route({
  id: 'worklistFilters',
  method: 'get',
  path: `${API}/customers/filters`,
  summary: 'The values the worklist’s filters offer (owners, tags)',
  auth: { kind: 'session' },
  answers: { 200: { description: 'the filter values' } },
});

export const customerDetail = route({
  id: 'customerDetail',
  method: 'get',
  path: `${API}/customers/:id`,
  summary: 'One customer: level, reasons, the data card, and whether the session may write',
  auth: { kind: 'session' },
  params: z.object({ id: z.string() }),
  answers: {
    200: { description: 'the customer (collector/console/customers.ts, CustomerDetail, with canWrite)' },
    404: error('no such customer (it may have been deleted)', 'not_found'),
  },
});

export const overview = route({
  id: 'overview',
  method: 'get',
  path: `${API}/overview`,
  summary:
    "The team console's overview: customers per level today and at each month end, the customer loss rate per month, the 80/20 watch, NPS/CSAT/CES per month with counts, open alerts per person with the past-due ones, exit reasons",
  description:
    "Months are calendar months in the collector's time zone; the month-end figures and the top 20% are computed by the levels' full pass (on start, daily, after a large import) and `historyAsOf` says when.",
  auth: { kind: 'session' },
  query: OverviewQuery,
  answers: {
    200: { description: 'the overview (collector/console/overview.ts, interface Overview)' },
    400: error('months is not a whole number from 1 to 12', 'invalid'),
  },
});

// ---- the feedback inbox ----

export const inbox = route({
  id: 'inbox',
  method: 'get',
  path: `${API}/feedback`,
  summary: 'The feedback inbox: every answer, matched or not, filtered and paged, with its case and the site names',
  auth: { kind: 'session' },
  query: InboxQuery,
  answers: {
    200: { description: 'a page of answers (collector/console/feedback.ts) and the sites' },
    400: error('a bad filter, named in fields', 'invalid'),
  },
});

const answerNotFound = error('no such answer', 'not_found');

export const linkAnswer = route({
  id: 'linkAnswer',
  method: 'post',
  path: `${API}/feedback/:id/link`,
  summary: 'Link an answer to a customer (and contact): it then counts in that customer’s level; syncs to reps',
  auth: { kind: 'session', scope: 'write' },
  params: AnswerId,
  body: { json: LinkBody, maxBytes: 4096 },
  answers: {
    200: { description: 'the answer, linked', json: Response },
    400: error('a bad body', 'invalid'),
    404: error('no such answer or customer', 'not_found'),
  },
});

export const openCase = route({
  id: 'openCase',
  method: 'post',
  path: `${API}/feedback/:id/case`,
  summary: 'Open a case from an answer, by hand, with an owner (the case id is fb-{id}; it syncs to reps)',
  auth: { kind: 'session', scope: 'write' },
  params: AnswerId,
  body: { json: CaseBody, maxBytes: 4096 },
  answers: {
    201: { description: 'the case, at step 1 (listen)', json: Case },
    400: error('bad owner or title; the answer has no customer yet (customerId) or a case already (case)', 'invalid'),
    404: answerNotFound,
  },
});

export const adoptSuggestion = route({
  id: 'adoptSuggestion',
  method: 'post',
  path: `${API}/feedback/:id/adopt`,
  summary: 'Mark a suggestion adopted (closing the loop; the answer’s new version syncs to reps)',
  auth: { kind: 'session', scope: 'write' },
  params: AnswerId,
  answers: {
    200: { description: 'the answer with `adopted`', json: Response },
    400: error('not a suggestion (kind)', 'invalid'),
    404: answerNotFound,
  },
});

export const recordTold = route({
  id: 'recordTold',
  method: 'post',
  path: `${API}/feedback/:id/told`,
  summary: 'Record what was told to the customer about an answer (appended to its customerLog; syncs to reps)',
  auth: { kind: 'session', scope: 'write' },
  params: AnswerId,
  body: { json: ToldBody, maxBytes: 16_384 },
  answers: {
    200: { description: 'the answer with the entry added', json: Response },
    400: error('empty or too long text', 'invalid'),
    404: answerNotFound,
  },
});

// ---- exports ----

export const exportChoices = route({
  id: 'exportChoices',
  method: 'get',
  path: `${API}/export/choices`,
  summary: 'What the export form offers: the customers’ owners and the sites answers come through',
  auth: { kind: 'session', scope: 'export' },
  answers: {
    200: { description: 'owners and sites', json: z.object({ owners: z.array(z.string()), sites: z.array(z.string()) }) },
  },
});

export const consoleExport = route({
  id: 'consoleExport',
  method: 'get',
  path: `${API}/export/:file`,
  summary: 'The same files as /v1/export/{file}, for the console’s session',
  auth: { kind: 'session', scope: 'export' },
  params: z.object({ file: z.string().meta({ description: '{entity}.csv, {entity}.ndjson or {entity}.xlsx' }) }),
  query: ExportQuery,
  answers: exportAnswers,
});

// ---- alerts and reviews ----

export const alerts = route({
  id: 'alerts',
  method: 'get',
  path: `${API}/alerts`,
  summary: 'Open alerts (open or in handling) by owner and level, most severe first, with counts by owner and level',
  auth: { kind: 'session' },
  query: AlertsQuery,
  answers: {
    200: { description: 'a page of alerts (collector/console/alerts.ts, alertsPage)' },
    400: error('a bad filter, named in fields', 'invalid'),
  },
});

export const reviews = route({
  id: 'reviews',
  method: 'get',
  path: `${API}/reviews`,
  summary: 'Alerts whose review has corrective items, most recently reviewed first',
  auth: { kind: 'session' },
  query: ReviewsQuery,
  answers: {
    200: { description: 'a page of reviews (collector/console/alerts.ts, reviewsPage)' },
    400: error('a bad filter, named in fields', 'invalid'),
  },
});

const alertChange = {
  200: { description: 'the alert’s new version (it syncs to reps)', json: Alert },
  400: error('a bad body', 'invalid'),
  404: error('no such alert (or corrective item)', 'not_found'),
  409: error('the change does not apply to the alert as it is now', 'conflict'),
};

export const alertRoles = route({
  id: 'alertRoles',
  method: 'post',
  path: `${API}/alerts/:id/roles`,
  summary: 'Assign (assignee, decision owner) or escalate an alert, with the shared roles transitions',
  auth: { kind: 'session', scope: 'write' },
  params: AlertId,
  body: { json: RolesBody, maxBytes: 8192 },
  answers: alertChange,
});

export const alertCorrection = route({
  id: 'alertCorrection',
  method: 'post',
  path: `${API}/alerts/:id/corrections/:item`,
  summary: 'Change a corrective item of an alert’s review: its owner, or done',
  auth: { kind: 'session', scope: 'write' },
  params: AlertId.extend({ item: z.string().meta({ description: 'the corrective item’s id' }) }),
  body: { json: CorrectionBody, maxBytes: 4096 },
  answers: alertChange,
});

// ---- settings (admin) ----

const SETTINGS = `${API}/settings`;

export const settings = route({
  id: 'settings',
  method: 'get',
  path: SETTINGS,
  summary: 'Live site keys and tokens, the scopes, and the risk policy version in force',
  auth: { kind: 'session', scope: 'admin' },
  answers: { 200: { description: 'the settings' } },
});

// The keys and tokens of Settings are the admin API's routes (./admin.ts) for the console's session.
const asSettings = <R extends Route>(r: R, id: string, path: string): Omit<R, 'auth'> & Pick<Route, 'auth'> => ({
  ...r,
  id,
  path: `${SETTINGS}${path}`,
  auth: { kind: 'session', scope: 'admin' },
});

export const settingsCreateSite = asSettings(admin.createSite, 'settingsCreateSite', '/sites');
export const settingsSiteOrigins = asSettings(admin.setSiteOrigins, 'settingsSiteOrigins', '/sites/:name/origins');
export const settingsCreateToken = asSettings(admin.createToken, 'settingsCreateToken', '/tokens');
export const settingsRevokeSite = asSettings(admin.revokeSite, 'settingsRevokeSite', '/sites/:name');
export const settingsRevokeToken = asSettings(admin.revokeToken, 'settingsRevokeToken', '/tokens/:name');

export const settingsPolicy = route({
  id: 'settingsPolicy',
  method: 'put',
  path: `${SETTINGS}/policy`,
  summary: 'Put a new team risk policy version in force: the collector’s levels are computed with it, everyone reassessed',
  auth: { kind: 'session', scope: 'admin' },
  body: { json: Policy, maxBytes: 64 * 1024 },
  answers: {
    200: {
      description: 'the version stored, and the one the levels use now',
      json: z.object({ version: z.int(), inForce: z.int() }),
    },
    400: error('a bad policy (the first field named in the message)', 'invalid'),
    409: error('the version is not above the newest stored one', 'conflict'),
  },
});
