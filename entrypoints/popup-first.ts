/**
 * The popup's first frame (lib/popup/first-frame.ts): a classic script popup.html runs right after
 * its #app container is parsed, before the page's module (the Preact UI) has run. Built on its own
 * without the UI or Preact (wxt.config.ts: `wxt/browser` is the browser's own object here, not the
 * polyfill), so it is small and draws "Continue reading" as last seen while the module loads.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { browser } from 'wxt/browser';
import { drawFirstFrame } from '../lib/popup/first-frame';
import { popupPageApi } from '../lib/popup/api';
import { pageStorage, readSnapshot, readTheme } from '../lib/popup/snapshot';

export default defineUnlistedScript(() => {
  const root = document.getElementById('app');
  const storage = pageStorage();
  const snapshot = { read: () => readSnapshot(storage), readTheme: () => readTheme(storage) };
  if (root) drawFirstFrame(root, snapshot, popupPageApi(browser, location.search, () => window.close()));
});
