/**
 * What an import does, decided before anything is written: merge (the one merge of records,
 * lib/library/merge.ts, record by record; records the merge leaves as they are are not written)
 * or replace (the library becomes the file; only the records that differ are written).
 */
import type { BackupReport, ChapterRecord, StoryRecord } from '../types';
import { computeUnread } from '../toc';
import { withIndexKeys } from '../derived';
import { mergeChapterRecords, mergeStoryRecords } from '../merge';
import { setsOf, type ChapterRow, type ChapterSet } from '../chapter-sets';
import type { BackupFile, ImportMode } from './format';
import type { Snapshot, Stored, Write } from './io';

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Deep equality of JSON-like records; key order and undefined-valued keys do not matter. */
export function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const aa = a as unknown[];
    const bb = b as unknown[];
    if (aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i++) if (!sameRecord(aa[i], bb[i])) return false;
    return true;
  }
  // Without intermediate key lists: a replace compares 300,000 records.
  const ao = a as Obj;
  const bo = b as Obj;
  let count = 0;
  for (const k in ao) {
    if (!has(ao, k) || ao[k] === undefined) continue;
    if (!has(bo, k) || !sameRecord(ao[k], bo[k])) return false;
    count++;
  }
  for (const k in bo) if (has(bo, k) && bo[k] !== undefined) count--;
  return count === 0;
}


export interface ImportPlan {
  report: BackupReport;
  /** Replace: clear every store first. */
  clear: boolean;
  /** The records to write (chapters: a merge's new or changed ones; a replace writes `sets` only). */
  put: Snapshot;
  /** The chapter sets to write, whole: a replace's every set; a merge's stories with a chapter in `put.chapters`. */
  sets: ChapterSet[];
}

/** What importing `file` into `current` (the library as read at `now`) changes. */
export function planImport(current: Snapshot, file: BackupFile, mode: ImportMode, now: number): ImportPlan {
  const curStories = new Map(current.stories.map((s) => [s.key, s]));
  const report: BackupReport = { ok: true, version: file.version, added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 };

  if (mode === 'replace') {
    const sets = file.chapterSets ?? setsOf(file.chapters);
    const incomingKeys = new Set(file.stories.map((s) => s.key));
    for (const s of file.stories) {
      const cur = curStories.get(s.key);
      if (!cur) report.added++;
      else if (sameRecord(cur, s)) report.unchanged++;
      else report.updated++;
    }
    report.removed = current.stories.filter((s) => !incomingKeys.has(s.key)).length;
    report.chapters = sets.reduce((n, set) => n + set.rows.length, 0);
    return {
      report,
      clear: true,
      put: { stories: file.stories, chapters: [], noteMemory: file.noteMemory, meta: file.meta },
      sets,
    };
  }

  // merge
  const curChapters = new Map(current.chapters.map((c) => [c.key, c]));
  const putChapters: ChapterRecord[] = [];
  const touched = new Set<string>();
  for (const c of file.chapters) {
    const cur = curChapters.get(c.key);
    const next = cur ? mergeChapterRecords(cur, c, now) : c;
    if (cur && sameRecord(cur, next)) continue;
    putChapters.push(next);
    curChapters.set(next.key, next);
    touched.add(next.storyKey);
  }
  report.chapters = putChapters.length;

  const byStory = new Map<string, ChapterRecord[]>();
  for (const c of curChapters.values()) {
    const list = byStory.get(c.storyKey);
    if (list) list.push(c);
    else byStory.set(c.storyKey, [c]);
  }

  const putStories: StoryRecord[] = [];
  const consider = (key: string, cur: StoryRecord | undefined, next: StoryRecord) => {
    const recount = (touched.has(key) || !cur || !sameRecord(cur, next)) && (next.toc?.length || next.chapterCount);
    const final = recount ? { ...next, unread: computeUnread(next.toc ?? [], next.chapterCount, byStory.get(key) ?? []) } : next;
    if (!cur) {
      report.added++;
      putStories.push(final);
    } else if (sameRecord(cur, final)) {
      report.unchanged++;
    } else {
      report.updated++;
      putStories.push(final);
    }
  };
  const inFile = new Set<string>();
  for (const s of file.stories) {
    inFile.add(s.key);
    const cur = curStories.get(s.key);
    consider(s.key, cur, cur ? mergeStoryRecords(cur, s, now) : s);
  }
  // Stories only in the library whose chapters the file brought: recount their unread chapters.
  for (const key of touched) {
    const cur = curStories.get(key);
    if (cur && !inFile.has(key)) {
      const final = { ...cur, unread: computeUnread(cur.toc ?? [], cur.chapterCount, byStory.get(key) ?? []) };
      if (!sameRecord(cur, final)) {
        putStories.push(final);
        report.updated++;
      }
    }
  }

  const curNotes = new Map(current.noteMemory.map((n) => [n.storyKey, n]));
  const putNotes = file.noteMemory.filter((n) => {
    const cur = curNotes.get(n.storyKey);
    return !cur || (n.updatedAt > cur.updatedAt && !sameRecord(cur, n));
  });
  const curMeta = new Set(current.meta.map((m) => m.key));
  // Settings and other facts already here stay as they are; missing ones come from the file.
  const putMeta = file.meta.filter((m) => !curMeta.has(m.key));
  const sets = setsOf([...touched].flatMap((key) => byStory.get(key) ?? []));
  return { report, clear: false, put: { stories: putStories, chapters: putChapters, noteMemory: putNotes, meta: putMeta }, sets };
}

/** Two rows alike (the rows of a set, read from IndexedDB or checked from a file: flat tuples). */
function sameRow(a: ChapterRow, b: ChapterRow): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two chapter sets alike, row by row in order. */
function sameSet(a: ChapterSet, b: ChapterSet): boolean {
  if (a.storyKey !== b.storyKey || a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (!sameRow(a.rows[i], b.rows[i])) return false;
  return true;
}

/**
 * What replacing `before` by `put` writes when only the differences are written: records new or
 * changed, and deletions of records not in the file. IndexedDB writes are what a large import
 * spends its time on (about 7,000 records a second on the bench machine), so restoring a backup
 * over a library that already holds most of it writes only what differs.
 */
export function replaceDiff(before: Stored, put: Snapshot, sets: ChapterSet[]): Write[] {
  const out: Write[] = [];
  const diff = <T,>(store: 'stories' | 'chapterSets' | 'noteMemory', current: T[], next: T[], keyOf: (t: T) => string, same: (a: T, b: T) => boolean = sameRecord) => {
    const cur = new Map<string, T>();
    for (const c of current) cur.set(keyOf(c), c);
    for (const n of next) {
      const k = keyOf(n);
      const c = cur.get(k);
      cur.delete(k);
      if (c === undefined || !same(c, n)) out.push({ store, value: n });
    }
    for (const k of cur.keys()) out.push({ store, remove: k });
  };
  diff('stories', before.stories, put.stories.map(withIndexKeys), (s) => s.key);
  diff('chapterSets', before.chapterSets, sets, (c) => c.storyKey, sameSet);
  diff('noteMemory', before.noteMemory, put.noteMemory, (n) => n.storyKey);
  const meta = new Map(before.meta.map((m) => [m.key, m.value]));
  for (const m of put.meta) {
    if (!meta.has(m.key) || !sameRecord(meta.get(m.key), m.value)) out.push({ store: 'meta', value: m.value, key: m.key });
    meta.delete(m.key);
  }
  for (const k of meta.keys()) out.push({ store: 'meta', remove: k });
  return out;
}
