// One router for every caller: messages from content scripts and pages (messaging.ts) and direct
// calls through globalThis.kehu in the service worker. Each call is validated against its method's
// schema first; a call that does not fit is refused with the fields at fault.
import { ApiAccessError, type Caller, mayCall } from './access.ts';
import type { ApiContext, Sender } from './context.ts';
import { ApiInputError } from './define.ts';
import { METHODS, type MethodInput, type MethodName, type MethodOutput } from './methods.ts';

export type Api = { [K in MethodName]: (input?: MethodInput<K>) => Promise<MethodOutput<K>> };

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}

export function callMethod<K extends MethodName>(
  ctx: ApiContext,
  name: K,
  input: unknown,
  sender: Sender = {},
): Promise<MethodOutput<K>> {
  if (!isMethodName(name)) return Promise.reject(new ApiInputError(`no such method: ${String(name)}`));
  const method = METHODS[name];
  const parsed = method.input.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
    return Promise.reject(new ApiInputError(`${name}: ${fields}`));
  }
  // Called synchronously up to the handler's first await: a method that needs the user's gesture
  // (opening the side panel) still has it.
  return (method.handler as (c: ApiContext, i: unknown, s: Sender) => Promise<MethodOutput<K>>)(ctx, parsed.data, sender);
}

/** A call that came as a message: the caller's kind decides which methods it reaches (access.ts). */
export function callFrom<K extends MethodName>(
  ctx: ApiContext,
  caller: Caller,
  name: K,
  input: unknown,
  sender: Sender = {},
): Promise<MethodOutput<K>> {
  if (!isMethodName(name)) return Promise.reject(new ApiInputError(`no such method: ${String(name)}`));
  if (!mayCall(caller, name)) return Promise.reject(new ApiAccessError(name));
  return callMethod(ctx, name, input, sender);
}

/** The API as an object of functions, as globalThis.kehu exposes it. */
export function createApi(ctx: ApiContext): Api {
  const api = {} as Record<MethodName, (input?: unknown) => Promise<unknown>>;
  for (const name of Object.keys(METHODS) as MethodName[]) api[name] = (input) => callMethod(ctx, name, input);
  return api as Api;
}
