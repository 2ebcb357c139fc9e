/**
 * Per-story learning: a block that recurs at the edges of several chapters of one story
 * (a disclaimer, a sign-off, a Patreon plug) is a note. These pure functions compute stable
 * fingerprints and fold one chapter's edge blocks into what the caller stores.
 */
import { blockInfo, isSeparatorBlock, normalizeForMatch } from './features';
import { englishMatcher } from './matchers';
import { htmlToText } from './html-text';
import type { DetectorBlock, StoryNoteMemory } from './types';
import { fnv1a, FNV_SEED_2 } from '../shared/fnv';

/** The text a fingerprint is made of: lower case, no accents, letters and digits only, digits folded. */
export function fingerprintKey(normalized: string): string {
  return normalized
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\p{N}+/gu, '0')
    .trim();
}

/** Hash of an already normalised key (what `fingerprint` returns). */
export function hashKey(key: string): string {
  if (!key) return '';
  return fnv1a(key).toString(36) + '.' + fnv1a(key, FNV_SEED_2).toString(36);
}

/**
 * A short stable key for a block's text. Case, accents, punctuation, spacing and numbers do not
 * matter ("Chapter 41 is up!" and "chapter 42 is up" share a key). Empty text gives ''.
 */
export function fingerprint(text: string): string {
  return hashKey(fingerprintKey(normalizeForMatch(text)));
}

function textOf(b: DetectorBlock): string {
  return b.text ?? htmlToText(b.html);
}

/**
 * Fingerprints of the blocks at a chapter's edges (the first and last `depth` blocks that are not
 * separators, headings or dialogue): the candidates for recurring notes.
 */
export function edgeFingerprints(blocks: DetectorBlock[], depth = 4): string[] {
  const out: string[] = [];
  const take = (i: number): boolean => {
    const b = blocks[i];
    const text = textOf(b);
    if (isSeparatorBlock(b.html, text)) return false;
    const f = blockInfo(b.html, text, englishMatcher());
    if (f.heading || f.dialogueStart || f.words === 0) return false;
    const fp = hashKey(fingerprintKey(normalizeForMatch(text)));
    if (fp && !out.includes(fp)) out.push(fp);
    return true;
  };
  let n = 0;
  for (let i = 0; i < blocks.length && n < depth; i++) if (take(i)) n++;
  n = 0;
  for (let i = blocks.length - 1; i >= 0 && n < depth; i--) if (take(i)) n++;
  return out;
}

/** Where each edge fingerprint has been seen: fingerprint -> keys of the chapters it was at an edge of. */
export type EdgeSightings = Record<string, string[]>;

export interface LearnResult {
  memory: StoryNoteMemory;
  sightings: EdgeSightings;
  /** Fingerprints that became notes with this chapter. */
  learned: string[];
}

/**
 * Fold one chapter into the story's memory. A fingerprint seen at the edges of `minChapters`
 * different chapters becomes a note fingerprint, unless the reader corrected it to story.
 * Pure: returns new objects. Call once per chapter visit; revisits of the same chapter key do
 * not count twice.
 */
export function learnFromChapter(
  memory: StoryNoteMemory,
  blocks: DetectorBlock[],
  chapterKey: string,
  sightings: EdgeSightings = {},
  minChapters = 2,
): LearnResult {
  const next: EdgeSightings = { ...sightings };
  const known = new Set(memory.noteFingerprints);
  const learned: string[] = [];
  for (const fp of edgeFingerprints(blocks)) {
    const seen = next[fp] ?? [];
    if (!seen.includes(chapterKey)) next[fp] = [...seen, chapterKey].slice(-Math.max(minChapters, 2));
    if (!known.has(fp) && memory.corrections[fp] !== 'story' && (next[fp]?.length ?? 0) >= minChapters) {
      known.add(fp);
      learned.push(fp);
    }
  }
  return {
    memory: learned.length
      ? { noteFingerprints: [...memory.noteFingerprints, ...learned], corrections: memory.corrections }
      : memory,
    sightings: next,
    learned,
  };
}

/** Record a reader's correction of one block. */
export function withCorrection(memory: StoryNoteMemory, text: string, label: 'story' | 'note'): StoryNoteMemory {
  const fp = fingerprint(text);
  if (!fp) return memory;
  const noteFingerprints = label === 'story' ? memory.noteFingerprints.filter((x) => x !== fp) : memory.noteFingerprints;
  return { noteFingerprints, corrections: { ...memory.corrections, [fp]: label } };
}
