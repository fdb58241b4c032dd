// The background side of messaging: the router's methods, served to content scripts and pages.
// A message from a content script reaches only the overlay's methods (access.ts).
import { browser } from 'wxt/browser';
import { callerOf } from './access.ts';
import type { ApiContext } from './context.ts';
import { messenger } from './messaging.ts';
import { METHODS, type MethodName } from './methods.ts';
import { callFrom } from './router.ts';

export function serveApi(ctx: ApiContext): () => void {
  const extensionId = browser.runtime.id;
  const extensionBase = browser.runtime.getURL('/');
  const removers = (Object.keys(METHODS) as MethodName[]).map((name) =>
    messenger.onMessage(name, (message) =>
      callFrom(ctx, callerOf(message.sender, extensionId, extensionBase), name, message.data, {
        tabId: message.sender.tab?.id,
        windowId: message.sender.tab?.windowId,
        url: message.sender.url,
      }),
    ),
  );
  return () => {
    for (const remove of removers) remove();
  };
}
