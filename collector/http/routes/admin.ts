// /v1/admin/…: site keys and team tokens, for tokens with the admin scope (and `kehu keys` while
// `kehu serve` holds the embedded folder). The team console's Settings take the same bodies
// (./console.ts). Handlers: ../admin.ts.
import * as z from 'zod';
import { Scope } from '../../store/credentials.ts';
import { type Route, error, route } from './declare.ts';

export const NewSite = z.object({ name: z.string(), origins: z.array(z.string()).min(1).max(100) });
export const SiteOrigins = z.object({ origins: z.array(z.string()).min(1).max(100) });
export const NewToken = z.object({ name: z.string(), scopes: z.array(z.string()).min(1).max(10) });

/** The largest body of a change of keys. */
export const KEY_BODY_BYTES = 64 * 1024;

export const SiteKeyView = z.object({
  key: z.string().meta({ description: 'the site key pages carry (public)' }),
  name: z.string(),
  origins: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const TokenView = z.object({
  name: z.string(),
  scopes: z.array(Scope),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

/** A new token: the token itself is in this answer only; the store keeps its hash. */
export const CreatedToken = TokenView.extend({ token: z.string() });

export const Revoked = z.object({ revoked: z.string().meta({ description: 'the name revoked' }) });

const Name = z.object({ name: z.string().meta({ description: 'the name given when it was made' }) });

/** The answers of every change of keys (admin API and console Settings alike). */
const keyAnswers = {
  site: {
    201: { description: 'the site key', json: SiteKeyView, name: 'SiteKey' },
    400: error('a bad name, origin or body (the store says which)', 'invalid'),
  },
  origins: {
    200: { description: 'the site key with its new origins', json: SiteKeyView, name: 'SiteKey' },
    400: error('a bad origin or body', 'invalid'),
    404: error('no live site key with this name', 'not_found'),
  },
  token: {
    201: { description: 'the token (shown this once) and its name and scopes', json: CreatedToken, name: 'CreatedToken' },
    400: error('a bad name, scope or body', 'invalid'),
  },
  revoke: {
    200: { description: 'revoked', json: Revoked, name: 'Revoked' },
    404: error('no live key or token with this name', 'not_found'),
  },
} satisfies Record<string, Route['answers']>;

export const listKeys = route({
  id: 'listKeys',
  method: 'get',
  path: '/v1/admin/keys',
  summary: 'List site keys and tokens (never a token itself)',
  auth: { kind: 'token', scope: 'admin' },
  answers: {
    200: {
      description: 'the keys, revoked ones included',
      json: z.object({ sites: z.array(SiteKeyView), tokens: z.array(TokenView) }),
    },
  },
});

export const createSite = route({
  id: 'createSite',
  method: 'post',
  path: '/v1/admin/sites',
  summary: 'Create a site key',
  auth: { kind: 'token', scope: 'admin' },
  body: { json: NewSite, maxBytes: KEY_BODY_BYTES },
  answers: keyAnswers.site,
});

export const setSiteOrigins = route({
  id: 'setSiteOrigins',
  method: 'put',
  path: '/v1/admin/sites/:name/origins',
  summary: 'Replace the allowed origins of a site key (the key stays)',
  auth: { kind: 'token', scope: 'admin' },
  params: Name,
  body: { json: SiteOrigins, maxBytes: KEY_BODY_BYTES },
  answers: keyAnswers.origins,
});

export const createToken = route({
  id: 'createToken',
  method: 'post',
  path: '/v1/admin/tokens',
  summary: 'Create a team token (shown once)',
  auth: { kind: 'token', scope: 'admin' },
  body: { json: NewToken, maxBytes: KEY_BODY_BYTES },
  answers: keyAnswers.token,
});

export const revokeSite = route({
  id: 'revokeSite',
  method: 'delete',
  path: '/v1/admin/sites/:name',
  summary: 'Revoke a site key',
  auth: { kind: 'token', scope: 'admin' },
  params: Name,
  answers: keyAnswers.revoke,
});

export const revokeToken = route({
  id: 'revokeToken',
  method: 'delete',
  path: '/v1/admin/tokens/:name',
  summary: 'Revoke a team token',
  auth: { kind: 'token', scope: 'admin' },
  params: Name,
  answers: keyAnswers.revoke,
});
