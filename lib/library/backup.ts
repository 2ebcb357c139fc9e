/**
 * Backup: the whole library (stories, chapters, notes memory, meta) as one versioned JSON file,
 * and importing it back (merge: newer wins per record; replace: the library becomes the file).
 *
 * A file is validated completely before anything is written: a corrupt, unknown-version or hostile
 * file is refused whole with a message saying what is wrong, and nothing stored changes. The
 * import itself is one transaction over every store.
 */
import { latestAllowed } from '../clock';
import type { BackupReport } from '../messages';
import type { LibraryDB, NoteMemoryRecord } from './schema';
import { inTx, isValidPosition } from './store';
import { computeUnread } from './toc';
import { withIndexKeys, withoutIndexKeys } from './derived';
import { chapterKey, storyKey as makeStoryKey, type ChapterRecord, type Position, type StoryRecord, type TocEntry } from './types';

export const BACKUP_FORMAT = 'calm-reader-backup';
export const BACKUP_VERSION = 1;
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
  return `This file is ${mb} MB, larger than any Calm Reader backup (at most ${MAX_BACKUP_FILE_BYTES / (1024 * 1024)} MB): it was not read. Nothing was changed.`;
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
      version: BACKUP_VERSION,
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
  throw new BackupError(`This backup cannot be imported: ${path} ${what}. Nothing was changed.`);
}

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function object(v: unknown, path: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) refuse(path, 'is not an object');
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
  if (s === '') return s;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    refuse(path, 'is not a web address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') refuse(path, 'is not an http(s) web address');
  return s;
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

function checkStory(v: unknown, path: string): StoryRecord {
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
  if (has(o, 'toc')) s.toc = array(o.toc, `${path}.toc`).map((e, i) => tocEntry(e, `${path}.toc[${i}]`));
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

/**
 * Parse and check a backup file completely. Throws BackupError (with a message for the reader)
 * for anything that is not a well-formed backup this version understands.
 */
export function parseBackup(json: unknown, now = Date.now()): BackupFile {
  latestTime = latestAllowed(now);
  try {
    return parseBackupFile(json);
  } finally {
    latestTime = Infinity;
  }
}

function parseBackupFile(json: unknown): BackupFile {
  if (typeof json !== 'string') throw new BackupError('This backup cannot be imported: it is not a text file. Nothing was changed.');
  if (json.length > MAX_BACKUP_CHARS)
    throw new BackupError('This backup cannot be imported: it is larger than 400 MB, far more than a Calm Reader library holds. Nothing was changed.');
  let data: unknown;
  try {
    data = JSON.parse(json, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new BackupError(`This backup cannot be imported: it contains a forbidden field name "${key}". Nothing was changed.`);
      return value;
    });
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('This backup cannot be imported: the file is damaged (not valid JSON). Nothing was changed.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as Obj).format !== BACKUP_FORMAT)
    throw new BackupError('This is not a Calm Reader backup file. Nothing was changed.');
  const top = data as Obj;
  const version = top.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new BackupError('This backup has an unknown version number. Nothing was changed.');
  if (version > BACKUP_VERSION)
    throw new BackupError(
      `This backup was made by a newer Calm Reader (backup version ${version}; this one reads version ${BACKUP_VERSION}). Update the extension, then import it. Nothing was changed.`,
    );
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version,
    exportedAt: time(top.exportedAt, 'exportedAt'),
    stories: array(top.stories, 'stories').map((s, i) => checkStory(s, `stories[${i}]`)),
    chapters: array(top.chapters, 'chapters').map((c, i) => checkChapter(c, `chapters[${i}]`)),
    noteMemory: array(top.noteMemory, 'noteMemory').map((n, i) => checkNoteMemory(n, `noteMemory[${i}]`)),
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
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameRecord(x, bb[i]));
  }
  const ao = a as Obj;
  const bo = b as Obj;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => has(bo, k) && sameRecord(ao[k], bo[k]));
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

function refused(err: unknown): BackupReport {
  const error = err instanceof BackupError ? err.message : `The backup could not be imported: ${err instanceof Error ? err.message : String(err)}. Nothing was changed.`;
  return { ok: false, error, added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 };
}

async function snapshot(db: LibraryDB): Promise<Snapshot> {
  const file = await exportLibrary(db, 0);
  return { stories: file.stories, chapters: file.chapters, noteMemory: file.noteMemory, meta: file.meta };
}

/** What importing would change; nothing is written. A refused file gives ok: false and the reason. */
export async function previewImport(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now()): Promise<BackupReport> {
  let file: BackupFile;
  try {
    file = parseBackup(json, now);
    checkMode(mode);
  } catch (err) {
    return refused(err);
  }
  return planImport(await snapshot(db), file, mode).report;
}

function checkMode(mode: unknown): asserts mode is ImportMode {
  if (mode !== 'merge' && mode !== 'replace') throw new BackupError('Choose to merge the backup or replace the library. Nothing was changed.');
}

/** Import a backup in one transaction. A refused file or a failed write changes nothing. */
export async function importBackup(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now()): Promise<BackupReport> {
  let file: BackupFile;
  try {
    file = parseBackup(json, now);
    checkMode(mode);
  } catch (err) {
    return refused(err);
  }
  try {
    return await inTx(db, [...ALL_STORES], 'readwrite', 'import the backup', async (tx) => {
      const [stories, chapters, noteMemory, metaKeys, metaValues] = await Promise.all([
        tx.objectStore('stories').getAll(),
        tx.objectStore('chapters').getAll(),
        tx.objectStore('noteMemory').getAll(),
        tx.objectStore('meta').getAllKeys(),
        tx.objectStore('meta').getAll(),
      ]);
      const meta = metaKeys.map((key, i) => ({ key: String(key), value: metaValues[i] }));
      const plan = planImport({ stories: stories.map(withoutIndexKeys), chapters, noteMemory, meta }, file, mode);
      // Every request is observed, so one that fails (or is aborted because a later one threw)
      // never surfaces as an unhandled rejection; the first failure aborts the transaction.
      const writes: Promise<unknown>[] = [];
      const add = (p: Promise<unknown>) => {
        p.catch(() => undefined);
        writes.push(p);
      };
      // A synchronous throw (a bad key) propagates at once: inTx aborts before anything commits.
      if (plan.clear) for (const name of ALL_STORES) add(tx.objectStore(name).clear());
      for (const s of plan.put.stories) add(tx.objectStore('stories').put(withIndexKeys(s)));
      for (const c of plan.put.chapters) add(tx.objectStore('chapters').put(c));
      for (const n of plan.put.noteMemory) add(tx.objectStore('noteMemory').put(n));
      for (const m of plan.put.meta) add(tx.objectStore('meta').put(m.value, m.key));
      await Promise.all(writes);
      return plan.report;
    });
  } catch (err) {
    return refused(err);
  }
}
