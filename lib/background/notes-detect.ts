/**
 * The notes detector for a page, run in the background worker (`notes/detect`): the page reads
 * its chapter and sends the body blocks (lib/notes/remote.ts); the worker tells the language,
 * runs the detector with the story's memory and answers with the decisions. The worker's code is
 * compiled once per worker life and its matchers built once (warmDetector), where a content
 * script would pay both on every page.
 *
 * The decisions are finishChapter's own (lib/chapter/read-chapter.ts), run over the blocks as
 * the page read them: the same function the CLI, the fixtures and the evaluation run.
 */
import { finishChapter } from '../chapter/read-chapter';
import '../notes/lexicons';
import { edgeFingerprints } from '../notes/fingerprint';
import { detectLanguage } from '../notes/language';
import { matcherFor } from '../notes/matchers';
import { blockHtml, SEPARATOR, type DetectAnswer, type DetectEntry, type DetectRequest } from '../notes/remote';
import type { StoryNoteMemory } from '../notes/types';
import type { Block, Chapter } from '../sites/types';

/** Run the detector over a page's body blocks (already checked with detectRequestRefusal). */
export function detectForPage(req: DetectRequest, memory: StoryNoteMemory, now: () => number = () => performance.now()): DetectAnswer {
  const start = now();
  const blocks: Block[] = req.blocks.map((b) => ({ kind: b[2] & SEPARATOR ? 'separator' : 'story', html: blockHtml(b), text: b[1], source: 'body' }));
  // Only the fields finishChapter reads: the blocks and the language hint.
  const chapter = { blocks, lang: req.lang } as unknown as Chapter;
  const done = finishChapter(chapter, null, memory, req.langKnown && req.lang ? req.lang : undefined);
  const decisions = done.blocks.map((b): DetectEntry | null => {
    // Blocks the detector left as the adapter read them (dividers, embedded players).
    if (b.confidence === undefined) return null;
    const e: DetectEntry = { kind: b.kind as DetectEntry['kind'], confidence: b.confidence };
    if (b.unsure) e.unsure = true;
    if (b.noteWhere) e.where = b.noteWhere as DetectEntry['where'];
    return e;
  });
  return { lang: done.lang ?? 'en', decisions, memory, edges: edgeFingerprints(blocks), took: now() - start };
}

let warmed = false;

/**
 * Build what every page's detection needs once per worker life (the English matcher, the stop
 * word index, the detector's code paths on a small chapter), so the first page does not pay it.
 */
export function warmDetector(): void {
  if (warmed) return;
  warmed = true;
  try {
    matcherFor('en');
    detectLanguage(['the warm up of the notes detector'], 'en');
    const blocks: DetectRequest['blocks'] = [
      ["<p>A/N: Thanks for reading, and sorry for the wait! Please review.</p>", 'A/N: Thanks for reading, and sorry for the wait! Please review.', 0],
      ['<p>The rain had not stopped since morning, and the road was mud.</p>', 'The rain had not stopped since morning, and the road was mud.', 0],
      ['<hr>', '', 1],
      ['<p>"We go on," she said, and they went on.</p>', '"We go on," she said, and they went on.', 0],
    ];
    detectForPage({ storyKey: 'warm:0', lang: 'en', blocks }, { noteFingerprints: [], corrections: {} });
  } catch (e) {
    console.warn('Calm Reader: could not warm the notes detector', e);
  }
}
