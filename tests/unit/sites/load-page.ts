/** Parse a saved page with happy-dom without running its scripts or loading anything it links to. */
import { createHash } from 'node:crypto';
import { Window } from 'happy-dom';
import { afterAll } from 'vitest';
import { extractChapter } from '../../../lib/chapter/extract';
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

/**
 * `page(html, url)`: loadPage's document, every window it opened closed after the calling test file
 * (call at the top level of a test file).
 */
export function pagesClosedAfterAll(): (html: string, url: string) => Document {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
  });
  return (html, url) => {
    const { doc, close } = loadPage(html, url);
    closers.push(close);
    return doc;
  };
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

/** One block of a chapter as a page case's generated "blocks" records it (expected.json). */
export interface CaseBlock {
  kind: string;
  /** Notes only: where the note sits. */
  noteWhere?: string;
  /** Notes only: the heading the site gives the note module. */
  label?: string;
  /** The block's plain text. */
  text: string;
  /** The first 12 hex digits of the SHA-256 of the block's sanitised HTML. */
  html: string;
}

/**
 * What the real pipeline (adapter, notes detector, sanitiser) makes of a page case, as its
 * expected.json's generated "blocks" holds it: every block in order, or the adapter's error.
 * Written by `npm run -s fixtures:expect`, checked by tests/unit/sites/case-blocks.test.ts.
 */
export async function caseBlocks(html: string, url: string): Promise<CaseBlock[] | { error: string }> {
  const { doc, close } = loadPage(html, url);
  try {
    const r = extractChapter(doc, url);
    if (isExtractError(r)) return { error: r.error };
    return r.blocks.map((b) => ({
      kind: b.kind,
      ...(b.noteWhere !== undefined ? { noteWhere: b.noteWhere } : {}),
      ...(b.label !== undefined ? { label: b.label } : {}),
      text: b.text,
      html: createHash('sha256').update(b.html).digest('hex').slice(0, 12),
    }));
  } finally {
    await close();
  }
}
