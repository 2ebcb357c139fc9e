/**
 * The extraction pipeline for a known adapter: adapter.extract (pure) -> sanitise -> notes detector
 * over body blocks. Used by the content script, which knows its adapter and must not carry the
 * registry; lib/extract.ts (the CLI, the tests) picks the adapter for a URL first.
 */
import { detectNotes } from './notes/detector';
import type { StoryNoteMemory } from './notes/types';
import { sanitizeMany } from './sanitize';
import { isExtractError, type Chapter, type ExtractError, type SiteAdapter } from './sites/types';

/** Read a chapter page with this adapter; null: no adapter claims the page. */
export function readChapter(
  adapter: SiteAdapter | null,
  doc: Document,
  url: string,
  memory?: StoryNoteMemory,
): Chapter | ExtractError {
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
  return finishChapter(result, win, memory);
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
