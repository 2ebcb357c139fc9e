/**
 * The backup file: what it holds, its versions and how each is laid out and packed.
 *
 * - version 1 (plain JSON, one object per record): what exports wrote until 2026-12; still read,
 *   and still what the background's 'backup/export' message answers.
 * - version 2 (gzip of compact JSON, export.ts `exportBackup`): chapters grouped by story as tuples
 *   (their key and story key are not repeated), table-of-contents entries as tuples. Every field of
 *   every record is kept, so export -> import gives back exactly the same records.
 * A refused file says what is wrong, then "Nothing was changed." (`refusal`, `BackupError`).
 */
import { t, type MessageKey, type Sub } from '../../i18n';
import type { NoteMemoryRecord } from '../schema';
import type { ChapterRecord, StoryRecord } from '../types';
import type { ChapterSet } from '../chapter-sets';

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
export function refusal(key: MessageKey, subs?: Sub | Sub[]): BackupError {
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
  /** The same chapters grouped by story as the library stores them (set by the checks: validate.ts). */
  chapterSets?: ChapterSet[];
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

/**
 * The meta entries a backup carries: the reader's own settings. Everything else in the meta store
 * is this device's bookkeeping (the sync engine's shadows and state, "sync:*"): a file that plants
 * it could make sync delete stories on every device. Such entries are left out of exports and
 * ignored on import (older exports hold them; the rest of those files is still good).
 */
export const BACKUP_META_KEYS: ReadonlySet<string> = new Set(['updateSettings']);

// --- the compact, compressed file (version 2) ---------------------------------------------------------

/** The story as written in a version 2 file: its chapter list as tuples. */
export function compactStory(s: StoryRecord): unknown {
  if (!s.toc) return s;
  return { ...s, toc: s.toc.map((e) => (e.date !== undefined ? [e.id, e.title, e.url, e.date] : [e.id, e.title, e.url])) };
}

/** A chapter as a version 2 file writes it: the row a chapter set stores (chapter-sets.ts). */
export { rowOf as chapterRow } from '../chapter-sets';

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
