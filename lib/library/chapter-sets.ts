/**
 * Schema v5: the chapters a reader opened in one story are ONE record (a chapter set, store
 * `chapterSets`, keyed by the story's key), not one record per chapter. IndexedDB's cost is per
 * record: a 10,000-story library held 300,000 chapter records, which a backup had to read or write
 * one by one; as sets it is 10,000 (BENCHMARKS.md, issue 25).
 *
 * A chapter is a row (a tuple), the same row a version 2 backup file holds, so an export writes
 * the stored rows as they are and an import stores the checked rows as they are:
 * [chapterId, index, title, url, firstReadAt, lastReadAt] and, when it has a reading position,
 * blockIndex, offsetRatio, updatedAt. The library layer hands chapters out as ChapterRecords
 * (types.ts) as before; the rows stay inside it.
 */
import { chapterKey, type ChapterRecord } from './types';

export type PlainRow = [chapterId: string, index: number | null, title: string | null, url: string, firstReadAt: number, lastReadAt: number];
export type PositionedRow = [...PlainRow, blockIndex: number, offsetRatio: number, updatedAt: number];
/** One chapter of a set. */
export type ChapterRow = PlainRow | PositionedRow;

/** The chapters opened in one story, in the order they were first saved. */
export interface ChapterSet {
  storyKey: string;
  rows: ChapterRow[];
}

export function rowOf(c: ChapterRecord): ChapterRow {
  const p = c.position;
  return p
    ? [c.chapterId, c.index, c.title, c.url, c.firstReadAt, c.lastReadAt, p.blockIndex, p.offsetRatio, p.updatedAt]
    : [c.chapterId, c.index, c.title, c.url, c.firstReadAt, c.lastReadAt];
}

export function recordOf(storyKey: string, r: ChapterRow): ChapterRecord {
  return {
    key: chapterKey(storyKey, r[0]),
    storyKey,
    chapterId: r[0],
    index: r[1],
    title: r[2],
    url: r[3],
    firstReadAt: r[4],
    lastReadAt: r[5],
    position: r.length === 9 ? { blockIndex: r[6], offsetRatio: r[7], updatedAt: r[8] } : null,
  };
}

/** Every chapter of a set (none for a missing set), as records. */
export function chaptersOf(set: ChapterSet | undefined): ChapterRecord[] {
  return set ? set.rows.map((r) => recordOf(set.storyKey, r)) : [];
}

/** One chapter of a set, or undefined. */
export function chapterIn(set: ChapterSet | undefined, chapterId: string): ChapterRecord | undefined {
  if (!set) return undefined;
  for (const r of set.rows) if (r[0] === chapterId) return recordOf(set.storyKey, r);
  return undefined;
}

/** The set with `chapter` saved in it (its row replaced, or added at the end); `set` is not changed. */
export function withChapter(set: ChapterSet | undefined, chapter: ChapterRecord): ChapterSet {
  const row = rowOf(chapter);
  const rows = set ? set.rows.slice() : [];
  const at = rows.findIndex((r) => r[0] === chapter.chapterId);
  if (at >= 0) rows[at] = row;
  else rows.push(row);
  return { storyKey: chapter.storyKey, rows };
}

/** Gathers chapter records into sets by story (first-seen order of stories and of chapters; a chapter given twice: the last). */
export class SetBuilder {
  private readonly byStory = new Map<string, { set: ChapterSet; at: Map<string, number> }>();

  add(c: ChapterRecord): void {
    let entry = this.byStory.get(c.storyKey);
    if (!entry) this.byStory.set(c.storyKey, (entry = { set: { storyKey: c.storyKey, rows: [] }, at: new Map() }));
    const at = entry.at.get(c.chapterId);
    if (at !== undefined) entry.set.rows[at] = rowOf(c);
    else entry.at.set(c.chapterId, entry.set.rows.push(rowOf(c)) - 1);
  }

  sets(): ChapterSet[] {
    return [...this.byStory.values()].map((e) => e.set);
  }
}

/** Chapter records grouped into sets by story (SetBuilder). */
export function setsOf(chapters: Iterable<ChapterRecord>): ChapterSet[] {
  const builder = new SetBuilder();
  for (const c of chapters) builder.add(c);
  return builder.sets();
}
