/**
 * The extraction pipeline for a known adapter: adapter.extract (pure) -> sanitise -> notes detector
 * over body blocks. Used by the content script, which knows its adapter and must not carry the
 * registry; lib/chapter/extract.ts (the CLI, the tests) picks the adapter for a URL first. The sanitiser is
 * passed in: the browser's own in the extension (lib/chapter/sanitize-native.ts), the policy walk of lib/chapter/sanitize.ts in Node.
 */
import { detectNotes } from '../notes/detector';
import { detectLanguage } from '../notes/language';
import { matcherFor } from '../notes/matchers';
import type { StoryNoteMemory } from '../notes/types';
import { applyNoteDecision } from './note-decision';
import type { BlockSanitizer } from './sanitize-policy';
import { isEmbedPlaceholder, servedInstead } from '../sites/blocks';
import { isExtractError, type Chapter, type ExtractError, type SiteAdapter } from '../sites/types';

/** Read a chapter page with this adapter; null: no adapter claims the page. */
export function readChapter(
  adapter: SiteAdapter | null,
  doc: Document,
  url: string,
  memory: StoryNoteMemory | undefined,
  sanitize: BlockSanitizer,
): Chapter | ExtractError {
  const page = readPage(adapter, doc, url, sanitize);
  return isExtractError(page) ? page : finishChapter(page, null, memory);
}

/**
 * The first half of readChapter, which needs nothing from the library: the adapter reads the page
 * and every block is sanitised; the notes detector has not run yet (finishChapter with the story's
 * notes memory does that). The content script runs it while the memory is still on its way.
 */
export function readPage(adapter: SiteAdapter | null, doc: Document, url: string, sanitize: BlockSanitizer): Chapter | ExtractError {
  if (!adapter) {
    return { error: 'This page is not a chapter page of a supported site.', site: 'none', kind: 'unsupported' };
  }
  let result: Chapter | ExtractError;
  try {
    result = adapter.extract(doc, url);
  } catch (e) {
    // An adapter must not throw; if it does, the layout surprised it. Leave the page alone.
    return {
      error: `${adapter.name}: could not read this page (${e instanceof Error ? e.message : String(e)}).`,
      site: adapter.id,
      kind: 'layout-changed',
    };
  }
  if (isExtractError(result)) {
    // Whatever the site, a bot check or a bare "Retry later" in place of the chapter is no changed
    // layout: name it (adapters that know their site's pages do so themselves).
    if (result.kind === 'layout-changed') {
      const other = servedInstead(doc);
      if (other) {
        const error =
          other.kind === 'bot-check' ? `${adapter.name} shows ${other.what} before the chapter.` : `${adapter.name} asks to retry later (${other.what}).`;
        return { error, site: adapter.id, kind: other.kind };
      }
    }
    return result;
  }
  // The page's own language, unless the adapter read a better one (AO3's work language).
  if (!result.lang) {
    const tag = doc.documentElement?.getAttribute('lang');
    if (tag) result.lang = tag;
  }
  // The adapter's blocks are this call's own: sanitised in place (no copy of thousands of blocks).
  const clean = sanitize(result.blocks.map((b) => b.html));
  for (let i = 0; i < clean.length; i++) result.blocks[i].html = clean[i];
  return result;
}

/**
 * Sanitise every block (unless `sanitize` is null: blocks already sanitised) and let the notes
 * detector decide the kind of body blocks. `language`: the chapter's, when the caller read it
 * already (chapterLanguage); the detector's answer is also kept as chapter.lang.
 */
export function finishChapter(chapter: Chapter, sanitize: BlockSanitizer | null, memory?: StoryNoteMemory, language?: string): Chapter {
  const clean = sanitize ? sanitize(chapter.blocks.map((b) => b.html)) : null;
  const blocks = chapter.blocks.map((b, i) => (clean ? { ...b, html: clean[i] } : b));
  const bodyIdx: number[] = [];
  blocks.forEach((b, i) => {
    // An embedded video or podfic the reader links to is the work itself, never a note.
    if (b.source === 'body' && !isEmbedPlaceholder(b.text)) bodyIdx.push(i);
  });
  const lang = language ?? chapterLanguage(chapter);
  if (bodyIdx.length) {
    const decisions = detectNotes(
      bodyIdx.map((i) => blocks[i]),
      memory,
      { matcher: matcherFor(lang) },
    );
    decisions.forEach((d, j) => {
      const b = blocks[bodyIdx[j]];
      // A divider the adapter recognised stays a divider whatever the detector thinks of it.
      if (b.kind === 'separator') return;
      applyNoteDecision(b, { kind: d.label, confidence: d.confidence, unsure: d.unsure, where: d.where });
    });
  }
  return { ...chapter, blocks, lang };
}

/**
 * The language the chapter's text is written in: the page's word (chapter.lang) when the text
 * agrees, else what the text's most frequent words say. A lexicon for it may still have to be
 * registered (lib/notes/matchers.ts); without one the detector reads English words only.
 */
export function chapterLanguage(chapter: Chapter): string {
  const texts: string[] = [];
  for (const b of chapter.blocks) if (b.source === 'body' && b.kind !== 'separator') texts.push(b.text);
  return detectLanguage(texts, chapter.lang);
}
