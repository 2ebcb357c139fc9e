/**
 * The extraction pipeline by URL, for the CLI, the bench and the tests: pick the adapter for the URL
 * in the registry -> adapter.extract (pure) -> sanitise -> notes detector over body blocks. The
 * content script knows its adapter and calls lib/chapter/read-chapter.ts directly (no registry in its bundle).
 */
import '../notes/lexicons';
import type { StoryNoteMemory } from '../notes/types';
import { readChapter } from './read-chapter';
import { purifySanitizer } from './sanitize';
import { textOnlyBlocks } from './sanitize-native';
import { adapterFor } from '../sites/registry';
import type { Chapter, ExtractError, SiteAdapter } from '../sites/types';

export { finishChapter } from './read-chapter';

export interface ExtractOptions {
  /** What the library remembers of this story's notes. */
  memory?: StoryNoteMemory;
  /** Use this adapter instead of looking one up by URL (generic extractor). */
  adapter?: SiteAdapter;
}

export function extractChapter(doc: Document, url: string, opts: ExtractOptions = {}): Chapter | ExtractError {
  const win = doc.defaultView as Window | null;
  // Node (happy-dom): the policy walk (lib/chapter/sanitize.ts). A document without a window holds nothing to sanitise with: text only.
  return readChapter(opts.adapter ?? adapterFor(url), doc, url, opts.memory, win ? purifySanitizer(win) : textOnlyBlocks);
}
