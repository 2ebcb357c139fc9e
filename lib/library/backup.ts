/**
 * Backup: the whole library (stories, chapters, notes memory, meta) as one versioned file, and
 * importing it back (merge: newer wins per record; replace: the library becomes the file).
 *
 * Two layouts of the same records:
 * - version 1 (plain JSON, one object per record): what exports wrote until 2026-12; still read,
 *   and still what the background's 'backup/export' message answers.
 * - version 2 (gzip of compact JSON, `exportBackup`): chapters grouped by story as tuples (their
 *   key and story key are not repeated), table-of-contents entries as tuples. Every field of every
 *   record is kept, so export → import gives back exactly the same records.
 *
 * A file is validated completely before anything is written: a corrupt (damaged or truncated
 * gzip, bad JSON), unknown-version or hostile file is refused whole with a message saying what is
 * wrong, and nothing stored changes. The writes go in batches of a few thousand records, one
 * transaction each (one transaction of 310,000 records took minutes); if a batch fails, the
 * library read before the first write is put back.
 */
import { latestAllowed } from './clock';
import { t, t as tr, type MessageKey, type Sub } from '../i18n';
import type { BackupReport } from './types';
import { announceChange } from './changes';
import { unwrap, type IDBPTransaction } from 'idb';
import type { LibraryDB, LibrarySchema, NoteMemoryRecord } from './schema';
import { inTx, isValidPosition } from './store';
import { computeUnread } from './toc';
import { withIndexKeys, withoutIndexKeys, type StoredStory } from './derived';
import { chapterKey, storyKey as makeStoryKey, type ChapterRecord, type Position, type StoryRecord, type TocEntry } from './types';
import { readCapped } from './streams';

export const BACKUP_FORMAT = 'calm-reader-backup';
/** The version `exportBackup` writes (compact, gzip). Version 1 files (plain JSON) are still read. */
export const BACKUP_VERSION = 2;
/** The version of the plain JSON layout (`exportLibraryJson`, the background's 'backup/export'). */
export const BACKUP_JSON_VERSION = 1;
/** Largest file accepted (characters of JSON; about the size in bytes for this mostly-ASCII data). */
/** A 10,000-story library with 300,000 chapter records exports to about 110 MB; leave room beyond. */
export const MAX_BACKUP_CHARS = 400 * 1024 * 1024;

/**
 * The largest backup file the library page reads (bytes): more than twice the export of a
 * 10,000-story, 300,000-chapter library (109 MB, BENCHMARKS.md). A larger file is refused by its
 * size, before a byte of it is read.
 */
export const MAX_BACKUP_FILE_BYTES = 256 * 1024 * 1024;

/** Why a backup file of `bytes` is refused before it is read, or null when its size is fine. */
export function backupFileSizeError(bytes: number): string | null {
  if (!(bytes > MAX_BACKUP_FILE_BYTES)) return null;
  const mb = Math.round(bytes / (1024 * 1024));
  return `${t('backupFileTooLarge', [mb, MAX_BACKUP_FILE_BYTES / (1024 * 1024)])} ${t('nothingChanged')}`;
}

/** A refused backup, in the reader's language: what is wrong, then "Nothing was changed." */
function refusal(key: MessageKey, subs?: Sub | Sub[]): BackupError {
  return new BackupError(`${t(key, subs)} ${t('nothingChanged')}`);
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: number;
  stories: StoryRecord[];
  chapters: ChapterRecord[];
  noteMemory: NoteMemoryRecord[];
  meta: MetaEntry[];
}

export type ImportMode = 'merge' | 'replace';

/** A backup refused; `message` is for the reader. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

// --- export ----------------------------------------------------------------------------------------

type Snapshot = Pick<BackupFile, 'stories' | 'chapters' | 'noteMemory' | 'meta'>;

const ALL_STORES = ['stories', 'chapters', 'noteMemory', 'meta'] as const;

export function exportLibrary(db: LibraryDB, now: number): Promise<BackupFile> {
  return inTx(db, [...ALL_STORES], 'readonly', 'export the library', async (tx) => {
    const [stories, chapters, noteMemory, metaKeys, metaValues] = await Promise.all([
      tx.objectStore('stories').getAll(),
      tx.objectStore('chapters').getAll(),
      tx.objectStore('noteMemory').getAll(),
      tx.objectStore('meta').getAllKeys(),
      tx.objectStore('meta').getAll(),
    ]);
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_JSON_VERSION,
      exportedAt: now,
      stories: stories.map(withoutIndexKeys),
      chapters,
      noteMemory,
      meta: metaKeys
        .map((key, i) => ({ key: String(key), value: metaValues[i] }))
        .filter((m) => BACKUP_META_KEYS.has(m.key)),
    };
  });
}

export async function exportLibraryJson(db: LibraryDB, now: number): Promise<{ json: string; file: BackupFile }> {
  const file = await exportLibrary(db, now);
  return { json: JSON.stringify(file), file };
}

// --- validation --------------------------------------------------------------------------------------

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function refuse(path: string, what: string): never {
  // The field's path and fault stay technical ("stories[3].title is not a string").
  throw refusal('backupBadField', `${path} ${what}`);
}

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Every object the checks read goes through here. JSON.parse keeps "__proto__" as an own field;
 * such a field is refused wherever it is read (objects the checks never read are not stored).
 */
function object(v: unknown, path: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) refuse(path, 'is not an object');
  for (const k of FORBIDDEN_KEYS)
    if (has(v as Obj, k)) throw refusal('backupForbiddenField', k);
  return v as Obj;
}
function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) refuse(path, 'is not a list');
  return v;
}
function str(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== 'string') refuse(path, 'is not text');
  if (nonEmpty && !v) refuse(path, 'is empty');
  return v;
}
function strOrNull(v: unknown, path: string): string | null {
  return v === null ? null : str(v, path);
}
function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(path, 'is not a number');
  return v;
}
/** Addresses already found good in the file being checked (emptied after each chunk of checks). */
const goodUrls = new Set<string>();
/** The latest time a file may hold (now + the allowed clock skew), set while one file is parsed. */
let latestTime = Infinity;
/** A time; one later than now + the allowed clock skew is brought back to it (lib/clock.ts). */
function time(v: unknown, path: string): number {
  const n = num(v, path);
  if (n < 0) refuse(path, 'is negative');
  return Math.min(n, latestTime);
}
function timeOrNull(v: unknown, path: string): number | null {
  return v === null ? null : time(v, path);
}
function count(v: unknown, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0) refuse(path, 'is not a whole number');
  return n;
}
function countOrNull(v: unknown, path: string): number | null {
  return v === null ? null : count(v, path);
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') refuse(path, 'is not true or false');
  return v;
}
function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) refuse(path, `is not one of ${allowed.join(', ')}`);
  return v as T;
}
/** A web address (http or https) or empty; anything else (javascript:, data:) is refused. */
function webUrl(v: unknown, path: string): string {
  const s = str(v, path);
  if (s === '' || goodUrls.has(s)) return s;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    refuse(path, 'is not a web address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') refuse(path, 'is not an http(s) web address');
  // A chapter's address is usually its TOC entry's too: parsed once per file.
  if (goodUrls.size < 1_000_000) goodUrls.add(s);
  return s;
}
/** webUrl as a yes / no, for the fast paths below (no message to build). */
function isWebUrl(s: string): boolean {
  if (s === '' || goodUrls.has(s)) return true;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (goodUrls.size < 1_000_000) goodUrls.add(s);
  return true;
}
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCountOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

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
    e.date = date === null ? null : Math.min(date, latestTime);
  }
  return e;
}

function chapterTupleFast(sKey: string, t: unknown): ChapterRecord | null {
  if (!Array.isArray(t) || (t.length !== 6 && t.length !== 9)) return null;
  const [chapterId, index, title, url, firstReadAt, lastReadAt] = t as unknown[];
  if (typeof chapterId !== 'string' || !chapterId || !isCountOrNull(index) || (title !== null && typeof title !== 'string')) return null;
  if (typeof url !== 'string' || !isWebUrl(url) || !isTime(firstReadAt) || !isTime(lastReadAt)) return null;
  let position: Position | null = null;
  if (t.length === 9) {
    const p = { blockIndex: (t as unknown[])[6], offsetRatio: (t as unknown[])[7], updatedAt: (t as unknown[])[8] };
    if (!isValidPosition(p) || !isTime(p.updatedAt)) return null;
    position = { blockIndex: p.blockIndex, offsetRatio: p.offsetRatio, updatedAt: Math.min(p.updatedAt, latestTime) };
  }
  return {
    key: chapterKey(sKey, chapterId),
    storyKey: sKey,
    chapterId,
    index: index as number | null,
    title: title as string | null,
    url,
    firstReadAt: Math.min(firstReadAt, latestTime),
    lastReadAt: Math.min(lastReadAt, latestTime),
    position,
  };
}

function webUrlOrNull(v: unknown, path: string): string | null {
  return v === null ? null : webUrl(v, path);
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

function record<T>(v: unknown, path: string, value: (x: unknown, p: string) => T): Record<string, T> {
  const o = object(v, path);
  const out: Record<string, T> = {};
  for (const k of Object.keys(o)) out[k] = value(o[k], `${path}["${k.slice(0, 40)}"]`);
  return out;
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

/** Plain JSON data only, not too deep. */
function jsonValue(v: unknown, path: string, depth = 0): unknown {
  if (depth > 20) refuse(path, 'is nested too deeply');
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return num(v, path);
  if (Array.isArray(v)) return v.map((x, i) => jsonValue(x, `${path}[${i}]`, depth + 1));
  const o = object(v, path);
  const out: Obj = {};
  for (const k of Object.keys(o)) out[k] = jsonValue(o[k], `${path}.${k.slice(0, 40)}`, depth + 1);
  return out;
}

/**
 * The meta entries a backup carries: the reader's own settings. Everything else in the meta store
 * is this device's bookkeeping (the sync engine's shadows and state, "sync:*"): a file that plants
 * it could make sync delete stories on every device. Such entries are left out of exports and
 * ignored on import (older exports hold them; the rest of those files is still good).
 */
export const BACKUP_META_KEYS: ReadonlySet<string> = new Set(['updateSettings']);

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

function unique<T>(items: T[], keyOf: (t: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const t of items) {
    const k = keyOf(t);
    if (seen.has(k)) refuse(what, `holds "${k.slice(0, 80)}" twice`);
    seen.add(k);
  }
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
  latestTime = latestAllowed(now);
  try {
    return steps.next();
  } finally {
    latestTime = Infinity;
  }
}

/** Checks of one file in chunks: the cache of good addresses lives as long as the file's checks. */
function* withUrlCache<T, R>(steps: Generator<T, R>): Generator<T, R> {
  try {
    return yield* steps;
  } finally {
    goodUrls.clear();
  }
}

/** Files `readBackup` checked: `importBackup` and `previewImport` take them without checking again. */
const checked = new WeakSet<BackupFile>();

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
  const chapters: ChapterRecord[] = [];
  if (!compact) {
    for (let i = 0; i < rawChapters.length; i++) {
      chapters.push(checkChapter(rawChapters[i], `chapters[${i}]`));
      if (tick()) yield [done, total];
    }
  } else {
    for (let i = 0; i < rawChapters.length; i++) {
      const group = array(rawChapters[i], `chapters[${i}]`);
      if (group.length !== 2) refuse(`chapters[${i}]`, 'is not a story key and its chapters');
      const sKey = str(group[0], `chapters[${i}][0]`, true);
      const list = array(group[1], `chapters[${i}][1]`);
      for (let j = 0; j < list.length; j++) chapters.push(chapterTupleFast(sKey, list[j]) ?? chapterTuple(sKey, list[j], `chapters[${i}][1][${j}]`));
      if (tick(list.length)) yield [done, total];
    }
  }
  const noteMemory: NoteMemoryRecord[] = [];
  for (let i = 0; i < rawNotes.length; i++) {
    noteMemory.push(checkNoteMemory(rawNotes[i], `noteMemory[${i}]`));
    if (tick()) yield [done, total];
  }
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version,
    exportedAt,
    stories,
    chapters,
    noteMemory,
    meta: has(top, 'meta')
      ? array(top.meta, 'meta')
          .map((m, i) => checkMeta(m, `meta[${i}]`))
          .filter((m) => BACKUP_META_KEYS.has(m.key))
      : [],
  };
  unique(file.stories, (s) => s.key, 'stories');
  unique(file.chapters, (c) => c.key, 'chapters');
  unique(file.noteMemory, (n) => n.storyKey, 'noteMemory');
  unique(file.meta, (m) => m.key, 'meta');
  return file;
}

// --- planning -----------------------------------------------------------------------------------------

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

function withoutUndefined<T extends object>(o: T): T {
  const out = { ...o };
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k];
  return out;
}

const CHECK_FIELDS = ['toc', 'chapterCount', 'status', 'siteUpdatedAt', 'lastCheckedAt', 'checkState', 'newChaptersAt', 'newCount'] as const;

/**
 * One story in the library and the same story in a backup: the reader's side (follow, reading
 * status, last chapter, metadata) from whichever was read more recently; the site's side (chapter
 * list, counts, check state) from whichever was checked more recently.
 */
export function mergeStoryRecords(current: StoryRecord, incoming: StoryRecord): StoryRecord {
  const reader = incoming.lastReadAt > current.lastReadAt ? incoming : current;
  const site = (incoming.lastCheckedAt ?? -1) > (current.lastCheckedAt ?? -1) ? incoming : current;
  const merged: StoryRecord = { ...reader, addedAt: Math.min(current.addedAt, incoming.addedAt) };
  const m = merged as unknown as Obj;
  const s = site as unknown as Obj;
  for (const f of CHECK_FIELDS) {
    if (has(s, f) && s[f] !== undefined) m[f] = s[f];
    else delete m[f];
  }
  return withoutUndefined(merged);
}

function newerPosition(a: Position | null, b: Position | null): Position | null {
  if (!a) return b;
  if (!b) return a;
  return b.updatedAt > a.updatedAt ? b : a;
}

/** One chapter in both: newer record, newest position, earliest first read. */
export function mergeChapterRecords(current: ChapterRecord, incoming: ChapterRecord): ChapterRecord {
  const newer = incoming.lastReadAt > current.lastReadAt ? incoming : current;
  const older = newer === incoming ? current : incoming;
  return {
    ...newer,
    index: newer.index ?? older.index,
    title: newer.title ?? older.title,
    url: newer.url || older.url,
    firstReadAt: Math.min(current.firstReadAt, incoming.firstReadAt),
    lastReadAt: Math.max(current.lastReadAt, incoming.lastReadAt),
    position: newerPosition(current.position, incoming.position),
  };
}

export interface ImportPlan {
  report: BackupReport;
  /** Replace: clear every store first. */
  clear: boolean;
  put: Snapshot;
}

export function planImport(current: Snapshot, file: BackupFile, mode: ImportMode): ImportPlan {
  const curStories = new Map(current.stories.map((s) => [s.key, s]));
  const report: BackupReport = { ok: true, version: file.version, added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 };

  if (mode === 'replace') {
    const incomingKeys = new Set(file.stories.map((s) => s.key));
    for (const s of file.stories) {
      const cur = curStories.get(s.key);
      if (!cur) report.added++;
      else if (sameRecord(cur, s)) report.unchanged++;
      else report.updated++;
    }
    report.removed = current.stories.filter((s) => !incomingKeys.has(s.key)).length;
    report.chapters = file.chapters.length;
    return { report, clear: true, put: { stories: file.stories, chapters: file.chapters, noteMemory: file.noteMemory, meta: file.meta } };
  }

  // merge
  const curChapters = new Map(current.chapters.map((c) => [c.key, c]));
  const putChapters: ChapterRecord[] = [];
  const touched = new Set<string>();
  for (const c of file.chapters) {
    const cur = curChapters.get(c.key);
    const next = cur ? mergeChapterRecords(cur, c) : c;
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
    consider(s.key, cur, cur ? mergeStoryRecords(cur, s) : s);
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
  return { report, clear: false, put: { stories: putStories, chapters: putChapters, noteMemory: putNotes, meta: putMeta } };
}

// --- preview / import ---------------------------------------------------------------------------------

/** Progress of a long step: `done` of `total` (records, or bytes while a file is unpacked). */
export type Progress = (done: number, total: number) => void;

/** A phase of a backup in the page's performance timeline ("backup:…"), for the bench and DevTools. */
function phase(name: string, start: number): void {
  try {
    performance.measure(`backup:${name}`, { start, end: performance.now() });
  } catch {
    // no performance timeline here
  }
}

/** Let the page handle input and paint between two chunks of work. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function refused(err: unknown): BackupReport {
  const error = err instanceof BackupError ? err.message : `The backup could not be imported: ${err instanceof Error ? err.message : String(err)}. Nothing was changed.`;
  return { ok: false, error, added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 };
}

/** Records read per request: each is a short task, so the page stays responsive while it reads. */
const READ_PAGE = 20_000;

/** Every record of one store (keyPath stores), read in pages of READ_PAGE in the transaction `tx`. */
async function readPaged<S extends 'stories' | 'chapters' | 'noteMemory'>(
  tx: IDBPTransaction<LibrarySchema, (typeof ALL_STORES)[number][], IDBTransactionMode>,
  name: S,
  onPage: (records: LibrarySchema[S]['value'][]) => void,
  pageSize = READ_PAGE,
): Promise<void> {
  const store = tx.objectStore(name);
  let after: string | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const page = (await store.getAll(range, pageSize)) as LibrarySchema[S]['value'][];
    if (page.length) onPage(page);
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as { key?: string; storyKey?: string };
    after = (name === 'noteMemory' ? last.storyKey : last.key) ?? null;
  }
}

/** Everything stored, as stored (stories with their index keys), for planning and for undoing. */
interface Stored {
  stories: StoredStory[];
  chapters: ChapterRecord[];
  noteMemory: NoteMemoryRecord[];
  meta: MetaEntry[];
}

async function readStored(db: LibraryDB, withChapters: boolean): Promise<Stored> {
  return inTx(db, [...ALL_STORES], 'readonly', 'read the library', async (tx) => {
    const out: Stored = { stories: [], chapters: [], noteMemory: [], meta: [] };
    // Side by side: the database prepares one store's records while the page decodes another's.
    const [, , , keys, values] = await Promise.all([
      readPaged(tx, 'stories', (p) => { for (const r of p) out.stories.push(r); }),
      withChapters ? readPaged(tx, 'chapters', (p) => { for (const c of p) out.chapters.push(c); }) : null,
      readPaged(tx, 'noteMemory', (p) => { for (const r of p) out.noteMemory.push(r); }),
      tx.objectStore('meta').getAllKeys(),
      tx.objectStore('meta').getAll(),
    ]);
    out.meta = keys.map((key, i) => ({ key: String(key), value: values[i] }));
    return out;
  });
}

const snapshotOf = (stored: Stored): Snapshot => ({
  stories: stored.stories.map(withoutIndexKeys),
  chapters: stored.chapters,
  noteMemory: stored.noteMemory,
  meta: stored.meta,
});

function fileOf(json: unknown, now: number): BackupFile {
  // A file this page's readBackup already checked is not checked (and parsed) again.
  if (json && typeof json === 'object' && checked.has(json as BackupFile)) return json as BackupFile;
  return parseBackup(json, now);
}

/** What importing would change; nothing is written. A refused file gives ok: false and the reason. */
export async function previewImport(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now()): Promise<BackupReport> {
  let file: BackupFile;
  try {
    file = fileOf(json, now);
    checkMode(mode);
  } catch (err) {
    return refused(err);
  }
  // Replace compares stories only: the chapters stored need not be read.
  const t = performance.now();
  const report = planImport(snapshotOf(await readStored(db, mode === 'merge')), file, mode).report;
  phase('preview', t);
  return report;
}

function checkMode(mode: unknown): asserts mode is ImportMode {
  if (mode !== 'merge' && mode !== 'replace') throw refusal('backupChooseMode');
}

/** Records written per transaction. */
export const WRITE_BATCH = 5000;

type Write =
  | { store: 'stories' | 'chapters' | 'noteMemory'; value: unknown }
  | { store: 'meta'; value: unknown; key: string }
  | { store: (typeof ALL_STORES)[number]; remove: string };

/**
 * Clear (when asked) and write `writes` in transactions of WRITE_BATCH records: the puts of a batch
 * are issued at once, not awaited one by one, and the batch is done when its transaction commits.
 */
async function writeBatches(db: LibraryDB, clear: boolean, writes: Write[], onProgress?: Progress): Promise<void> {
  const run = (work: (tx: IDBTransaction) => void) =>
    inTx(db, [...ALL_STORES], 'readwrite', 'import the backup', async (tx) => {
      // A synchronous throw (a bad key) propagates at once: inTx aborts before anything commits.
      work(unwrap(tx) as IDBTransaction);
    });
  if (clear) await run((tx) => { for (const name of ALL_STORES) tx.objectStore(name).clear(); });
  onProgress?.(0, writes.length);
  for (let i = 0; i < writes.length; i += WRITE_BATCH) {
    const end = Math.min(i + WRITE_BATCH, writes.length);
    await run((tx) => {
      const stores = { stories: tx.objectStore('stories'), chapters: tx.objectStore('chapters'), noteMemory: tx.objectStore('noteMemory'), meta: tx.objectStore('meta') };
      for (let j = i; j < end; j++) {
        const w = writes[j];
        if ('remove' in w) stores[w.store].delete(w.remove);
        else if (w.store === 'meta') stores.meta.put(w.value, w.key);
        else stores[w.store].put(w.value);
      }
    });
    onProgress?.(end, writes.length);
    await pause();
  }
}

/**
 * Two chapter records alike, field by field. Records read from IndexedDB are slow to enumerate
 * (`for…in` over 300,000 of them took seconds in Chromium), so the fields are read by name; a
 * chapter record has no others (ChapterRecord, written only by this library's code).
 */
function sameChapter(a: ChapterRecord, b: ChapterRecord): boolean {
  if (
    a.key !== b.key ||
    a.storyKey !== b.storyKey ||
    a.chapterId !== b.chapterId ||
    a.index !== b.index ||
    a.title !== b.title ||
    a.url !== b.url ||
    a.firstReadAt !== b.firstReadAt ||
    a.lastReadAt !== b.lastReadAt
  )
    return false;
  const p = a.position;
  const q = b.position;
  if (!p || !q) return p === q;
  return p.blockIndex === q.blockIndex && p.offsetRatio === q.offsetRatio && p.updatedAt === q.updatedAt;
}

/**
 * What replacing `before` by `put` writes when only the differences are written: records new or
 * changed, and deletions of records not in the file. IndexedDB writes are what a large import
 * spends its time on (about 7,000 records a second on the bench machine), so restoring a backup
 * over a library that already holds most of it writes only what differs.
 */
function replaceDiff(before: Stored, put: Snapshot): Write[] {
  const out: Write[] = [];
  const diff = <T,>(store: 'stories' | 'chapters' | 'noteMemory', current: T[], next: T[], keyOf: (t: T) => string, same: (a: T, b: T) => boolean = sameRecord) => {
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
  diff('chapters', before.chapters, put.chapters, (c) => c.key, sameChapter);
  diff('noteMemory', before.noteMemory, put.noteMemory, (n) => n.storyKey);
  const meta = new Map(before.meta.map((m) => [m.key, m.value]));
  for (const m of put.meta) {
    if (!meta.has(m.key) || !sameRecord(meta.get(m.key), m.value)) out.push({ store: 'meta', value: m.value, key: m.key });
    meta.delete(m.key);
  }
  for (const k of meta.keys()) out.push({ store: 'meta', remove: k });
  return out;
}

/**
 * Import a backup: checked whole first (a refused file changes nothing), then written in batches.
 * If a write fails half-way, the library as it was before is written back.
 * `json` is the file's text, or a file `readBackup` returned. `onProgress` counts records written.
 */
export async function importBackup(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now(), onProgress?: Progress): Promise<BackupReport> {
  const report = await importBackupInto(db, json, mode, now, onProgress);
  if (report.ok) announceChange('import');
  return report;
}

async function importBackupInto(db: LibraryDB, json: unknown, mode: ImportMode, now: number, onProgress?: Progress): Promise<BackupReport> {
  let file: BackupFile;
  try {
    file = fileOf(json, now);
    checkMode(mode);
  } catch (err) {
    return refused(err);
  }
  let before: Stored;
  let t = performance.now();
  try {
    before = await readStored(db, true);
  } catch (err) {
    return refused(err);
  }
  phase('read-stored', t);
  t = performance.now();
  const plan = planImport(snapshotOf(before), file, mode);
  phase('plan', t);
  t = performance.now();
  let clear = plan.clear;
  let writes: Write[] = [];
  const fileRecords = plan.put.stories.length + plan.put.chapters.length + plan.put.noteMemory.length + plan.put.meta.length;
  // Replace: write only what differs, unless that is more than clearing and writing everything.
  const diff = clear ? replaceDiff(before, plan.put) : null;
  if (diff && diff.length < fileRecords) {
    clear = false;
    writes = diff;
  } else {
    for (const s of plan.put.stories) writes.push({ store: 'stories', value: withIndexKeys(s) });
    for (const c of plan.put.chapters) writes.push({ store: 'chapters', value: c });
    for (const n of plan.put.noteMemory) writes.push({ store: 'noteMemory', value: n });
    for (const m of plan.put.meta) writes.push({ store: 'meta', value: m.value, key: m.key });
  }
  phase('diff', t);
  t = performance.now();
  try {
    await writeBatches(db, clear, writes, onProgress);
    phase(`write-${writes.length}`, t);
    return plan.report;
  } catch (err) {
    const report = refused(err);
    try {
      const back: Write[] = [];
      for (const s of before.stories) back.push({ store: 'stories', value: s });
      for (const c of before.chapters) back.push({ store: 'chapters', value: c });
      for (const n of before.noteMemory) back.push({ store: 'noteMemory', value: n });
      for (const m of before.meta) back.push({ store: 'meta', value: m.value, key: m.key });
      await writeBatches(db, true, back);
    } catch (undo) {
      return {
        ...report,
        error: `${(report.error ?? '').replace(` ${tr('nothingChanged')}`, '')} ${tr('backupNotRestored', undo instanceof Error ? undo.message : String(undo))}`,
      };
    }
    return report;
  }
}

// --- the compact, compressed file (version 2) ---------------------------------------------------------

/** The story as written in a version 2 file: its chapter list as tuples. */
function compactStory(s: StoryRecord): unknown {
  if (!s.toc) return s;
  return { ...s, toc: s.toc.map((e) => (e.date !== undefined ? [e.id, e.title, e.url, e.date] : [e.id, e.title, e.url])) };
}

function chapterRow(c: ChapterRecord): unknown[] {
  const p = c.position;
  return p
    ? [c.chapterId, c.index, c.title, c.url, c.firstReadAt, c.lastReadAt, p.blockIndex, p.offsetRatio, p.updatedAt]
    : [c.chapterId, c.index, c.title, c.url, c.firstReadAt, c.lastReadAt];
}

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return (await readCapped(readable.getReader()))!;
}

/**
 * The library as a version 2 backup: gzip of compact JSON, written while the records are read
 * page by page (one read-only transaction). `onProgress` counts records read.
 */
export async function exportBackup(
  db: LibraryDB,
  now: number,
  onProgress?: Progress,
  /** Records per read (tests use small pages to cover page boundaries). */
  pageSize = READ_PAGE,
): Promise<{ data: Uint8Array; stories: number; chapters: number }> {
  const gzip = new CompressionStream('gzip');
  const writer = gzip.writable.getWriter();
  const output = collect(gzip.readable as ReadableStream<Uint8Array>);
  output.catch(() => undefined);
  const encoder = new TextEncoder();
  let pending = '';
  const write = (text: string, force = false) => {
    pending += text;
    if (pending.length < 1 << 20 && !force) return;
    writer.write(encoder.encode(pending)).catch(() => undefined);
    pending = '';
  };
  let stories = 0;
  let chapters = 0;
  try {
    await inTx(db, [...ALL_STORES], 'readonly', 'export the library', async (tx) => {
      const [storyCount, chapterCount] = await Promise.all([tx.objectStore('stories').count(), tx.objectStore('chapters').count()]);
      const total = storyCount + chapterCount;
      onProgress?.(0, total);
      write(`{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(now)},"stories":[`);
      // Stories and chapters are read side by side (the database prepares one while the page
      // decodes the other); chapters are encoded as they come, held until the stories are written
      // (a tenth of the records: they come first), then compressed as they come.
      const chapterText: string[] = [];
      let storiesWritten = false;
      let groups = 0;
      const readChapters = readPaged(tx, 'chapters', (page) => {
        let text = '';
        let i = 0;
        while (i < page.length) {
          const sKey = page[i].storyKey;
          const rows: unknown[] = [];
          for (; i < page.length && page[i].storyKey === sKey; i++) rows.push(chapterRow(page[i]));
          text += (groups++ ? ',' : '') + JSON.stringify([sKey, rows]);
        }
        chapters += page.length;
        if (storiesWritten) write(text);
        else chapterText.push(text);
        onProgress?.(stories + chapters, total);
      }, pageSize);
      readChapters.catch(() => undefined);
      await readPaged(tx, 'stories', (page) => {
        let text = '';
        for (const s of page) text += (stories++ ? ',' : '') + JSON.stringify(compactStory(withoutIndexKeys(s)));
        write(text);
        onProgress?.(stories + chapters, total);
      }, pageSize);
      write('],"chapters":[');
      for (const text of chapterText.splice(0)) write(text);
      storiesWritten = true;
      await readChapters;
      const noteMemory: NoteMemoryRecord[] = [];
      await readPaged(tx, 'noteMemory', (p) => noteMemory.push(...p));
      const [metaKeys, metaValues] = await Promise.all([tx.objectStore('meta').getAllKeys(), tx.objectStore('meta').getAll()]);
      const meta = metaKeys.map((key, i) => ({ key: String(key), value: metaValues[i] })).filter((m) => BACKUP_META_KEYS.has(m.key));
      write(`],"noteMemory":${JSON.stringify(noteMemory)},"meta":${JSON.stringify(meta)}}`, true);
    });
    await writer.close();
  } catch (err) {
    writer.abort(err).catch(() => undefined);
    throw err;
  }
  return { data: await output, stories, chapters };
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * The text of a chosen backup file: unpacked when it is gzip (version 2 exports), else read as
 * UTF-8 (version 1 JSON). A damaged or truncated gzip file, or one that unpacks to more than any
 * library holds, is refused (BackupError).
 */
export async function backupText(bytes: Uint8Array): Promise<string> {
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes as Uint8Array<ArrayBuffer>);
  const damaged = () =>
    refusal('backupDamaged');
  const gunzip = new DecompressionStream('gzip');
  const writer = gunzip.writable.getWriter();
  const reader = (gunzip.readable as ReadableStream<Uint8Array>).getReader();
  const feed = (async () => {
    const STEP = 1 << 20;
    for (let i = 0; i < bytes.length; i += STEP) await writer.write(bytes.subarray(i, Math.min(i + STEP, bytes.length)) as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  feed.catch(() => undefined);
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BACKUP_CHARS) {
        reader.cancel().catch(() => undefined);
        throw refusal('backupUnpacksTooLarge');
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    await feed;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw damaged();
  }
  parts.push(decoder.decode());
  return parts.join('');
}
