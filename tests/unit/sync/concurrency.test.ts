/**
 * A sync pass and the reader's own requests at the same time. The pass must not hold the library
 * for its whole length (the popup, the library page and position saves would wait for it), and
 * what the reader saves while a pass runs must never be lost or overwritten by what it read.
 *
 * The tests see the pass's transactions through a wrapped database (`watch`): they start the
 * reader's requests at chosen points of the pass (when it starts reading the library, or just
 * before its first write) and log when each transaction commits. Only the order of events is
 * asserted, never how long anything took.
 */
import { describe, expect, it } from 'vitest';
import type { LibraryDB } from '../../../lib/library/schema';
import {
  deleteStory,
  listForPopup,
  recordVisit,
  savePosition,
  setFollowed,
  setReadingStatus,
} from '../../../lib/library/store';
import type { ChapterRecord, StoryRecord } from '../../../lib/library/types';
import { decodeEntry } from '../../../lib/sync/codec';
import { pullRemote, READ_PAGE, syncOnce, syncStatus, WRITE_BATCH } from '../../../lib/sync/engine';
import { createMemorySyncBackend, type MemorySyncBackend } from '../../../lib/sync/memory-area';
import type { SyncStory } from '../../../lib/sync/types';
import { ao3, DAY, device, T0, visit } from './helpers';
import { chapterIn, rowOf } from '../../../lib/library/chapter-sets';

const S = 1000;

interface TxInfo {
  stores: string[];
  mode: IDBTransactionMode;
}

/**
 * The same database, with a look at every transaction opened through it: `before` runs just before
 * a transaction is created (a transaction created there is queued ahead of it), `after` just after.
 * Requests made on the original database are not seen.
 */
function watch(
  db: LibraryDB,
  hooks: { before?: (info: TxInfo) => void; after?: (info: TxInfo, tx: { done: Promise<void> }) => void },
): LibraryDB {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (stores: string | string[], mode: IDBTransactionMode = 'readonly', ...rest: unknown[]) => {
          const info = { stores: typeof stores === 'string' ? [stores] : [...stores], mode };
          hooks.before?.(info);
          const tx = (target.transaction as (...args: unknown[]) => { done: Promise<void> })(stores, mode, ...rest);
          hooks.after?.(info, tx);
          return tx;
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const writesLibrary = (info: TxInfo) => info.mode === 'readwrite' && info.stores.includes('stories');

/** Run `fn` once, just before the first transaction that writes the library is opened through `db`. */
function beforeFirstWrite(db: LibraryDB, fn: () => void): LibraryDB {
  let done = false;
  return watch(db, {
    before(info) {
      if (done || !writesLibrary(info)) return;
      done = true;
      fn();
    },
  });
}

/** A library of `count` stories read a minute apart, each with its last chapter and a position. */
async function fill(db: LibraryDB, count: number): Promise<string[]> {
  const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(100_000 + i);
    const key = `ao3:${id}`;
    const readAt = T0 + i * 60_000;
    const url = `https://archiveofourown.org/works/${id}`;
    const story: StoryRecord = {
      key,
      site: 'ao3',
      storyId: id,
      title: `Story ${i}`,
      author: 'An Author',
      summary: null,
      url,
      chapterCount: 20,
      words: 100_000,
      status: 'in-progress',
      tags: [],
      followed: i % 3 === 0,
      readingStatus: i % 5 === 0 ? 'reading' : null,
      addedAt: readAt,
      lastReadAt: readAt,
      lastChapterId: '1',
      lastChapterIndex: 0,
      lastChapterUrl: `${url}/chapters/1`,
      lastChapterTitle: 'Chapter 1',
    };
    const chapter: ChapterRecord = {
      key: `${key}#1`,
      storyKey: key,
      chapterId: '1',
      index: 0,
      title: 'Chapter 1',
      url: `${url}/chapters/1`,
      firstReadAt: readAt,
      lastReadAt: readAt,
      position: { blockIndex: 3, offsetRatio: 0.5, updatedAt: readAt },
    };
    keys.push(key);
    void tx.objectStore('stories').put(story);
    void tx.objectStore('chapterSets').put({ storyKey: key, rows: [rowOf(chapter)] });
  }
  await tx.done;
  return keys;
}

/** A story as storage.sync holds it now. */
function synced(backend: MemorySyncBackend, key: string): SyncStory | null {
  const entry = decodeEntry(`s:${key}`, backend.snapshot()[`s:${key}`]);
  return entry?.kind === 'story' ? entry.story : null;
}

describe('a sync pass and the reader at the same time', () => {
  it('the popup and a position save started while a pass reads a large library complete before it writes', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const count = 4 * READ_PAGE; // 2000 stories
    const keys = await fill(a.db, count);
    const now = T0 + count * 60_000;
    const key = keys[1233]; // followed (every third story is)
    const position = { blockIndex: 40, offsetRatio: 0.25, updatedAt: now + 5 * S };

    const events: string[] = [];
    const log = (event: string) => events.push(event);
    const started: { reader?: Promise<[StoryRecord[], boolean]> } = {};
    const db = watch(a.db, {
      after(info, tx) {
        if (!info.stores.includes('stories')) return;
        const label = info.mode === 'readwrite' ? 'sync write' : 'sync read';
        tx.done.then(
          () => log(label),
          () => log(`${label} failed`),
        );
        // The pass has started reading the library: the reader opens the popup and scrolls.
        started.reader ??= Promise.all([
          listForPopup(a.db, 5).then((r) => (log('popup'), r)),
          savePosition(a.db, key, '1', position).then((r) => (log('position'), r)),
        ]);
      },
    });
    await syncOnce(db, a.area, now, { local: a.local });
    log('sync done');

    expect(started.reader).toBeDefined();
    const [popup, saved] = await (started.reader as Promise<[StoryRecord[], boolean]>);
    expect(popup).toHaveLength(5);
    expect(saved).toBe(true);
    const at = (e: string) => events.indexOf(e);
    // Both completed before the pass did...
    expect(at('popup')).toBeGreaterThanOrEqual(0);
    expect(at('position')).toBeGreaterThanOrEqual(0);
    expect(at('popup')).toBeLessThan(at('sync done'));
    expect(at('position')).toBeLessThan(at('sync done'));
    // ...and before any of its writes: they waited for no read-write transaction of the pass.
    expect(at('sync write')).toBeGreaterThan(at('popup'));
    expect(at('sync write')).toBeGreaterThan(at('position'));
    // The save did not wait for the whole read either: the library was read in several
    // read-only transactions, and the save went in between them.
    expect(events.lastIndexOf('sync read')).toBeGreaterThan(at('position'));
    // This first pass stamped every story, in many small transactions.
    expect(events.filter((e) => e === 'sync write').length).toBeGreaterThanOrEqual(count / WRITE_BATCH);
    expect(events.some((e) => e.endsWith('failed'))).toBe(false);

    // The position saved during the pass is still there, and a pass pushes it.
    const chapter = chapterIn(await a.db.get('chapterSets', key), '1');
    expect(chapter?.position).toEqual(position);
    await a.sync(now + 10 * S);
    expect(synced(backend, key)?.position).toEqual({ b: 40, r: 0.25, t: now + 5 * S });
  }, 60_000); // a limit for a slow machine, not a measure: nothing here depends on time

  it('a follow saved between the read and the writes is kept, merged with what the pass pulls', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await a.visit(T0, ao3('2', 1));
    await a.sync(T0 + 10 * S);
    await b.sync(T0 + 20 * S);
    await setReadingStatus(b.db, 'ao3:1', 'completed');
    await b.sync(T0 + 30 * S);

    let follow: Promise<unknown> | null = null;
    const db = beforeFirstWrite(a.db, () => {
      follow = setFollowed(a.db, 'ao3:1', true);
    });
    const { pull } = await syncOnce(db, a.area, T0 + 40 * S, { local: a.local });
    expect(follow).not.toBeNull();
    await follow;
    expect(pull.applied).toContain('ao3:1'); // B's status came in, in the same write
    expect((await a.story('ao3:1')).story).toMatchObject({ followed: true, readingStatus: 'completed' });

    await a.sync(T0 + 50 * S);
    expect(synced(backend, 'ao3:1')).toMatchObject({ followed: true, readingStatus: 'completed' });
    await b.sync(T0 + 60 * S);
    expect((await b.story('ao3:1')).story).toMatchObject({ followed: true, readingStatus: 'completed' });
  });

  it('a visit and a position saved between the read and the writes are kept, and pushed', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 3));
    await a.position(T0 + 1 * S, 'ao3:1', '1003', 7);
    await a.sync(T0 + 10 * S);
    await b.sync(T0 + 20 * S);
    await setReadingStatus(b.db, 'ao3:1', 'reading');
    await b.sync(T0 + 30 * S);

    let reading: Promise<unknown> | null = null;
    const db = beforeFirstWrite(a.db, () => {
      // The reader opens chapter 4 and scrolls while A's pass runs (its clock says +40 s).
      reading = Promise.all([
        recordVisit(a.db, visit(ao3('1', 4)), T0 + 45 * S),
        savePosition(a.db, 'ao3:1', '1004', { blockIndex: 12, offsetRatio: 0.5, updatedAt: T0 + 46 * S }),
      ]);
    });
    await pullRemote(db, a.area, T0 + 40 * S);
    expect(reading).not.toBeNull();
    await reading;
    const { story, chapters } = await a.story('ao3:1');
    expect(story).toMatchObject({ lastChapterId: '1004', lastReadAt: T0 + 45 * S, readingStatus: 'reading' });
    expect(chapters.find((c) => c.chapterId === '1004')?.position?.blockIndex).toBe(12);
    expect(chapters.find((c) => c.chapterId === '1003')?.position?.blockIndex).toBe(7);

    await a.sync(T0 + 50 * S);
    expect(synced(backend, 'ao3:1')).toMatchObject({
      chapterId: '1004',
      readingStatus: 'reading',
      position: { b: 12, r: 0.5, t: T0 + 46 * S },
    });
    await b.sync(T0 + 60 * S);
    expect((await b.story('ao3:1')).story).toMatchObject({ lastChapterId: '1004', readingStatus: 'reading' });
  });

  it('a position saved during a pass that has nothing to write for its story is pushed by the next pass', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await a.visit(T0, ao3('1', 1));
    await a.visit(T0, ao3('2', 1));
    await a.sync(T0 + 10 * S);
    await setFollowed(a.db, 'ao3:2', true); // gives the next pass something to write

    const started: { saving?: Promise<boolean> } = {};
    const db = beforeFirstWrite(a.db, () => {
      started.saving = savePosition(a.db, 'ao3:1', '1001', { blockIndex: 9, offsetRatio: 0.5, updatedAt: T0 + 25 * S });
    });
    await syncOnce(db, a.area, T0 + 20 * S, { local: a.local });
    expect(await started.saving).toBe(true);
    const chapter = (await a.story('ao3:1')).chapters[0];
    expect(chapter.position).toMatchObject({ blockIndex: 9, updatedAt: T0 + 25 * S });

    await a.sync(T0 + 30 * S);
    expect(synced(backend, 'ao3:1')?.position).toEqual({ b: 9, r: 0.5, t: T0 + 25 * S });
    expect(synced(backend, 'ao3:2')?.followed).toBe(true);
  });

  it('a story removed between the read and the writes stays removed, and the removal is synced', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await a.visit(T0, ao3('2', 1));
    await a.sync(T0 + 10 * S);
    await b.sync(T0 + 20 * S);
    await setFollowed(b.db, 'ao3:2', true);
    await b.sync(T0 + 30 * S);

    let removal: Promise<void> | null = null;
    const db = beforeFirstWrite(a.db, () => {
      removal = deleteStory(a.db, 'ao3:2');
    });
    await syncOnce(db, a.area, T0 + 40 * S, { local: a.local });
    expect(removal).not.toBeNull();
    await removal;
    // B's follow (at +30 s) is older than the removal: the pass must not bring the story back.
    expect((await a.story('ao3:2')).story).toBeNull();
    expect((await a.story('ao3:2')).chapters).toEqual([]);

    await a.sync(T0 + 50 * S);
    await b.sync(T0 + 60 * S);
    expect((await b.story('ao3:2')).story).toBeNull();
    expect((await b.story('ao3:1')).story).not.toBeNull();
  });

  it('on the first pass over a library older than sync, a follow saved during the pass is new, not dated from before sync', async () => {
    const backend = createMemorySyncBackend();
    const b = await device(backend, 'B');
    await b.visit(T0, ao3('1', 1));
    await setFollowed(b.db, 'ao3:1', true);
    await b.sync(T0 + 10 * S);
    await setFollowed(b.db, 'ao3:1', false); // B unfollows at +50 s
    await b.sync(T0 + 50 * S);

    // A read the story before sync existed (at T0); its first pass runs at +100 s, and the reader
    // follows the story while it runs: that follow is newer than B's unfollow.
    const a = await device(backend, 'A');
    await a.visit(T0, ao3('1', 1));
    let follow: Promise<unknown> | null = null;
    const db = beforeFirstWrite(a.db, () => {
      follow = setFollowed(a.db, 'ao3:1', true);
    });
    await syncOnce(db, a.area, T0 + 100 * S, { local: a.local });
    expect(follow).not.toBeNull();
    await follow;
    expect((await a.story('ao3:1')).story?.followed).toBe(true);

    await a.sync(T0 + 110 * S);
    await b.sync(T0 + 120 * S);
    expect((await b.story('ao3:1')).story?.followed).toBe(true);
  });

  it('the status read opens no read-write transaction and writes nothing', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await fill(a.db, 20);
    const modes: IDBTransactionMode[] = [];
    const db = watch(a.db, { after: (info) => void modes.push(info.mode) });
    const status = await syncStatus(db, a.area, a.local, T0 + 30 * DAY);
    expect(status.storiesTotal).toBe(20);
    expect(modes.length).toBeGreaterThan(0);
    expect(modes.every((m) => m === 'readonly')).toBe(true);
    expect(await a.db.getAllKeys('meta')).toEqual([]);
  });

  it('after a run, the status answers that run\'s figures without reading the library again', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await fill(a.db, 20);
    await a.sync(T0 + DAY);
    const read: string[][] = [];
    const db = watch(a.db, { after: (info) => void read.push(info.stores) });
    const status = await syncStatus(db, a.area, a.local, T0 + DAY + S);
    expect(status).toMatchObject({ storiesSynced: 20, storiesTotal: 20, overflow: false, lastSyncAt: T0 + DAY });
    expect(read.filter((stores) => stores.includes('stories'))).toEqual([]);

    // A new story counts from the next run on; `fresh` plans from the library at once.
    await fill(a.db, 21);
    expect((await syncStatus(db, a.area, a.local, T0 + DAY + 2 * S, { fresh: true })).storiesTotal).toBe(21);
    expect(read.some((stores) => stores.includes('stories'))).toBe(true);
    await a.sync(T0 + DAY + 3 * S);
    expect((await syncStatus(a.db, a.area, a.local, T0 + DAY + 4 * S)).storiesTotal).toBe(21);
  });
});
