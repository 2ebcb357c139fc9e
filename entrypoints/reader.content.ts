/**
 * Content script on supported chapter pages. Runs at document_start so the cluttered page never
 * paints when the reader view is on: the page is hidden at once (lib/reader/early-hide.ts), the
 * reader is built as soon as the document is parsed, and the page is shown again once the view is
 * ready with the reading position restored (or at once when the reader stays off / on failure, or
 * after a short safety timeout). Everything else lives in lib/reader/session.ts; the reader's views
 * (components/reader/ui.tsx) are joined to it here.
 *
 * One file, several content scripts: modules/site-scripts.ts builds it once per site adapter file
 * (content-scripts/reader-<file>.js), each matching only that file's sites and carrying only its
 * adapters (SERVED_ADAPTERS), so a chapter page loads the code of its own site only.
 *
 * performance.mark names (read by `npm run bench`): calm-reader:start, calm-reader:content-ready,
 * calm-reader:extract-start / extract-end (adapter + sanitiser), calm-reader:detect-start /
 * detect-end (the notes detector's round trip to the worker, decisions applied),
 * calm-reader:worker-detect (detail: the worker's own detect time, ms), calm-reader:settings-known / memory-known / position-known (the
 * answers asked for at document_start), calm-reader:session (view rendered), calm-reader:visited
 * (library answered), calm-reader:ready, calm-reader:painted, calm-reader:revealed.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { readerUi } from '../components/reader/ui';
import { setLateLoader, startLateParts } from '../components/reader/late';
import { LATE_PARTS_REQUEST } from '../lib/reader/late';
import { warmUp } from '../lib/i18n';
import { contentApi } from '../lib/protocol/ext-api';
import { nativeSanitizer } from '../lib/chapter/sanitize-native';
import { hidePage, whenContentReady, type EarlyHide } from '../lib/reader/early-hide';
import { prefetchMemory, prefetchPosition, startSession, type Session, type SessionDeps } from '../lib/reader/session';
import { siteAllowed, type ReaderSettings } from '../lib/settings/settings';
import { loadSettings } from '../lib/settings/store';
import { findAdapter, matchesOf, siteAdapter } from '../lib/sites/match';
import { SERVED_ADAPTERS } from '../lib/sites/served';

const mark = (name: string, detail?: unknown) => {
  try {
    performance.mark(`calm-reader:${name}`, detail === undefined ? undefined : { detail });
  } catch {
    /* marks are for the benchmark only */
  }
};

export default defineContentScript({
  // Replaced per build by the sites of that build (modules/site-scripts.ts).
  matches: matchesOf(SERVED_ADAPTERS),
  runAt: 'document_start',
  async main(ctx) {
    mark('start');
    // Not wxt/browser: the polyfill would weigh ~10 KB in every content script (lib/ext-api.ts).
    const browser = contentApi();
    const storage: SessionDeps['storage'] = browser.storage;
    const startUrl = location.href;
    const adapter = findAdapter(startUrl, SERVED_ADAPTERS);
    // Hide only where a reader view can appear; the settings decide a few ms later.
    let hide: EarlyHide | null = null;
    let settings: Promise<ReaderSettings> | undefined;
    if (adapter) {
      try {
        hide = hidePage(document, { onReveal: (reason) => mark('revealed', reason) });
      } catch {
        hide = null;
      }
      settings = loadSettings(storage);
      // The reader's words: the catalogue loaded while the page loads, not on the first frame.
      setTimeout(warmUp, 0);
      settings.then(
        (s) => (s.enabled && siteAllowed(s, adapter.id) ? hide?.setTheme(s.theme) : hide?.reveal('reader-off')),
        () => undefined,
      );
    }

    // Asked for while the page loads, so the view waits for none of them: the story's notes memory
    // (learned notes, the reader's corrections; the worker warms its notes detector on it) and the
    // saved position of the chapter the URL names.
    const memory = adapter ? prefetchMemory(browser.runtime, adapter, startUrl) : undefined;
    const position = adapter ? prefetchPosition(browser.runtime, adapter, startUrl) : null;
    // When each answer arrived (the bench's marks).
    settings?.then(() => mark('settings-known'), () => undefined);
    memory?.then(() => mark('memory-known'), () => undefined);
    position?.position.then(() => mark('position-known'), () => undefined);

    // The chapter list, settings panel and end of chapter: injected by the worker once the first
    // frame is painted (startLateParts below), or at once when the reader opens the list or settings.
    setLateLoader(() => browser.runtime.sendMessage({ type: LATE_PARTS_REQUEST }));

    let session: Session | null = null;
    // Answer the popup / background from the start; null until the page has been read.
    const listener = (message: unknown) => (session ? session.onMessage(message) : undefined);
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(listener);
      hide?.reveal('invalidated');
      session?.destroy();
    });

    await whenContentReady(document);
    mark('content-ready');
    // The reader turned this site off (options page): leave its pages alone, no view, no notice.
    if (adapter && !siteAllowed((await settings!.catch(() => null)) ?? { disabledSites: [] }, adapter.id)) {
      mark('site-off');
      return;
    }
    // A huge page may take long to arrive; from here the safety timeout covers only our own work.
    hide?.rearm();
    if (ctx.isInvalid) return;
    // Read the page at the address it has now (a site may have rewritten it while loading).
    const url = location.href;
    // A page of a served site that is no story page (AO3's chapter index) still goes to its site's
    // adapter, which names what the page is.
    const pageAdapter = (url === startUrl ? adapter : findAdapter(url, SERVED_ADAPTERS)) ?? siteAdapter(url, SERVED_ADAPTERS);
    try {
      session = await startSession({
        ui: readerUi,
        doc: document,
        win: window,
        url,
        storage,
        runtime: browser.runtime,
        navigate: (to) => location.assign(to),
        // A private window: settings are read, never written, from here (the worker records nothing).
        privateWindow: browser.incognito,
        adapter: pageAdapter,
        memory,
        // Only for the address they were asked for.
        ...(url === startUrl ? { position, settings } : { settings }),
        // Reading the page (adapter + sanitiser) and the notes detector, timed apart (the bench).
        onPhase: (name, edge) => mark(`${name === 'read' ? 'extract' : 'detect'}-${edge}`),
        onWorkerDetect: (ms) => mark('worker-detect', ms),
        sanitize: nativeSanitizer(document),
        // The saved position is applied as soon as it is known, in the same task: the page stays
        // hidden until then, and the layout the restore needs is the one the first frame needs.
        afterPaint: (fn) => fn(),
      });
      if (ctx.isInvalid) {
        session.destroy();
        return;
      }
    } catch (e) {
      // Never break the site's page.
      hide?.reveal('error');
      console.warn('Calm Reader: the reader view could not start; showing the page as it is.', e);
      return;
    }
    mark('session');
    const controller = session.controller;
    if (!controller || !controller.isOn) {
      hide?.reveal(session.error ? 'error' : 'reader-off');
      // Should the reader turn the view on later.
      startLateParts();
      return;
    }
    // The view is on: keep it hidden too until the position is restored, so it does not jump.
    if (hide && !hide.revealed) hide.hold(controller.shadowHost.host);
    await session.visited;
    mark('visited');
    hide?.reveal('ready');
    mark('ready');
    requestAnimationFrame(() =>
      setTimeout(() => {
        mark('painted');
        startLateParts();
      }, 0),
    );
  },
});
