/**
 * The notes memory the background keeps per story: edge fingerprints counted across chapters
 * (one that recurs at the edges of several chapters becomes a known note) and reader corrections.
 */
import { fingerprint, withCorrection } from '../notes/fingerprint';
import type { StoryNoteMemory } from '../notes/types';
import type { LibraryDB, NoteMemoryRecord } from './schema';
import { getNoteMemory, updateNoteMemory } from './store';

/** Chapters whose edges must share a fingerprint before it counts as a note. */
export const MIN_NOTE_CHAPTERS = 2;
const MAX_LEARNED_CHAPTERS = 500;
const MAX_EDGES = 64;

/** The part of the record the detector uses. */
export function memoryOf(record: NoteMemoryRecord | null): StoryNoteMemory {
  return { noteFingerprints: [...(record?.noteFingerprints ?? [])], corrections: { ...(record?.corrections ?? {}) } };
}

/** Fold one chapter's edge fingerprints into the record. Pure. A chapter counts once. */
export function foldEdges(record: NoteMemoryRecord, chapterId: string, edges: readonly string[]): NoteMemoryRecord {
  const learned = record.learnedChapters ?? [];
  if (learned.includes(chapterId)) return record;
  const edgeCounts = { ...record.edgeCounts };
  const notes = new Set(record.noteFingerprints);
  for (const fp of new Set(edges)) {
    const n = (Object.prototype.hasOwnProperty.call(edgeCounts, fp) ? edgeCounts[fp] : 0) + 1;
    edgeCounts[fp] = n;
    if (n >= MIN_NOTE_CHAPTERS && record.corrections[fp] !== 'story') notes.add(fp);
  }
  return {
    ...record,
    edgeCounts,
    noteFingerprints: [...notes],
    learnedChapters: [...learned, chapterId].slice(-MAX_LEARNED_CHAPTERS),
  };
}

const isFingerprint = (x: unknown): x is string =>
  typeof x === 'string' && x.length > 0 && x.length <= 64 && !['__proto__', 'constructor', 'prototype'].includes(x);

export async function readNoteMemory(db: LibraryDB, storyKey: string): Promise<StoryNoteMemory> {
  return memoryOf(await getNoteMemory(db, storyKey));
}

export async function learnEdges(
  db: LibraryDB,
  storyKey: string,
  chapterId: string,
  edges: unknown,
  now: number,
): Promise<StoryNoteMemory> {
  const clean = Array.isArray(edges) ? edges.filter(isFingerprint).slice(0, MAX_EDGES) : [];
  const record = await updateNoteMemory(db, storyKey, (current) => foldEdges(current, chapterId, clean), now);
  return memoryOf(record);
}

/** Undo one correction by its fingerprint (the options page lists corrections, not their texts). */
export async function removeCorrection(db: LibraryDB, storyKey: string, fp: string, now: number): Promise<StoryNoteMemory> {
  const record = await updateNoteMemory(
    db,
    storyKey,
    (current) => {
      if (!isFingerprint(fp) || !Object.prototype.hasOwnProperty.call(current.corrections, fp)) return current;
      const corrections = { ...current.corrections };
      delete corrections[fp];
      return { ...current, corrections };
    },
    now,
  );
  return memoryOf(record);
}

/** A reader's correction of one block by its text; null removes the correction. */
export async function correctNote(
  db: LibraryDB,
  storyKey: string,
  text: string,
  label: 'story' | 'note' | null,
  now: number,
): Promise<StoryNoteMemory> {
  const record = await updateNoteMemory(
    db,
    storyKey,
    (current) => {
      if (label === null) {
        const fp = fingerprint(text);
        if (!fp || !Object.prototype.hasOwnProperty.call(current.corrections, fp)) return current;
        const corrections = { ...current.corrections };
        delete corrections[fp];
        return { ...current, corrections };
      }
      return { ...current, ...withCorrection(current, text, label) };
    },
    now,
  );
  return memoryOf(record);
}
