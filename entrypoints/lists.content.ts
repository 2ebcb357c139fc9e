/**
 * Content script on the sites' list pages (search, tag and fandom listings, author pages, series,
 * bookmarks, the reader's own follows): marks the stories in the library and offers to bring the
 * reader's own lists in. Separate from the chapter pages' script (and its first paint), with its
 * own match patterns (lib/sites/lists.ts); everything else lives in lib/lists/run.ts.
 *
 * performance.mark names (read by `npm run bench`): calm-reader:list-start, list-read (list read, library asked),
 * marks-known (every answer in), marked.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runListPage } from '../lib/lists/run';
import { contentApi } from '../lib/protocol/ext-api';
import { LIST_SETTINGS_KEY, normalizeListSettings } from '../lib/lists/settings';
import { observeAdditions } from '../lib/lists/watch';
import { listMatches } from '../lib/sites/lists';

const mark = (name: string) => {
  try {
    performance.mark(`calm-reader:${name}`);
  } catch {
    /* marks are for the benchmark only */
  }
};

export default defineContentScript({
  matches: listMatches(),
  runAt: 'document_end',
  async main() {
    mark('list-start');
    // The browser's own API, not the polyfill (modules/site-scripts.ts leaves it out of this script).
    const browser = contentApi();
    const settings = browser.storage.local.get(LIST_SETTINGS_KEY).then((got) => normalizeListSettings(got[LIST_SETTINGS_KEY]));
    try {
      await runListPage(document, location.href, {
        runtime: browser.runtime,
        settings,
        fetch: (u, init) => fetch(u, init),
        parse: (html) => new DOMParser().parseFromString(html, 'text/html'),
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        mark,
        observe: (doc, onChange) => observeAdditions(doc, onChange),
      });
    } catch (err) {
      console.warn('[calm-reader] list marks failed', err);
    }
  },
});
