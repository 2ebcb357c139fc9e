/**
 * The one extraction pipeline used by the content script, the CLI and the tests:
 * pick the adapter for the URL -> adapter.extract (pure) -> sanitise -> notes detector over body blocks.
 */
import { detectNotes } from './notes/detector';
import type { StoryNoteMemory } from './notes/types';
import { sanitizeMany } from './sanitize';
import { adapterFor } from './sites/registry';
import { isExtractError, type Chapter, type ExtractError, type SiteAdapter } from './sites/types';

export interface ExtractOptions {
  /** What the library remembers of this story's notes. */
  memory?: StoryNoteMemory;
  /** Use this adapter instead of looking one up by URL (generic extractor). */
  adapter?: SiteAdapter;
}

export function extractChapter(doc: Document, url: string, opts: ExtractOptions = {}): Chapter | ExtractError {
  const adapter = opts.adapter ?? adapterFor(url);
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
  if (isExtractError(result)) return result;
  const win = doc.defaultView as Window | null;
  return finishChapter(result, win, opts.memory);
}

/** Sanitise every block and let the notes detector decide the kind of body blocks. */
export function finishChapter(chapter: Chapter, win: Window | null, memory?: StoryNoteMemory): Chapter {
  const clean = win ? sanitizeMany(chapter.blocks.map((b) => b.html), win) : null;
  const blocks = chapter.blocks.map((b, i) => (clean ? { ...b, html: clean[i] } : b));
  const bodyIdx: number[] = [];
  blocks.forEach((b, i) => {
    if (b.source === 'body') bodyIdx.push(i);
  });
  if (bodyIdx.length) {
    const decisions = detectNotes(
      bodyIdx.map((i) => ({ html: blocks[i].html, text: blocks[i].text })),
      memory,
    );
    decisions.forEach((d, j) => {
      const b = blocks[bodyIdx[j]];
      // A divider the adapter recognised stays a divider whatever the detector thinks of it.
      if (b.kind === 'separator') return;
      b.kind = d.label;
      b.confidence = d.confidence;
      if (d.unsure) b.unsure = true;
      if (d.label === 'note') b.noteWhere = d.where ?? 'inline';
      else delete b.noteWhere;
    });
  }
  return { ...chapter, blocks };
}
