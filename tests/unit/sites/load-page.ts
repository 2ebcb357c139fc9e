/** Parse a saved page with happy-dom without running its scripts or loading anything it links to. */
import { Window } from 'happy-dom';
import { pageExpected, pageHtml } from '../../site-fixtures';
import { isExtractError, type Chapter, type ExtractError } from '../../../lib/sites/types';

export function loadPage(html: string, url: string): { doc: Document; close: () => Promise<void> } {
  const win = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableComputedStyleRendering: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  win.document.write(html);
  return { doc: win.document as unknown as Document, close: () => win.happyDOM.close() };
}

/** A chapter-page fixture case (tests/site-fixtures.ts) parsed at the URL its expected.json names. */
export function fixture(name: string): { doc: Document; url: string } {
  const { url } = pageExpected(name);
  return { doc: loadPage(pageHtml(name), url).doc, url };
}

/** The chapter, or a failed test naming the adapter's error. */
export function chapter(r: Chapter | ExtractError): Chapter {
  if (isExtractError(r)) throw new Error(r.error);
  return r;
}
