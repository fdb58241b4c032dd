// Health for load balancers and supervisors, and this document. Handlers: ../health.ts, ../app.ts.
import * as z from 'zod';
import { error, route } from './declare.ts';

const About = z.object({
  ok: z.literal(true),
  store: z.enum(['pglite', 'postgres']).meta({ description: 'the kind of store' }),
  schema: z.int().meta({ description: "the store's schema version" }),
  api: z.string().meta({ description: 'the HTTP API version (as the Kehu-Api header)' }),
  version: z.string().meta({ description: 'the Kehu version' }),
});

export const livez = route({
  id: 'livez',
  method: 'get',
  path: '/livez',
  summary: 'Alive: the process answers (the store is not checked)',
  auth: { kind: 'none' },
  answers: { 200: { description: 'alive', json: About.extend({ pid: z.int() }) } },
});

export const healthz = route({
  id: 'healthz',
  method: 'get',
  path: '/healthz',
  summary: 'Whether the store answers',
  auth: { kind: 'none' },
  answers: { 200: { description: 'ok', json: About }, 503: error('the store does not answer', 'store_unavailable') },
});

export const readyz = route({
  id: 'readyz',
  method: 'get',
  path: '/readyz',
  summary: 'Ready for traffic: the store answers, its migrations are done, the process is not shutting down',
  auth: { kind: 'none' },
  answers: {
    200: { description: 'ready', json: About },
    503: error(
      'the store does not answer, its migrations are not done, or the process is draining',
      'store_unavailable',
      'migrating',
      'draining',
    ),
  },
});

export const openApi = route({
  id: 'openApi',
  method: 'get',
  path: '/openapi.json',
  summary: 'This document: OpenAPI 3.1, generated from the route declarations',
  auth: { kind: 'none' },
  answers: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
});
