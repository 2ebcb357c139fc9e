/**
 * The floor under a backup of a large library, measured in the same page and run as the export
 * and import it is compared with (issue #25): what IndexedDB alone costs in Chromium to read every
 * story and chapter set (schema v5: one record per story holding its chapters), and to write them
 * all again into scratch stores shaped like the library's; and, as the peer, the layout before v5
 * (one record per chapter, the chapters store's two indexes) written at its per-record rate.
 */
import type { Page } from 'playwright-core';

export interface BackupFloor {
  /** One getAll of every story record, then one of every chapter set. */
  storiesReadMs: number;
  setsReadMs: number;
  stories: number;
  sets: number;
  chapters: number;
  /** Every story and chapter set written into scratch stores (the library's indexes), 1,000 per transaction. */
  writeAllMs: number;
  /** Peer (the v4 layout): `written` chapter records, one record each, with the old chapters store's indexes, 5,000 per transaction. */
  written: number;
  recordWriteMs: number;
  /**
   * A position save as the store does it (lib/library/store.ts savePosition): one read-write
   * transaction that gets the story's chapter set, replaces one row and puts the set back. Median
   * of 15 saves, for a set of 30 and of 1,000 chapters; peer: the v4 save (get + put of one chapter record).
   */
  positionSave30Ms: number;
  positionSave1000Ms: number;
  positionSaveRecordMs: number;
}

/** Run in an extension page whose library holds the bench's library; leaves the library as it was. */
export function backupFloor(page: Page, written = 20_000): Promise<BackupFloor> {
  return page.evaluate(async (n) => {
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, no) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => no(r.error))));
    const done = (tx: IDBTransaction) => new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onabort = () => no(tx.error))));
    const library = await req(indexedDB.open('calm-reader'));
    let t = performance.now();
    const stories = (await req(library.transaction('stories').objectStore('stories').getAll())) as Array<Record<string, unknown>>;
    const storiesReadMs = performance.now() - t;
    t = performance.now();
    const sets = (await req(library.transaction('chapterSets').objectStore('chapterSets').getAll())) as Array<{ storyKey: string; rows: unknown[][] }>;
    const setsReadMs = performance.now() - t;
    library.close();
    await req(indexedDB.deleteDatabase('calm-reader-bench-floor'));
    const open = indexedDB.open('calm-reader-bench-floor', 1);
    open.onupgradeneeded = () => {
      const s = open.result.createObjectStore('stories', { keyPath: 'key' });
      for (const [name, path] of [['lastReadAt', 'lastReadAt'], ['lastCheckedAt', 'lastCheckedAt'], ['news', 'newsKey'], ['due', 'checkKey']]) s.createIndex(name, path);
      open.result.createObjectStore('chapterSets', { keyPath: 'storyKey' });
      const c = open.result.createObjectStore('chapters', { keyPath: 'key' });
      c.createIndex('storyKey', 'storyKey');
      c.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
    };
    const db = await req(open);
    t = performance.now();
    const writes: Array<['stories' | 'chapterSets', unknown]> = [];
    stories.forEach((s, i) => {
      writes.push(['stories', s]);
      if (sets[i]) writes.push(['chapterSets', sets[i]]);
    });
    for (let i = 0; i < writes.length; i += 1000) {
      const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
      for (const [store, value] of writes.slice(i, i + 1000)) tx.objectStore(store).put(value);
      await done(tx);
    }
    const writeAllMs = performance.now() - t;
    const records: Array<Record<string, unknown>> = [];
    for (const set of sets) {
      for (const r of set.rows) {
        if (records.length >= n) break;
        const id = r[0] as string;
        records.push({
          key: `${set.storyKey}#${id}`, storyKey: set.storyKey, chapterId: id, index: r[1], title: r[2], url: r[3], firstReadAt: r[4], lastReadAt: r[5],
          position: r.length === 9 ? { blockIndex: r[6], offsetRatio: r[7], updatedAt: r[8] } : null,
        });
      }
      if (records.length >= n) break;
    }
    t = performance.now();
    for (let i = 0; i < records.length; i += 5000) {
      const tx = db.transaction('chapters', 'readwrite');
      for (const c of records.slice(i, i + 5000)) tx.objectStore('chapters').put(c);
      await done(tx);
    }
    const recordWriteMs = performance.now() - t;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rowsOf = (k: number) => Array.from({ length: k }, (_, i) => [String(i), i, `Chapter ${i}`, `https://example.org/1/${i}`, 1, 2, 40, 0.25, 3]);
    const seedTx = db.transaction('chapterSets', 'readwrite');
    for (const k of [30, 1000]) seedTx.objectStore('chapterSets').put({ storyKey: `bench:${k}`, rows: rowsOf(k) });
    await done(seedTx);
    const saveIn = async (rows: number, i: number): Promise<number> => {
      const t0 = performance.now();
      const tx = db.transaction('chapterSets', 'readwrite');
      const store = tx.objectStore('chapterSets');
      const set = (await req(store.get(`bench:${rows}`))) as { storyKey: string; rows: unknown[][] };
      const at = (i * 7) % rows;
      const next = set.rows.slice();
      next[at] = [...set.rows[at].slice(0, 6), 50 + i, 0.5, Date.now()];
      store.put({ storyKey: set.storyKey, rows: next });
      await done(tx);
      return performance.now() - t0;
    };
    const saveRecord = async (i: number): Promise<number> => {
      const t0 = performance.now();
      const tx = db.transaction('chapters', 'readwrite');
      const store = tx.objectStore('chapters');
      const c = (await req(store.get(records[i].key as string))) as Record<string, unknown>;
      store.put({ ...c, position: { blockIndex: 50 + i, offsetRatio: 0.5, updatedAt: Date.now() } });
      await done(tx);
      return performance.now() - t0;
    };
    // Round after round, the three kinds one after the other, so a slow spell hits them alike.
    const times: { s30: number[]; s1000: number[]; record: number[] } = { s30: [], s1000: [], record: [] };
    for (let i = 0; i < 16; i++) {
      const [a, b, c] = [await saveIn(30, i), await saveIn(1000, i), await saveRecord(i)];
      // The first round warms up (first transactions on a fresh database).
      if (i === 0) continue;
      times.s30.push(a);
      times.s1000.push(b);
      times.record.push(c);
    }
    const positionSave30Ms = median(times.s30);
    const positionSave1000Ms = median(times.s1000);
    const positionSaveRecordMs = median(times.record);
    db.close();
    await req(indexedDB.deleteDatabase('calm-reader-bench-floor'));
    const chapters = sets.reduce((k, s) => k + s.rows.length, 0);
    return {
      storiesReadMs, setsReadMs, stories: stories.length, sets: sets.length, chapters, writeAllMs, written: records.length, recordWriteMs,
      positionSave30Ms, positionSave1000Ms, positionSaveRecordMs,
    };
  }, written);
}
