// Badges on any web page. Not in the manifest: the background registers this script for all
// sites only while the rep grants the optional "all web pages" permission (src/pages.ts).
import { page } from '../src/overlay/adapters/page.ts';
import { startContentOverlay } from '../src/overlay/start.ts';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  async main(ctx) {
    if (window.top !== window) return; // top frames only
    const overlay = await startContentOverlay(page);
    ctx.onInvalidated(() => overlay.stop());
  },
});
