// What a collector route declaration holds. Every HTTP route is declared once, in this folder,
// with its zod schemas: path and query parameters, the JSON body, the answers and the error codes
// each answer can carry. The handlers (collector/http/*.ts) validate with exactly these schemas,
// and GET /openapi.json is generated from the declarations (../openapi.ts), so the document is
// always what the collector checks. tests/unit/collector/openapi.test.ts fails when the app serves
// a route the declarations do not list.
//
// This folder imports only zod, shared/, the store and the console's query modules, never the
// handlers: they import it.
import type * as z from 'zod';
import type { CollectorErrorCode } from '#shared/i18n/collector-errors.ts';
import type { Scope } from '../../store/credentials.ts';

export type Method = 'get' | 'post' | 'put' | 'delete' | 'options';

/** Who may call a route. */
export type Auth =
  /** Anyone. */
  | { kind: 'none' }
  /** A site key in the path, called from a page whose origin the key allows (collect). */
  | { kind: 'site-key' }
  /** A team token with this scope (admin includes every other), or the local command line. */
  | { kind: 'token'; scope: Scope }
  /** The team console's session cookie; with a scope, the session's token must have it. */
  | { kind: 'session'; scope?: Scope };

/** One answer of a route: JSON (a zod schema, output form), another media type, or an error body. */
export interface Answer {
  description: string;
  /** The JSON body's schema. */
  json?: z.core.$ZodType;
  /** Its component name in the document (default: the route's id and Answer). */
  name?: string;
  /** Other media types (files, pages), as OpenAPI media type objects. */
  content?: Record<string, { schema: Record<string, unknown> }>;
  /** For an error answer: the codes its `error` field can hold (shared/src/i18n/collector-errors.ts). */
  codes?: readonly CollectorErrorCode[];
  headers?: Record<string, { description?: string; schema: Record<string, unknown> }>;
}

/** A request body: JSON checked by a zod schema, or another media type (a file). */
export type Body =
  | {
      /** What the handler checks the parsed JSON with. */
      json: z.core.$ZodType;
      /**
       * What the document shows, when the handler checks in two steps (a batch's shape, then each
       * item on its own so that one bad item never blocks the others): the full shape of a good body.
       */
      shown?: z.core.$ZodType;
      /** The largest body in bytes (413 beyond it). */
      maxBytes: number;
    }
  | { content: Record<string, { schema: Record<string, unknown> }>; maxBytes: number };

export interface Route {
  /** The OpenAPI operationId: unique, camelCase. */
  id: string;
  method: Method;
  /** Hono's pattern: `:name` for a parameter, a final `*` for any rest of the path. */
  path: string;
  summary: string;
  description?: string;
  auth: Auth;
  /** Path parameters (each `:name` of the path, `rest` for `*`); undeclared ones are plain strings. */
  params?: z.ZodObject;
  /** Query parameters; an array field may repeat (`?level=red&level=orange`). */
  query?: z.ZodObject;
  body?: Body;
  /** The answers by status; the errors of the auth kind and of a JSON body are added to them. */
  answers: Record<number, Answer>;
}

/** A route declaration, its schemas' own types kept (so a handler's parse result is typed). */
export function route<const R extends Route>(r: R): R {
  return r;
}

/** An error answer that can carry these codes. */
export function error(description: string, ...codes: CollectorErrorCode[]): Answer {
  return { description, codes };
}
