/**
 * The reader view's late parts (chapter list, in-view settings, end of chapter): injected by the
 * worker into a chapter tab's isolated world after the view's first frame (lib/reader/late.ts,
 * lib/background/late-parts.ts). Built on the content script's Preact (modules/site-scripts.ts
 * points `preact/*` at what the content script shares), and handed over to it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { LATE_PARTS } from '../components/reader/late-parts';
import { SHARED_KEY } from '../lib/reader/late';

export default defineUnlistedScript(() => {
  const shared = (globalThis as Record<string, unknown>)[SHARED_KEY] as { register?(p: typeof LATE_PARTS): void } | undefined;
  shared?.register?.(LATE_PARTS);
});
