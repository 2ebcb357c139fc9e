/**
 * Checking a backup file: parsed and checked completely before anything is written. A corrupt
 * (damaged or truncated gzip, bad JSON), unknown-version or hostile file (forbidden field names,
 * non-web addresses, bad positions, duplicates) is refused whole with a message saying what is
 * wrong. Times from the future are brought back to now + the allowed clock skew (lib/library/clock.ts).
 */
import { latestAllowed } from '../clock';
import type { NoteMemoryRecord } from '../schema';
import { isValidPosition } from '../types';
import { chapterKey, storyKey as makeStoryKey, type ChapterRecord, type Position, type StoryRecord, type TocEntry } from '../types';
import { chaptersOf, rowOf, setsOf, type ChapterRow, type ChapterSet, type PlainRow } from '../chapter-sets';
import { BACKUP_FORMAT, BACKUP_META_KEYS, BACKUP_VERSION, MAX_BACKUP_CHARS, backupText, refusal, type BackupFile, type MetaEntry } from './format';
import { pause, phase, type Progress } from './io';
import {
  array, bool, clampToFile, count, countOrNull, forgetGoodUrls, has, isCountOrNull, isTime, isWebUrl, jsonValue, object, oneOf, record,
  refuse, setLatestTime, str, strOrNull, time, timeOrNull, unique, webUrl, webUrlOrNull, type Obj,
} from './fields';


/**
 * Fast paths for the 600,000 tuples of a large version 2 file: the same checks as tocTuple and
 * chapterTuple, without building a path for every field. They accept a subset of what those
 * accept (anything doubtful returns null) and give the same record; on null the checked version
 * runs and says what is wrong.
 */
function tocTupleFast(t: unknown): TocEntry | null {
  if (!Array.isArray(t) || (t.length !== 3 && t.length !== 4)) return null;
  const [id, title, url] = t as unknown[];
  if (typeof id !== 'string' || !id || (title !== null && typeof title !== 'string') || typeof url !== 'string' || !isWebUrl(url)) return null;
  const e: TocEntry = { id, title: title as string | null, url };
  if (t.length === 4) {
    const date = (t as unknown[])[3];
    if (date !== null && !isTime(date)) return null;
    e.date = date === null ? null : clampToFile(date);
  }
  return e;
}

/** A version 2 chapter as the row a chapter set stores (times clamped), or null (chapterTuple says why). */
function chapterRowFast(t: unknown): ChapterRow | null {
  if (!Array.isArray(t) || (t.length !== 6 && t.length !== 9)) return null;
  const [chapterId, index, title, url, firstReadAt, lastReadAt] = t as unknown[];
  if (typeof chapterId !== 'string' || !chapterId || !isCountOrNull(index) || (title !== null && typeof title !== 'string')) return null;
  if (typeof url !== 'string' || !isWebUrl(url) || !isTime(firstReadAt) || !isTime(lastReadAt)) return null;
  const plain: PlainRow = [chapterId, index as number | null, title as string | null, url, clampToFile(firstReadAt), clampToFile(lastReadAt)];
  if (t.length === 6) return plain;
  const p = { blockIndex: (t as unknown[])[6], offsetRatio: (t as unknown[])[7], updatedAt: (t as unknown[])[8] };
  if (!isValidPosition(p) || !isTime(p.updatedAt)) return null;
  return [...plain, p.blockIndex, p.offsetRatio, clampToFile(p.updatedAt)];
}


const READING: readonly NonNullable<StoryRecord['readingStatus']>[] = ['reading', 'plan-to-read', 'completed', 'on-hold', 'dropped'];
const CHECK_STATES: readonly NonNullable<StoryRecord['checkState']>[] = ['ok', 'visit', 'error'];

function tocEntry(v: unknown, path: string): TocEntry {
  const o = object(v, path);
  const e: TocEntry = { id: str(o.id, `${path}.id`, true), title: strOrNull(o.title, `${path}.title`), url: webUrl(o.url, `${path}.url`) };
  if (has(o, 'date')) e.date = timeOrNull(o.date, `${path}.date`);
  return e;
}

/** A version 2 entry: [id, title, url] or [id, title, url, date]. */
function tocTuple(v: unknown, path: string): TocEntry {
  const t = array(v, path);
  if (t.length !== 3 && t.length !== 4) refuse(path, 'is not a chapter list entry');
  const e: TocEntry = { id: str(t[0], `${path}[0]`, true), title: strOrNull(t[1], `${path}[1]`), url: webUrl(t[2], `${path}[2]`) };
  if (t.length === 4) e.date = timeOrNull(t[3], `${path}[3]`);
  return e;
}

function checkStory(v: unknown, path: string, compact = false): StoryRecord {
  const o = object(v, path);
  const s: StoryRecord = {
    key: str(o.key, `${path}.key`, true),
    site: str(o.site, `${path}.site`, true),
    storyId: str(o.storyId, `${path}.storyId`, true),
    title: str(o.title, `${path}.title`),
    author: strOrNull(o.author, `${path}.author`),
    summary: strOrNull(o.summary, `${path}.summary`),
    url: webUrl(o.url, `${path}.url`),
    chapterCount: countOrNull(o.chapterCount, `${path}.chapterCount`),
    words: countOrNull(o.words, `${path}.words`),
    status: o.status === null ? null : oneOf<'complete' | 'in-progress'>(o.status, `${path}.status`, ['complete', 'in-progress']),
    tags: array(o.tags, `${path}.tags`).map((t, i) => str(t, `${path}.tags[${i}]`)),
    followed: bool(o.followed, `${path}.followed`),
    readingStatus: o.readingStatus === null ? null : oneOf(o.readingStatus, `${path}.readingStatus`, READING),
    addedAt: time(o.addedAt, `${path}.addedAt`),
    lastReadAt: time(o.lastReadAt, `${path}.lastReadAt`),
    lastChapterId: strOrNull(o.lastChapterId, `${path}.lastChapterId`),
    lastChapterIndex: countOrNull(o.lastChapterIndex, `${path}.lastChapterIndex`),
    lastChapterUrl: webUrlOrNull(o.lastChapterUrl, `${path}.lastChapterUrl`),
    lastChapterTitle: strOrNull(o.lastChapterTitle, `${path}.lastChapterTitle`),
  };
  if (s.key !== makeStoryKey(s.site, s.storyId)) refuse(`${path}.key`, 'does not match its site and story id');
  if (has(o, 'toc'))
    s.toc = array(o.toc, `${path}.toc`).map((e, i) => (compact && tocTupleFast(e)) || (compact ? tocTuple : tocEntry)(e, `${path}.toc[${i}]`));
  if (has(o, 'unread')) s.unread = count(o.unread, `${path}.unread`);
  if (has(o, 'newCount')) s.newCount = count(o.newCount, `${path}.newCount`);
  if (has(o, 'siteUpdatedAt')) s.siteUpdatedAt = timeOrNull(o.siteUpdatedAt, `${path}.siteUpdatedAt`);
  if (has(o, 'lastCheckedAt')) s.lastCheckedAt = timeOrNull(o.lastCheckedAt, `${path}.lastCheckedAt`);
  if (has(o, 'checkState'))
    s.checkState = o.checkState === null ? null : oneOf(o.checkState, `${path}.checkState`, CHECK_STATES);
  if (has(o, 'newChaptersAt')) s.newChaptersAt = timeOrNull(o.newChaptersAt, `${path}.newChaptersAt`);
  return s;
}

function checkPosition(v: unknown, path: string): Position | null {
  if (v === null) return null;
  const o = object(v, path);
  const p = { blockIndex: o.blockIndex, offsetRatio: o.offsetRatio, updatedAt: o.updatedAt };
  if (!isValidPosition(p)) refuse(path, 'is not a reading position');
  return { ...p, updatedAt: time(p.updatedAt, `${path}.updatedAt`) };
}

function checkChapter(v: unknown, path: string): ChapterRecord {
  const o = object(v, path);
  const c: ChapterRecord = {
    key: str(o.key, `${path}.key`, true),
    storyKey: str(o.storyKey, `${path}.storyKey`, true),
    chapterId: str(o.chapterId, `${path}.chapterId`, true),
    index: countOrNull(o.index, `${path}.index`),
    title: strOrNull(o.title, `${path}.title`),
    url: webUrl(o.url, `${path}.url`),
    firstReadAt: time(o.firstReadAt, `${path}.firstReadAt`),
    lastReadAt: time(o.lastReadAt, `${path}.lastReadAt`),
    position: checkPosition(o.position, `${path}.position`),
  };
  if (c.key !== chapterKey(c.storyKey, c.chapterId)) refuse(`${path}.key`, 'does not match its story and chapter id');
  return c;
}

/**
 * A version 2 chapter of the story `sKey`: [chapterId, index, title, url, firstReadAt, lastReadAt]
 * and, when it has a position, blockIndex, offsetRatio, updatedAt.
 */
function chapterTuple(sKey: string, v: unknown, path: string): ChapterRecord {
  const t = array(v, path);
  if (t.length !== 6 && t.length !== 9) refuse(path, 'is not a chapter');
  const chapterId = str(t[0], `${path}[0]`, true);
  return {
    key: chapterKey(sKey, chapterId),
    storyKey: sKey,
    chapterId,
    index: countOrNull(t[1], `${path}[1]`),
    title: strOrNull(t[2], `${path}[2]`),
    url: webUrl(t[3], `${path}[3]`),
    firstReadAt: time(t[4], `${path}[4]`),
    lastReadAt: time(t[5], `${path}[5]`),
    position: t.length === 9 ? checkPosition({ blockIndex: t[6], offsetRatio: t[7], updatedAt: t[8] }, `${path}[6]`) : null,
  };
}


function checkNoteMemory(v: unknown, path: string): NoteMemoryRecord {
  const o = object(v, path);
  const n: NoteMemoryRecord = {
    storyKey: str(o.storyKey, `${path}.storyKey`, true),
    noteFingerprints: array(o.noteFingerprints, `${path}.noteFingerprints`).map((f, i) => str(f, `${path}.noteFingerprints[${i}]`)),
    corrections: record(o.corrections, `${path}.corrections`, (x, p) => oneOf(x, p, ['story', 'note'])),
    edgeCounts: record(o.edgeCounts, `${path}.edgeCounts`, count),
    updatedAt: time(o.updatedAt, `${path}.updatedAt`),
  };
  if (has(o, 'learnedChapters'))
    n.learnedChapters = array(o.learnedChapters, `${path}.learnedChapters`).map((c, i) => str(c, `${path}.learnedChapters[${i}]`));
  return n;
}

function checkMeta(v: unknown, path: string): MetaEntry {
  const o = object(v, path);
  const key = str(o.key, `${path}.key`, true);
  if (key === 'updateSettings') {
    const s = object(o.value, `${path}.value`);
    count(s.intervalMinutes, `${path}.value.intervalMinutes`);
    bool(s.notify, `${path}.value.notify`);
  }
  return { key, value: jsonValue(o.value, `${path}.value`) };
}


/** Records checked between two progress reports (and, in `readBackup`, two yields to the page). */
const CHECK_CHUNK = 5000;

/**
 * Parse and check a backup file completely. Throws BackupError (with a message for the reader)
 * for anything that is not a well-formed backup this version understands.
 */
export function parseBackup(json: unknown, now = Date.now()): BackupFile {
  const steps = withUrlCache(checkFile(json));
  for (;;) {
    const r = step(steps, now);
    if (r.done) return r.value;
  }
}

/** One chunk of the checks, with the file's latest allowed time in force only while it runs. */
function step(steps: Generator<[number, number], BackupFile>, now: number): IteratorResult<[number, number], BackupFile> {
  setLatestTime(latestAllowed(now));
  try {
    return steps.next();
  } finally {
    setLatestTime(Infinity);
  }
}

/** Checks of one file in chunks: the cache of good addresses lives as long as the file's checks. */
function* withUrlCache<T, R>(steps: Generator<T, R>): Generator<T, R> {
  try {
    return yield* steps;
  } finally {
    forgetGoodUrls();
  }
}

/** Files `readBackup` checked: `importBackup` and `previewImport` take them without checking again. */
const checked = new WeakSet<BackupFile>();

/** `json` (a file's text, or a file `readBackup` returned) as a checked file; throws BackupError. */
export function checkedFile(json: unknown, now: number): BackupFile {
  // A file this page's readBackup already checked is not checked (and parsed) again.
  if (json && typeof json === 'object' && checked.has(json as BackupFile)) return json as BackupFile;
  return parseBackup(json, now);
}

/**
 * A chosen file (gzip of a version 2 backup, or a version 1 JSON file) read and checked in
 * chunks, yielding to the page between them; `onProgress(done, total)` in records checked.
 */
export async function readBackup(bytes: Uint8Array, now = Date.now(), onProgress?: Progress): Promise<BackupFile> {
  let t = performance.now();
  const text = await backupText(bytes);
  phase('unpack', t);
  t = performance.now();
  const steps = withUrlCache(checkFile(text));
  for (;;) {
    const r = step(steps, now);
    if (r.done) {
      checked.add(r.value);
      phase('check', t);
      return r.value;
    }
    onProgress?.(r.value[0], r.value[1]);
    await pause();
  }
}

function* checkFile(json: unknown): Generator<[number, number], BackupFile> {
  if (typeof json !== 'string') throw refusal('backupNotText');
  if (json.length > MAX_BACKUP_CHARS) throw refusal('backupTooLarge');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw refusal('backupNotJson');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as Obj).format !== BACKUP_FORMAT)
    throw refusal('backupNotOurs');
  const top = object(data, 'the file');
  const version = top.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw refusal('backupUnknownVersion');
  if (version > BACKUP_VERSION) throw refusal('backupNewer', [version, BACKUP_VERSION]);
  const compact = version >= 2;
  const rawStories = array(top.stories, 'stories');
  const rawChapters = array(top.chapters, 'chapters');
  const rawNotes = array(top.noteMemory, 'noteMemory');
  let chapterTotal = rawChapters.length;
  if (compact) {
    chapterTotal = 0;
    for (const g of rawChapters) if (Array.isArray(g) && Array.isArray(g[1])) chapterTotal += g[1].length;
  }
  const total = rawStories.length + chapterTotal + rawNotes.length;
  let done = 0;
  let sinceYield = 0;
  const tick = (n = 1) => {
    done += n;
    sinceYield += n;
    if (sinceYield < CHECK_CHUNK) return false;
    sinceYield = 0;
    return true;
  };
  const exportedAt = time(top.exportedAt, 'exportedAt');

  const stories: StoryRecord[] = [];
  for (let i = 0; i < rawStories.length; i++) {
    stories.push(checkStory(rawStories[i], `stories[${i}]`, compact));
    if (tick()) yield [done, total];
  }
  // The chapters grouped by story, as the library stores them (chapter-sets.ts): a version 2
  // file's groups are checked straight into rows; version 1 records are grouped after their checks.
  let chapterSets: ChapterSet[];
  if (!compact) {
    const chapters: ChapterRecord[] = [];
    for (let i = 0; i < rawChapters.length; i++) {
      chapters.push(checkChapter(rawChapters[i], `chapters[${i}]`));
      if (tick()) yield [done, total];
    }
    unique(chapters, (c) => c.key, 'chapters');
    chapterSets = setsOf(chapters);
  } else {
    const sets = new Map<string, { set: ChapterSet; ids: Set<string> }>();
    for (let i = 0; i < rawChapters.length; i++) {
      const group = array(rawChapters[i], `chapters[${i}]`);
      if (group.length !== 2) refuse(`chapters[${i}]`, 'is not a story key and its chapters');
      const sKey = str(group[0], `chapters[${i}][0]`, true);
      const list = array(group[1], `chapters[${i}][1]`);
      // A story's chapters given in two groups join one set; a chapter given twice is refused.
      let entry = sets.get(sKey);
      if (!entry) sets.set(sKey, (entry = { set: { storyKey: sKey, rows: [] }, ids: new Set() }));
      for (let j = 0; j < list.length; j++) {
        const row = chapterRowFast(list[j]) ?? rowOf(chapterTuple(sKey, list[j], `chapters[${i}][1][${j}]`));
        if (entry.ids.has(row[0])) refuse('chapters', `holds "${chapterKey(sKey, row[0]).slice(0, 80)}" twice`);
        entry.ids.add(row[0]);
        entry.set.rows.push(row);
      }
      if (tick(list.length)) yield [done, total];
    }
    chapterSets = [...sets.values()].map((e) => e.set);
  }
  const noteMemory: NoteMemoryRecord[] = [];
  for (let i = 0; i < rawNotes.length; i++) {
    noteMemory.push(checkNoteMemory(rawNotes[i], `noteMemory[${i}]`));
    if (tick()) yield [done, total];
  }
  // The chapters as records only when asked for (a merge, a test): a replace writes the sets.
  let chapters: ChapterRecord[] | undefined;
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version,
    exportedAt,
    stories,
    get chapters() {
      return (chapters ??= chapterSets.flatMap(chaptersOf));
    },
    chapterSets,
    noteMemory,
    meta: has(top, 'meta')
      ? array(top.meta, 'meta')
          .map((m, i) => checkMeta(m, `meta[${i}]`))
          .filter((m) => BACKUP_META_KEYS.has(m.key))
      : [],
  };
  unique(file.stories, (s) => s.key, 'stories');
  unique(file.noteMemory, (n) => n.storyKey, 'noteMemory');
  unique(file.meta, (m) => m.key, 'meta');
  return file;
}
