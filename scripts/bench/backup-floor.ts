/**
 * The floor under a backup of a large library, measured in the same page and run as the export
 * and import it is compared with (issue #25): what IndexedDB alone costs in Chromium to read
 * every chapter record, and to write chapter records one record each, against the same chapters
 * kept as one record per story (the layout a schema change would bring).
 */
import type { Page } from 'playwright-core';

export interface BackupFloor {
  /** One getAll of every chapter record. */
  chapterReadMs: number;
  chapters: number;
  /** Chapter records written into a scratch store with the chapters store's indexes, 5,000 per transaction. */
  written: number;
  recordWriteMs: number;
  /** The same chapters as one record per story (rows of tuples), written, then read back. */
  setWriteMs: number;
  setReadMs: number;
}

/** Run in an extension page whose library holds the bench's chapters; leaves the library as it was. */
export function backupFloor(page: Page, written = 20_000): Promise<BackupFloor> {
  return page.evaluate(async (n) => {
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, no) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => no(r.error))));
    const done = (tx: IDBTransaction) => new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onabort = () => no(tx.error))));
    const library = await req(indexedDB.open('calm-reader'));
    let t = performance.now();
    const all = (await req(library.transaction('chapters').objectStore('chapters').getAll())) as Array<Record<string, unknown>>;
    const chapterReadMs = performance.now() - t;
    library.close();
    await req(indexedDB.deleteDatabase('calm-reader-bench-floor'));
    const open = indexedDB.open('calm-reader-bench-floor', 1);
    open.onupgradeneeded = () => {
      const c = open.result.createObjectStore('chapters', { keyPath: 'key' });
      c.createIndex('storyKey', 'storyKey');
      c.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
      open.result.createObjectStore('sets', { keyPath: 'storyKey' });
    };
    const db = await req(open);
    const some = all.slice(0, n);
    t = performance.now();
    for (let i = 0; i < some.length; i += 5000) {
      const tx = db.transaction('chapters', 'readwrite');
      for (const c of some.slice(i, i + 5000)) tx.objectStore('chapters').put(c);
      await done(tx);
    }
    const recordWriteMs = performance.now() - t;
    const sets = new Map<string, unknown[][]>();
    for (const c of some) {
      const p = c.position as { blockIndex: number; offsetRatio: number; updatedAt: number } | null;
      const row = [c.chapterId, c.index, c.title, c.url, c.firstReadAt, c.lastReadAt, ...(p ? [p.blockIndex, p.offsetRatio, p.updatedAt] : [])];
      const key = c.storyKey as string;
      (sets.get(key) ?? sets.set(key, []).get(key)!).push(row);
    }
    t = performance.now();
    const tx = db.transaction('sets', 'readwrite');
    for (const [storyKey, rows] of sets) tx.objectStore('sets').put({ storyKey, rows });
    await done(tx);
    const setWriteMs = performance.now() - t;
    t = performance.now();
    await req(db.transaction('sets').objectStore('sets').getAll());
    const setReadMs = performance.now() - t;
    db.close();
    await req(indexedDB.deleteDatabase('calm-reader-bench-floor'));
    return { chapterReadMs, chapters: all.length, written: some.length, recordWriteMs, setWriteMs, setReadMs };
  }, written);
}
