/** Parse a saved page with happy-dom without running its scripts or loading anything it links to. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
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

const PAGES_DIR = join(__dirname, '../../fixtures/pages');

/** A fixture page (tests/fixtures/pages/NAME.html) parsed at the URL its JSON names. */
export function fixture(name: string): { doc: Document; url: string } {
  const { url } = JSON.parse(readFileSync(join(PAGES_DIR, `${name}.json`), 'utf8')) as { url: string };
  return { doc: loadPage(readFileSync(join(PAGES_DIR, `${name}.html`), 'utf8'), url).doc, url };
}

/** The chapter, or a failed test naming the adapter's error. */
export function chapter(r: Chapter | ExtractError): Chapter {
  if (isExtractError(r)) throw new Error(r.error);
  return r;
}
