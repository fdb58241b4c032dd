// Contact logging: once the open thread has settled, its messages (metadata only, never a body)
// are logged as email interactions, each message once per page load; a failed call is retried the
// next time the thread is looked at.
import type { ApiClient } from '../api/client.ts';
import type { OpenMessage, SiteAdapter } from './adapter.ts';

export interface ThreadLogOptions {
  api: Pick<ApiClient, 'logEmails'>;
  adapter: Pick<SiteAdapter, 'name' | 'openMessages'>;
  doc: Document;
  /** Wait after the last change before looking at the open thread (it renders in steps). */
  settleMs?: number;
  /** False while the tab is hidden or the overlay stopped: nothing is logged then. */
  active(): boolean;
}

export interface ThreadLog {
  /** The page changed: look at the open thread once it has settled. */
  schedule(): void;
  cancel(): void;
  /** Messages handed to the background so far. */
  logged(): number;
}

export function createThreadLog(options: ThreadLogOptions): ThreadLog {
  const { adapter, api, doc } = options;
  const loggedIds = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let logged = 0;

  function check(): void {
    if (!options.active() || !adapter.openMessages) return;
    let open: OpenMessage[] = [];
    try {
      open = adapter.openMessages(doc);
    } catch {
      return; // the page changed under the adapter: look again next time
    }
    const messages = open.filter((m) => !loggedIds.has(m.messageId));
    if (messages.length === 0) return;
    for (const m of messages) loggedIds.add(m.messageId);
    logged += messages.length;
    const source = adapter.name === 'outlook' ? 'outlook' : 'gmail';
    api
      .logEmails({
        messages: messages.map((m) => ({
          source,
          messageId: m.messageId,
          ...(m.threadId ? { threadId: m.threadId } : {}),
          from: m.from,
          to: m.to,
          subject: m.subject,
          ...(m.sentAt ? { sentAt: m.sentAt } : {}),
          url: m.url,
        })),
      })
      .catch(() => {
        for (const m of messages) loggedIds.delete(m.messageId); // try again next time the thread shows
      });
  }

  return {
    schedule() {
      if (!adapter.openMessages) return;
      clearTimeout(timer);
      timer = setTimeout(check, options.settleMs ?? 400);
    },
    cancel: () => clearTimeout(timer),
    logged: () => logged,
  };
}
