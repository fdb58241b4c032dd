// Who may call which method. Content scripts run inside web pages the extension does not control:
// a page that finds a way to drive one (or a bug in one) must not reach the rep's whole store. So a
// message from a tab's content script reaches only the methods the overlay needs; everything else
// (export, import, settings, erase, sync, the workspace) answers only the extension's own pages.
import type { MethodName } from './methods.ts';

/** Where a message came from: one of the extension's own pages, or a content script in a web page. */
export type Caller = 'extension' | 'content';

/** The overlay's methods: badges, the hover card, "+ Add", opening a customer, contact logging, and
 * reporting a problem to the local debug log (bounded; the log is only ever shown as text). */
export const CONTENT_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'version',
  'lookupMany',
  'lookupHost',
  'card',
  'addSender',
  'openCustomer',
  'logEmails',
  'reportProblem',
]);

/** The parts of a runtime message's sender this check reads (browser.runtime.MessageSender). */
export interface MessageSender {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // moz-extension:// and chrome-extension:// URLs have an opaque `origin` in some engines.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/**
 * An extension page when the message comes from this extension and from a document at the
 * extension's own origin (a tab showing options.html or the Firefox side panel in a tab has
 * `sender.tab` too, so the tab alone does not decide); anything else is a content script.
 */
export function callerOf(sender: MessageSender, extensionId: string, extensionBaseUrl: string): Caller {
  const own = originOf(extensionBaseUrl);
  if (sender.id !== extensionId || own === null) return 'content';
  return originOf(sender.url) === own ? 'extension' : 'content';
}

export function mayCall(caller: Caller, name: MethodName): boolean {
  return caller === 'extension' || CONTENT_METHODS.has(name);
}

/** A call the caller may not make: the message names the method and says who may. */
export class ApiAccessError extends Error {
  override name = 'ApiAccessError';
  constructor(method: string) {
    super(`${method}: only the extension's own pages may call this method`);
  }
}
