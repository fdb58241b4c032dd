// Badges in Outlook on the web.
import { outlook } from '../src/overlay/adapters/outlook.ts';
import { startContentOverlay } from '../src/overlay/start.ts';

export default defineContentScript({
  matches: ['https://outlook.live.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const overlay = await startContentOverlay(outlook);
    ctx.onInvalidated(() => overlay.stop());
  },
});
