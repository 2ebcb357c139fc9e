/**
 * Reader corrections of the notes detector: which blocks the view offers to correct, and
 * re-running the detector on the open chapter with the story's new memory (no reload).
 */
import { finishChapter } from '../chapter/read-chapter';
import type { StoryNoteMemory } from '../notes/types';
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

/** The open chapter with the detector run again over its body blocks with `memory`. Pure. */
export function redetect(chapter: Chapter, memory: StoryNoteMemory): Chapter {
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
  // No window: the blocks were sanitised when the chapter was first read.
  return finishChapter({ ...chapter, blocks }, null, memory, chapter.lang ?? undefined);
}
