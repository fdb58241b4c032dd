// The background side of messaging: every method of the router, served to content scripts and pages.
import type { ApiContext } from './context.ts';
import { messenger } from './messaging.ts';
import { METHODS, type MethodName } from './methods.ts';
import { callMethod } from './router.ts';

export function serveApi(ctx: ApiContext): () => void {
  const removers = (Object.keys(METHODS) as MethodName[]).map((name) =>
    messenger.onMessage(name, (message) =>
      callMethod(ctx, name, message.data, {
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
