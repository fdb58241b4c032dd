// The pattern for an API method: a zod schema for what it accepts and a plain async handler.
// The router validates every call against the schema before the handler runs, whether the call
// came as a message from a content script or page, or directly through globalThis.kehu.
import type * as z from 'zod';
import type { ApiContext, Sender } from './context.ts';

export interface ApiMethod<S extends z.ZodType, R> {
  input: S;
  handler: (ctx: ApiContext, input: z.output<S>, sender: Sender) => Promise<R>;
}

export function defineMethod<S extends z.ZodType, R>(
  input: S,
  handler: (ctx: ApiContext, input: z.output<S>, sender: Sender) => Promise<R>,
): ApiMethod<S, R> {
  return { input, handler };
}

/** A call that failed validation: the message names each field at fault. */
export class ApiInputError extends Error {
  override name = 'ApiInputError';
}
