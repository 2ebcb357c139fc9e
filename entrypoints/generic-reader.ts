/**
 * Injected by the background (lib/background/generic.ts) into a tab the reader asked to see in
 * reader view when no site adapter claims it. Everything lives in lib/reader/generic-entry.ts.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { openGenericReader } from '../lib/reader/generic-entry';

export default defineUnlistedScript(async () => {
  try {
    return await openGenericReader({
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
