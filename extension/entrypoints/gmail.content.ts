// Badges in Gmail.
import { gmail } from '../src/overlay/adapters/gmail.ts';
import { startContentOverlay } from '../src/overlay/start.ts';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const overlay = await startContentOverlay(gmail);
    ctx.onInvalidated(() => overlay.stop());
  },
});
