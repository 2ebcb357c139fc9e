/**
 * Author notes in the reader view: each run of consecutive note blocks becomes one disclosure.
 * Separators next to a run travel with it (so a collapsed note leaves no stray rule behind).
 */
import type { Block } from '../sites/types';

export const DEFAULT_NOTE_LABEL = "Author's note";

export interface BlockItem {
  type: 'block';
  index: number;
  block: Block;
}

export interface NoteGroup {
  type: 'note';
  /** Stable within a chapter: `note-<first block index>`. */
  id: string;
  /** The disclosure's title: the first note block's label, else "Author's note". */
  label: string;
  /** Block indices in reading order (notes and the separators that go with them). */
  indices: number[];
  /** A short plain-text preview of the note. */
  preview: string;
  /** Some block of the run was a close call for the detector. */
  unsure: boolean;
  where: Block['noteWhere'] | undefined;
}

export type ReaderItem = BlockItem | NoteGroup;

/** Plain text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function previewText(text: string, max = 90): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

const labelKey = (b: Block) => b.label ?? null;

/** Blocks -> render items: plain blocks and note groups, in reading order. Pure. */
export function groupBlocks(blocks: readonly Block[]): ReaderItem[] {
  const items: ReaderItem[] = [];
  const n = blocks.length;
  const isSep = (i: number) => i < n && blocks[i].kind === 'separator';
  const isNote = (i: number) => i < n && blocks[i].kind === 'note';
  /** First index after a run of separators starting at i. */
  const afterSeps = (i: number) => {
    let k = i;
    while (isSep(k)) k++;
    return k;
  };

  let i = 0;
  while (i < n) {
    const startsGroup = isNote(i) || (isSep(i) && isNote(afterSeps(i)));
    if (!startsGroup) {
      items.push({ type: 'block', index: i, block: blocks[i] });
      i++;
      continue;
    }
    const indices: number[] = [];
    // leading separators
    while (isSep(i)) indices.push(i++);
    const key = labelKey(blocks[i]);
    const notes: Block[] = [];
    while (i < n) {
      if (isNote(i) && labelKey(blocks[i]) === key) {
        notes.push(blocks[i]);
        indices.push(i++);
        continue;
      }
      if (isSep(i)) {
        const k = afterSeps(i);
        const joinsNextNote = isNote(k) && labelKey(blocks[k]) === key;
        // Separators between two notes of this run belong to it; trailing ones too.
        while (i < k) indices.push(i++);
        if (joinsNextNote) continue;
      }
      break;
    }
    const first = notes[0];
    items.push({
      type: 'note',
      id: `note-${indices[0]}`,
      label: first.label?.trim() || DEFAULT_NOTE_LABEL,
      indices,
      preview: previewText(notes.map((b) => b.text).join(' ')),
      unsure: notes.some((b) => b.unsure === true),
      where: first.noteWhere,
    });
  }
  return items;
}

export function noteGroups(items: readonly ReaderItem[]): NoteGroup[] {
  return items.filter((it): it is NoteGroup => it.type === 'note');
}
