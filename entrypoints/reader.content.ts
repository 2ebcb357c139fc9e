/** Content script on supported chapter pages: everything lives in lib/reader/session.ts. */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startSession, type Session } from '../lib/reader/session';
import { contentScriptMatches } from '../lib/sites/registry';

export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_end',
  async main(ctx) {
    let session: Session | null = null;
    // Answer the popup / background from the start; null until the page has been read.
    const listener = (message: unknown) => (session ? session.onMessage(message) : undefined);
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(listener);
      session?.destroy();
    });
    try {
      session = await startSession({
        doc: document,
        win: window,
        url: location.href,
        storage: browser.storage as unknown as Parameters<typeof startSession>[0]['storage'],
        runtime: browser.runtime,
        navigate: (url) => location.assign(url),
      });
      if (ctx.isInvalid) session.destroy();
    } catch (e) {
      // Never break the site's page.
      console.warn('Calm Reader: the reader view could not start; showing the page as it is.', e);
    }
  },
});
