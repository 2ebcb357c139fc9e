/**
 * Injected by the background (lib/background/generic.ts) into a tab the reader asked to see in
 * reader view when no site adapter claims it. Wiring only: joins lib/reader/generic-entry.ts to the
 * reader's views (components/reader/ui.tsx).
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { readerUi } from '../components/reader/ui';
import { registerLateParts } from '../components/reader/late';
import { LATE_PARTS } from '../components/reader/late-parts';
import { openGenericReader } from '../lib/reader/generic-entry';

export default defineUnlistedScript(async () => {
  // Injected on request only: the reader view's late parts come with it.
  registerLateParts(LATE_PARTS);
  try {
    return await openGenericReader({
      ui: readerUi,
      scope: globalThis as unknown as Record<string, unknown>,
      listen: (listener) => browser.runtime.onMessage.addListener(listener),
      doc: document,
      win: window,
      url: location.href,
      storage: browser.storage as unknown as Parameters<typeof openGenericReader>[0]['storage'],
      runtime: browser.runtime,
      navigate: (url) => location.assign(url),
      privateWindow: browser.extension?.inIncognitoContext === true,
    });
  } catch (e) {
    // Never break the page.
    console.warn('Calm Reader: the reader view could not start; showing the page as it is.', e);
    return 'failed';
  }
});
