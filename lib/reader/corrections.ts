/**
 * Reader corrections of the notes detector: which blocks the view offers to correct, and the
 * page's side of the detector the background worker runs (lib/notes/remote.ts): the blocks it is
 * sent, its decisions applied to the chapter, a correction shown at once before its answer.
 */
import { applyNoteDecision } from '../chapter/note-decision';
import { PLAIN_P, SEPARATOR, type DetectAnswer, type DetectBlock } from '../notes/remote';
import type { Block, Chapter } from '../sites/types';
import type { NoteGroup } from './notes';

/** How many body blocks at each end of the chapter can be marked as notes. */
export const EDGE_BLOCKS = 4;

export type CorrectionLabel = 'story' | 'note';

/**
 * Story blocks the reader may mark as an author's note: body blocks (the detector's decision,
 * not the site's markup) that the detector was unsure of or that sit among the first/last
 * EDGE_BLOCKS body blocks of the chapter, where notes live.
 */
export function markableAsNote(blocks: readonly Block[], edge = EDGE_BLOCKS): Set<number> {
  // Asked on every render of the view (a huge chapter renders in many slices): once per chapter.
  const known = edge === EDGE_BLOCKS ? markable.get(blocks) : undefined;
  if (known) return known;
  const body: number[] = [];
  blocks.forEach((b, i) => {
    if (b.source === 'body' && b.kind !== 'separator') body.push(i);
  });
  const edges = new Set([...body.slice(0, edge), ...body.slice(-edge)]);
  const out = new Set<number>();
  for (const i of body) {
    const b = blocks[i];
    if (b.kind === 'story' && b.text.trim() && (b.unsure === true || edges.has(i))) out.add(i);
  }
  if (edge === EDGE_BLOCKS) markable.set(blocks, out);
  return out;
}

/** markableAsNote's answers by block list (a chapter's blocks never change in place once shown). */
const markable = new WeakMap<readonly Block[], Set<number>>();

/** The note blocks of a group the reader may mark as story (the site's own note modules are not). */
export function markableAsStory(group: NoteGroup, blocks: readonly Block[]): number[] {
  return group.indices.filter((i) => {
    const b = blocks[i];
    return b && b.kind === 'note' && b.source === 'body' && b.text.trim().length > 0;
  });
}

/** The chapter's body blocks as the worker's detector reads them (in order; applyDetection's counterpart). */
export function detectBlocks(chapter: Chapter): DetectBlock[] {
  const out: DetectBlock[] = [];
  for (const b of chapter.blocks) {
    if (b.source !== 'body') continue;
    const sep = b.kind === 'separator' ? SEPARATOR : 0;
    // Most paragraphs are <p> and their text: sent once.
    const plain = b.html.length === b.text.length + 7 && b.html.startsWith('<p>') && b.html.endsWith('</p>') && b.html.startsWith(b.text, 3);
    out.push(plain ? ['', b.text, sep | PLAIN_P] : [b.html, b.text, sep]);
  }
  return out;
}

/**
 * The chapter with the worker's decisions (one per detectBlocks entry) applied to its body blocks,
 * as finishChapter (lib/chapter/read-chapter.ts) applies the detector's: the kind, the confidence,
 * unsure, where a note sits. The chapter given is left alone.
 */
export function applyDetection(chapter: Chapter, answer: Pick<DetectAnswer, 'decisions' | 'lang'>): Chapter {
  let j = 0;
  const blocks = chapter.blocks.map((b) => {
    if (b.source !== 'body') return b;
    const d = answer.decisions[j++];
    if (!d) return b;
    const copy: Block = { ...b };
    applyNoteDecision(copy, d);
    return copy;
  });
  return { ...chapter, blocks, lang: answer.lang };
}

/** The open chapter with the detector's decisions taken back (what it is sent again with a new memory). Pure. */
export function undetected(chapter: Chapter): Chapter {
  const blocks = chapter.blocks.map((b) => {
    const copy: Block = { ...b };
    if (copy.source === 'body' && copy.kind !== 'separator') {
      delete copy.unsure;
      delete copy.confidence;
      delete copy.noteWhere;
      copy.kind = 'story';
    }
    return copy;
  });
  return { ...chapter, blocks };
}

/**
 * The reader's own correction shown at once, before the worker's detector answers: the body
 * blocks with one of these texts take the reader's label (the detector's answer with the new
 * memory follows, and a correction always wins there too). Pure.
 */
export function withLabel(chapter: Chapter, texts: readonly string[], label: CorrectionLabel): Chapter {
  const wanted = new Set(texts);
  const hit = (b: Block) => b.source === 'body' && b.kind !== 'separator' && wanted.has(b.text);
  // Where a note sits: before the story's first block, after its last, or inside.
  const story = chapter.blocks.map((b) => (hit(b) ? label === 'story' : b.source === 'body' && b.kind === 'story'));
  const first = story.indexOf(true);
  const last = story.lastIndexOf(true);
  const blocks = chapter.blocks.map((b, i) => {
    if (!hit(b)) return b;
    const copy: Block = { ...b, kind: label, confidence: 1 };
    delete copy.unsure;
    if (label === 'note') copy.noteWhere = first < 0 || i < first ? 'before' : i > last ? 'after' : 'inline';
    else delete copy.noteWhere;
    return copy;
  });
  return { ...chapter, blocks };
}
