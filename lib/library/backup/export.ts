/**
 * Exporting the library: the whole library (stories, chapters, notes memory, the settings among
 * the meta entries) as a version 2 file (gzip of compact JSON, read page by page in one read-only
 * transaction), or as a version 1 JSON object (the background's 'backup/export').
 */
import type { LibraryDB, NoteMemoryRecord } from '../schema';
import { inTx } from '../store';
import { withoutIndexKeys } from '../derived';
import { readCapped } from '../streams';
import { chaptersOf } from '../chapter-sets';
import { BACKUP_FORMAT, BACKUP_JSON_VERSION, BACKUP_META_KEYS, BACKUP_VERSION, compactStory, type BackupFile } from './format';
import { ALL_STORES, READ_PAGE, SET_PAGE, readAhead, readPaged, type Progress } from './io';

export function exportLibrary(db: LibraryDB, now: number): Promise<BackupFile> {
  return inTx(db, [...ALL_STORES], 'readonly', 'export the library', async (tx) => {
    const [stories, sets, noteMemory, metaKeys, metaValues] = await Promise.all([
      tx.objectStore('stories').getAll(),
      tx.objectStore('chapterSets').getAll(),
      tx.objectStore('noteMemory').getAll(),
      tx.objectStore('meta').getAllKeys(),
      tx.objectStore('meta').getAll(),
    ]);
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_JSON_VERSION,
      exportedAt: now,
      stories: stories.map(withoutIndexKeys),
      chapters: sets.flatMap(chaptersOf),
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
  setPageSize = SET_PAGE,
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
      // Progress counts stories and chapter sets (one per story).
      const [storyCount, setCount] = await Promise.all([tx.objectStore('stories').count(), tx.objectStore('chapterSets').count()]);
      const total = storyCount + setCount;
      let setsRead = 0;
      onProgress?.(0, total);
      write(`{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(now)},"stories":[`);
      // Stories and chapter sets are read side by side (the database prepares one while the page
      // decodes the other); a set's rows are the file's rows (chapter-sets.ts), written as stored,
      // held until the stories are written (they come first), then compressed as they come.
      const chapterText: string[] = [];
      let storiesWritten = false;
      let groups = 0;
      const chaptersRead = readAhead(tx, 'chapterSets', (page) => {
        let text = '';
        for (const set of page) {
          text += (groups++ ? ',' : '') + JSON.stringify([set.storyKey, set.rows]);
          chapters += set.rows.length;
        }
        setsRead += page.length;
        if (storiesWritten) write(text);
        else chapterText.push(text);
        onProgress?.(stories + setsRead, total);
      }, setPageSize);
      chaptersRead.catch(() => undefined);
      await readPaged(tx, 'stories', (page) => {
        let text = '';
        for (const s of page) text += (stories++ ? ',' : '') + JSON.stringify(compactStory(withoutIndexKeys(s)));
        write(text);
        onProgress?.(stories + setsRead, total);
      }, pageSize);
      write('],"chapters":[');
      for (const text of chapterText.splice(0)) write(text);
      storiesWritten = true;
      await chaptersRead;
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
