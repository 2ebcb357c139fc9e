/**
 * Storage failures say so: a blocked upgrade is reported (and loses nothing once the blocker goes),
 * a full disk gives a LibraryQuotaError that the background passes on to the caller.
 */
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { DB_VERSION, openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getStory, recordVisit } from '../../../lib/library/store';

let n = 0;
const freshName = () => `reliability-${Date.now()}-${n++}`;

const visit = (chapterId = 'c1') => ({
  site: 'ao3',
  storyId: '1',
  title: 'T',
  author: 'A',
  summary: null,
  storyUrl: 'https://archiveofourown.org/works/1',
  chapterCount: 3,
  chapterId,
  chapterIndex: 1,
  chapterTitle: null,
  url: `https://archiveofourown.org/works/1/chapters/${chapterId}`,
});

describe('a blocked upgrade', () => {
  it('calls onBlocked while an old connection holds the library open, then upgrades without loss', async () => {
    const name = freshName();
    // A v1 library with a story in it, held open by a connection that does not give way.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        const stories = db.createObjectStore('stories', { keyPath: 'key' });
        stories.createIndex('lastReadAt', 'lastReadAt');
        const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
        chapters.createIndex('storyKey', 'storyKey');
        chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
        db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
        db.createObjectStore('meta');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = old.transaction('stories', 'readwrite');
      tx.objectStore('stories').put({ key: 'ao3:old', site: 'ao3', storyId: 'old', title: 'Kept', lastReadAt: 1 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    old.onversionchange = null;

    const onBlocked = vi.fn();
    let opened = false;
    const opening = openLibrary(name, { onBlocked }).then((db) => {
      opened = true;
      return db;
    });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalledTimes(1));
    expect(opened).toBe(false);
    old.close();
    const db = await opening;
    expect(db.version).toBe(DB_VERSION);
    expect((await getStory(db, 'ao3:old')).story?.title).toBe('Kept');
    db.close();
  });
});

describe('a full disk', () => {
  it('fails the request with a LibraryQuotaError message, and writes nothing', async () => {
    const db = await openLibrary(freshName());
    await recordVisit(db, visit('c1'), 1000);
    // The browser refuses every write from now on.
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const realTx = db.transaction.bind(db);
    const full = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction')
          return (stores: never, mode?: IDBTransactionMode) => (mode === 'readwrite' ? quota() : realTx(stores, mode));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as LibraryDB;
    const handlers = createHandlers({ db: Promise.resolve(full), now: () => 5000 });
    const saving = handlers['position/save']({ type: 'position/save', storyKey: 'ao3:1', chapterId: 'c1', position: { blockIndex: 3, offsetRatio: 0, updatedAt: 5000 } });
    await expect(saving).rejects.toMatchObject({ name: 'LibraryQuotaError', message: expect.stringMatching(/storage .* is full.*Nothing was saved/s) });
    await expect(handlers['chapter/visited']({ type: 'chapter/visited', chapter: visit('c9') })).rejects.toMatchObject({ name: 'LibraryQuotaError' });
    const { chapters } = await getStory(db, 'ao3:1');
    expect(chapters.map((c) => c.chapterId)).toEqual(['c1']);
    expect(chapters[0].position).toBeNull();
    db.close();
  });
});
