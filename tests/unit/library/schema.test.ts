import { describe, expect, it, vi } from 'vitest';
import {
  DB_VERSION,
  MIGRATE_PAGE,
  UPGRADES,
  lazyLibrary,
  libraryError,
  openLibrary,
  type LibraryDB,
} from '../../../lib/library/schema';
import { getMeta, getNoteMemory, getStory, listStories, listDue, readPosition, recordVisit, newTotal, savePosition } from '../../../lib/library/store';
import { chaptersOf } from '../../../lib/library/chapter-sets';
import type { ChapterRecord, StoryRecord } from '../../../lib/library/types';
import { freshName, req, visit } from './helpers';

/**
 * Every version the library has shipped, frozen: how to build it from nothing with raw IndexedDB,
 * the records it held, and what must be true once the current code has opened it.
 * When DB_VERSION is bumped, add the new version here (and never edit an older entry).
 */
interface HistoricVersion {
  version: number;
  build(db: IDBDatabase): void;
  seed: Record<string, Array<{ value: unknown; key?: IDBValidKey }>>;
  verify(db: LibraryDB): Promise<void>;
}

const v1Story: StoryRecord = {
  key: 'ao3:1',
  site: 'ao3',
  storyId: '1',
  title: 'Old Story',
  author: 'author',
  summary: null,
  url: 'https://archiveofourown.org/works/1',
  chapterCount: 3,
  words: 1000,
  status: 'complete',
  tags: ['a', 'b'],
  followed: true,
  readingStatus: 'on-hold',
  addedAt: 100,
  lastReadAt: 500,
  lastChapterId: 'x2',
  lastChapterIndex: 1,
  lastChapterUrl: 'https://archiveofourown.org/works/1/chapters/x2',
  lastChapterTitle: 'Two',
};
const v1Chapters: ChapterRecord[] = [
  {
    key: 'ao3:1#x2',
    storyKey: 'ao3:1',
    chapterId: 'x2',
    index: 1,
    title: 'Two',
    url: 'https://archiveofourown.org/works/1/chapters/x2',
    firstReadAt: 300,
    lastReadAt: 500,
    position: { blockIndex: 7, offsetRatio: 0.25, updatedAt: 490 },
  },
  {
    key: 'ao3:1#x1',
    storyKey: 'ao3:1',
    chapterId: 'x1',
    index: 0,
    title: 'One',
    url: 'https://archiveofourown.org/works/1/chapters/x1',
    firstReadAt: 100,
    lastReadAt: 200,
    position: null,
  },
];
const v1Note = {
  storyKey: 'ao3:1',
  noteFingerprints: ['fp1'],
  corrections: { fp2: 'story' },
  edgeCounts: { fp1: 3 },
  updatedAt: 400,
};

const v2Story: StoryRecord = {
  ...v1Story,
  key: 'royalroad:77',
  site: 'royalroad',
  storyId: '77',
  url: 'https://www.royalroad.com/fiction/77/slug',
  lastChapterId: '701',
  lastChapterIndex: 1,
  lastChapterUrl: 'https://www.royalroad.com/fiction/77/slug/chapter/701/one',
  toc: [
    { id: '701', title: 'One', url: 'https://www.royalroad.com/fiction/77/slug/chapter/701/one', date: 1000 },
    { id: '702', title: 'Two', url: 'https://www.royalroad.com/fiction/77/slug/chapter/702/two', date: 2000 },
    { id: '703', title: null, url: 'https://www.royalroad.com/fiction/77/slug/chapter/703/three' },
  ],
  unread: 2,
  siteUpdatedAt: 2000,
  lastCheckedAt: 3000,
  checkState: 'ok',
  newChaptersAt: 3000,
};
const v2Waiting: StoryRecord = {
  ...v1Story,
  key: 'ffnet:5',
  site: 'ffnet',
  storyId: '5',
  url: 'https://www.fanfiction.net/s/5/1/',
  lastReadAt: 100,
  toc: [],
  unread: 0,
  siteUpdatedAt: null,
  lastCheckedAt: 2500,
  checkState: 'visit',
  newChaptersAt: null,
};
const v2Chapter: ChapterRecord = {
  key: 'royalroad:77#701',
  storyKey: 'royalroad:77',
  chapterId: '701',
  index: 1,
  title: 'One',
  url: 'https://www.royalroad.com/fiction/77/slug/chapter/701/one',
  firstReadAt: 400,
  lastReadAt: 500,
  position: { blockIndex: 2, offsetRatio: 0.5, updatedAt: 450 },
};

const HISTORY: HistoricVersion[] = [
  {
    version: 1,
    build(db) {
      const stories = db.createObjectStore('stories', { keyPath: 'key' });
      stories.createIndex('lastReadAt', 'lastReadAt');
      const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
      chapters.createIndex('storyKey', 'storyKey');
      chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
      db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
      db.createObjectStore('meta');
    },
    seed: {
      stories: [{ value: v1Story }],
      chapters: v1Chapters.map((value) => ({ value })),
      noteMemory: [{ value: v1Note }],
      meta: [{ key: 'installedAt', value: 42 }],
    },
    async verify(db) {
      const { story, chapters } = await getStory(db, 'ao3:1');
      expect(story).toEqual(v1Story);
      expect(chapters).toEqual([v1Chapters[1], v1Chapters[0]]);
      expect(await getNoteMemory(db, 'ao3:1')).toEqual(v1Note);
      expect(await getMeta(db, 'installedAt')).toBe(42);
      expect((await listStories(db)).map((s) => s.key)).toEqual(['ao3:1']);
    },
  },
  {
    version: 2,
    build(db) {
      const stories = db.createObjectStore('stories', { keyPath: 'key' });
      stories.createIndex('lastReadAt', 'lastReadAt');
      stories.createIndex('lastCheckedAt', 'lastCheckedAt');
      const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
      chapters.createIndex('storyKey', 'storyKey');
      chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
      db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
      db.createObjectStore('meta');
    },
    seed: {
      stories: [{ value: v1Story }, { value: v2Story }, { value: v2Waiting }],
      chapters: [...v1Chapters, v2Chapter].map((value) => ({ value })),
      noteMemory: [{ value: v1Note }],
      meta: [
        { key: 'installedAt', value: 42 },
        { key: 'updateSettings', value: { intervalMinutes: 60, notify: true } },
      ],
    },
    async verify(db) {
      expect((await getStory(db, 'ao3:1')).story).toEqual(v1Story);
      const rr = await getStory(db, 'royalroad:77');
      // v4: its news came after the last reading, so its unread chapters count as new.
      expect(rr.story).toEqual({ ...v2Story, newCount: 2 });
      expect(rr.chapters).toEqual([v2Chapter]);
      expect((await getStory(db, 'ffnet:5')).story).toEqual(v2Waiting);
      expect(await getNoteMemory(db, 'ao3:1')).toEqual(v1Note);
      expect(await getMeta(db, 'updateSettings')).toEqual({ intervalMinutes: 60, notify: true });
      expect((await listStories(db)).map((s) => s.key).sort()).toEqual(['ao3:1', 'ffnet:5', 'royalroad:77']);
      const checked = await db.getAllKeysFromIndex('stories', 'lastCheckedAt');
      expect(checked).toEqual(['ffnet:5', 'royalroad:77']);
    },
  },
  {
    version: 3,
    build(db) {
      const stories = db.createObjectStore('stories', { keyPath: 'key' });
      stories.createIndex('lastReadAt', 'lastReadAt');
      stories.createIndex('lastCheckedAt', 'lastCheckedAt');
      stories.createIndex('news', 'newsKey');
      stories.createIndex('due', 'checkKey');
      const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
      chapters.createIndex('storyKey', 'storyKey');
      chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
      db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
      db.createObjectStore('meta');
    },
    seed: {
      stories: [
        { value: { ...v1Story, checkKey: 0 } },
        { value: { ...v2Story, newsKey: [3000, 500, 2], checkKey: 3000 } },
        { value: v2Waiting },
      ],
      chapters: [...v1Chapters, v2Chapter].map((value) => ({ value })),
      noteMemory: [{ value: v1Note }],
      meta: [{ key: 'installedAt', value: 42 }],
    },
    async verify(db) {
      // The derived key stays inside the library layer (v4 adds newCount: news after the last reading).
      expect((await getStory(db, 'royalroad:77')).story).toEqual({ ...v2Story, newCount: 2 });
      expect(await db.getAllKeysFromIndex('stories', 'news')).toEqual(['royalroad:77']);
      expect(await newTotal(db)).toBe(2);
      expect((await listDue(db, 5000)).map((s) => s.key)).toEqual(['ao3:1', 'royalroad:77']);
    },
  },
  {
    version: 4,
    build(db) {
      const stories = db.createObjectStore('stories', { keyPath: 'key' });
      stories.createIndex('lastReadAt', 'lastReadAt');
      stories.createIndex('lastCheckedAt', 'lastCheckedAt');
      stories.createIndex('news', 'newsKey');
      stories.createIndex('due', 'checkKey');
      const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
      chapters.createIndex('storyKey', 'storyKey');
      chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
      db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
      db.createObjectStore('meta');
    },
    seed: {
      stories: [
        { value: { ...v1Story, unread: 40, checkKey: 0 } },
        { value: { ...v2Story, newCount: 1, newsKey: [3000, 500, 1], checkKey: 3000 } },
        { value: v2Waiting },
      ],
      chapters: [...v1Chapters, v2Chapter].map((value) => ({ value })),
      noteMemory: [{ value: v1Note }],
      meta: [{ key: 'installedAt', value: 42 }],
    },
    async verify(db) {
      expect((await getStory(db, 'royalroad:77')).story).toEqual({ ...v2Story, newCount: 1 });
      expect((await getStory(db, 'ao3:1')).story).toEqual({ ...v1Story, unread: 40 });
      expect(await db.getAllKeysFromIndex('stories', 'news')).toEqual(['royalroad:77']);
      expect(await newTotal(db)).toBe(1);
      // v5: the chapters came across into one set per story.
      expect((await getStory(db, 'ao3:1')).chapters).toEqual([v1Chapters[1], v1Chapters[0]]);
      expect((await getStory(db, 'royalroad:77')).chapters).toEqual([v2Chapter]);
    },
  },
  {
    version: 5,
    build(db) {
      const stories = db.createObjectStore('stories', { keyPath: 'key' });
      stories.createIndex('lastReadAt', 'lastReadAt');
      stories.createIndex('lastCheckedAt', 'lastCheckedAt');
      stories.createIndex('news', 'newsKey');
      stories.createIndex('due', 'checkKey');
      db.createObjectStore('chapterSets', { keyPath: 'storyKey' });
      db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
      db.createObjectStore('meta');
    },
    seed: {
      stories: [{ value: { ...v1Story, checkKey: 0 } }, { value: { ...v2Story, newCount: 1, newsKey: [3000, 500, 1], checkKey: 3000 } }],
      chapterSets: [
        { value: { storyKey: 'royalroad:77', rows: [['701', 1, 'One', v2Chapter.url, 400, 500, 2, 0.5, 450]] } },
        {
          value: {
            storyKey: 'ao3:1',
            rows: [
              ['x2', 1, 'Two', v1Chapters[0].url, 300, 500, 7, 0.25, 490],
              ['x1', 0, 'One', v1Chapters[1].url, 100, 200],
            ],
          },
        },
      ],
      noteMemory: [{ value: v1Note }],
      meta: [{ key: 'installedAt', value: 42 }],
    },
    async verify(db) {
      expect(await getStory(db, 'royalroad:77')).toEqual({ story: { ...v2Story, newCount: 1 }, chapters: [v2Chapter] });
      expect(await getStory(db, 'ao3:1')).toEqual({ story: v1Story, chapters: [v1Chapters[1], v1Chapters[0]] });
      expect(await newTotal(db)).toBe(1);
    },
  },
];

/** Build a database of an old version with raw IndexedDB (independent of the current code). */
async function createHistoric(name: string, h: HistoricVersion): Promise<void> {
  const open = indexedDB.open(name, h.version);
  open.onupgradeneeded = () => h.build(open.result);
  const db = await req(open);
  const stores = Object.keys(h.seed);
  const tx = db.transaction(stores, 'readwrite');
  for (const store of stores) for (const { value, key } of h.seed[store]) tx.objectStore(store).put(value, key);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** Stores, key paths and indexes of a database, for comparing an upgraded one with a fresh one. */
function shape(db: LibraryDB) {
  const names = [...db.objectStoreNames].sort();
  const tx = db.transaction(names, 'readonly');
  return names.map((n) => {
    const store = tx.objectStore(n);
    return {
      name: n,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes: [...store.indexNames].sort().map((i) => {
        const index = store.index(i);
        return { name: i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      }),
    };
  });
}

describe('library schema', () => {
  it('keeps a frozen copy of every version up to the current one', () => {
    expect(DB_VERSION).toBe(UPGRADES.length);
    expect(HISTORY.map((h) => h.version)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
  });

  it('creates a fresh library at the current version', async () => {
    const db = await openLibrary(freshName());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chapterSets', 'meta', 'noteMemory', 'stories']);
    db.close();
  });

  it.each(HISTORY)('opens a v$version library holding data without losing any', async (h) => {
    const name = freshName(`v${h.version}`);
    await createHistoric(name, h);

    const db = await openLibrary(name);
    expect(db.version).toBe(DB_VERSION);
    await h.verify(db);
    // Same structure as a library created by the current code.
    const fresh = await openLibrary(freshName('fresh'));
    expect(shape(db)).toEqual(shape(fresh));
    // And it is writable with the current code.
    await recordVisit(db, visit({ storyId: '1', chapterId: 'x3', chapterIndex: 2 }), 1000);
    expect((await getStory(db, 'ao3:1')).chapters).toHaveLength(3);
    fresh.close();
    db.close();
  });

  it('v3 gives every stored story its derived keys: the news and due indexes hold the right stories', async () => {
    const name = freshName('v2to3');
    await createHistoric(name, HISTORY[1]);
    const db = await openLibrary(name);
    // royalroad:77 is followed with 2 unread; ao3:1 has no unread count; ffnet:5 has none unread.
    expect(await db.getAllKeysFromIndex('stories', 'news')).toEqual(['royalroad:77']);
    expect(await db.getAllKeysFromIndex('stories', 'news', IDBKeyRange.only([3000, 500, 2]))).toEqual(['royalroad:77']);
    expect(await newTotal(db)).toBe(2);
    // Followed and not waiting for a visit (ffnet:5 waits), never checked first.
    expect((await listDue(db, 5000)).map((s) => s.key)).toEqual(['ao3:1', 'royalroad:77']);
    expect((await listDue(db, 2999)).map((s) => s.key)).toEqual(['ao3:1']);
    db.close();
  });

  it('v4 keeps new and unread apart: unread chapters of a followed story are no news unless found after the last reading', async () => {
    const name = freshName('v3to4');
    const h = HISTORY[2];
    await createHistoric(name, {
      ...h,
      seed: {
        ...h.seed,
        stories: [
          // Followed after reading chapter 1 of a finished story: 40 unread, the old badge said 40.
          { value: { ...v1Story, unread: 40, newsKey: [0, 500, 40], checkKey: 0 } },
          { value: { ...v2Story, newsKey: [3000, 500, 2], checkKey: 3000 } },
          { value: v2Waiting },
        ],
      },
    });
    const db = await openLibrary(name);
    expect(await db.getAllKeysFromIndex('stories', 'news')).toEqual(['royalroad:77']);
    expect(await newTotal(db)).toBe(2);
    expect((await getStory(db, 'ao3:1')).story).toMatchObject({ unread: 40 });
    expect((await getStory(db, 'ao3:1')).story).not.toHaveProperty('newCount');
    db.close();
  });

  describe('v5: one chapter set per story', () => {
    const v4 = HISTORY[3];
    // 130 stories of 40 chapters (more than one page of the migration's reads), every other chapter
    // with a position, plus chapters whose story is gone and keys that sort between stories.
    const manyChapters = (): ChapterRecord[] => {
      const out: ChapterRecord[] = [];
      for (let i = 0; i < 130; i++)
        for (let j = 0; j < 40; j++) {
          const storyKey = `ao3:${1000 + i}`;
          out.push({
            key: `${storyKey}#${j}`,
            storyKey,
            chapterId: String(j),
            index: j % 7 === 0 ? null : j,
            title: j % 5 === 0 ? null : `Chapter ${j}`,
            url: `https://archiveofourown.org/works/${1000 + i}/chapters/${j}`,
            firstReadAt: 1000 + j,
            lastReadAt: 2000 + j,
            position: j % 2 ? { blockIndex: j, offsetRatio: j / 40, updatedAt: 1500 + j } : null,
          });
        }
      return out;
    };
    const orphans: ChapterRecord[] = ['ao3:1!', 'zz:9'].map((storyKey) => ({
      key: `${storyKey}#x`, storyKey, chapterId: 'x', index: null, title: null, url: '', firstReadAt: 1, lastReadAt: 2, position: null,
    }));
    const shadows = [
      { key: 'sync:s:ao3:1', value: { f: true, fa: 10, s: null, sa: 0, c: {}, r: 500 } },
      // A removed story's tombstone: the story and its chapters are gone, the shadow stays.
      { key: 'sync:s:ao3:gone', value: { f: false, fa: 0, s: null, sa: 0, c: {}, x: 900 } },
      { key: 'sync:state', value: { initialized: true, lastSyncAt: 1, lastError: null } },
    ];
    const v4Large = (chapters: ChapterRecord[]): HistoricVersion => ({
      ...v4,
      seed: {
        ...v4.seed,
        stories: [...v4.seed.stories, ...Array.from({ length: 130 }, (_, i) => ({ value: { ...v1Story, key: `ao3:${1000 + i}`, storyId: String(1000 + i) } }))],
        chapters: chapters.map((value) => ({ value })),
        meta: [...v4.seed.meta, ...shadows],
      },
    });
    const byKey = (list: ChapterRecord[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const allChapters = async (db: LibraryDB) => byKey((await db.getAll('chapterSets')).flatMap(chaptersOf));

    it(`moves every chapter record, field by field, into its story's set (more than ${MIGRATE_PAGE} records)`, async () => {
      const chapters = [...manyChapters(), ...orphans, ...v1Chapters, v2Chapter];
      expect(chapters.length).toBeGreaterThan(MIGRATE_PAGE);
      const name = freshName('v4to5');
      await createHistoric(name, v4Large(chapters));
      const db = await openLibrary(name);
      expect([...db.objectStoreNames]).not.toContain('chapters');
      expect(await allChapters(db)).toEqual(byKey(chapters));
      // One record per story (and per story key of the orphans).
      expect(await db.count('chapterSets')).toBe(130 + 2 + 2);
      expect((await getStory(db, 'ao3:1007')).chapters).toHaveLength(40);
      expect(await readPosition(db, 'ao3:1007', '3')).toEqual({ blockIndex: 3, offsetRatio: 3 / 40, updatedAt: 1503 });
      // The stories, note memory, shadows and tombstones are as they were.
      expect((await getStory(db, 'ao3:1')).story).toEqual({ ...v1Story, unread: 40 });
      expect(await getNoteMemory(db, 'ao3:1')).toEqual(v1Note);
      for (const { key, value } of shadows) expect(await getMeta(db, key)).toEqual(value);
      db.close();
    });

    it('an upgrade stopped half-way loses nothing: the database stays v4, and the next open upgrades it', async () => {
      const chapters = [...manyChapters(), ...orphans];
      const name = freshName('v4to5-stopped');
      await createHistoric(name, v4Large(chapters));
      // Stop the version-change transaction after some sets were written (the worker killed, the
      // browser closed): IndexedDB aborts it whole.
      const realPut = IDBObjectStore.prototype.put;
      let sets = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'chapterSets' && ++sets >= 50) {
          if (sets === 50) this.transaction.abort();
          return {} as IDBRequest<IDBValidKey>;
        }
        return realPut.apply(this, args);
      });
      await expect(openLibrary(name)).rejects.toThrow(/could not open the library/);
      vi.restoreAllMocks();
      expect(sets).toBeGreaterThanOrEqual(50);
      const raw = await req(indexedDB.open(name));
      expect(raw.version).toBe(4);
      expect([...raw.objectStoreNames].sort()).toEqual(['chapters', 'meta', 'noteMemory', 'stories']);
      const left = await req(raw.transaction('chapters').objectStore('chapters').getAll());
      expect(byKey(left as ChapterRecord[])).toEqual(byKey(chapters));
      raw.close();
      const db = await openLibrary(name);
      expect(db.version).toBe(DB_VERSION);
      expect(await allChapters(db)).toEqual(byKey(chapters));
      db.close();
    });

    it('keeps a position save a read-modify-write of one set: two saves of two chapters of a story at once keep both', async () => {
      const db = await openLibrary(freshName());
      await recordVisit(db, visit({ storyId: '1', chapterId: 'a' }), 1000);
      await recordVisit(db, visit({ storyId: '1', chapterId: 'b' }), 1001);
      const [a, b] = await Promise.all([
        savePosition(db, 'ao3:1', 'a', { blockIndex: 3, offsetRatio: 0.1, updatedAt: 2000 }, 3000),
        savePosition(db, 'ao3:1', 'b', { blockIndex: 4, offsetRatio: 0.2, updatedAt: 2001 }, 3000),
      ]);
      expect([a, b]).toEqual([true, true]);
      expect(await readPosition(db, 'ao3:1', 'a')).toEqual({ blockIndex: 3, offsetRatio: 0.1, updatedAt: 2000 });
      expect(await readPosition(db, 'ao3:1', 'b')).toEqual({ blockIndex: 4, offsetRatio: 0.2, updatedAt: 2001 });
      db.close();
    });
  });

  it('gives way to a newer version opened elsewhere and reports the close', async () => {
    const name = freshName();
    const onClose = vi.fn();
    await openLibrary(name, { onClose });
    const open = indexedDB.open(name, DB_VERSION + 1);
    const blocked = vi.fn();
    open.onblocked = blocked;
    const newer = await req(open);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(blocked).not.toHaveBeenCalled();
    newer.close();
  });

  it('turns a failed open into a clear error', async () => {
    const name = freshName();
    const open = indexedDB.open(name, DB_VERSION + 1);
    (await req(open)).close();
    await expect(openLibrary(name)).rejects.toThrow(/could not open the library/);
  });
});

describe('libraryError', () => {
  it('says plainly when storage is full', () => {
    const err = libraryError(new DOMException('over', 'QuotaExceededError'), 'save your reading position');
    expect(err.name).toBe('LibraryQuotaError');
    expect(err.message).toMatch(/save your reading position.*storage .* is full/);
    expect(err.message).toMatch(/Nothing was saved/);
  });

  it('names other failures with the action and cause', () => {
    const err = libraryError(new DOMException('bad key', 'DataError'), 'read the library');
    expect(err.name).toBe('LibraryError');
    expect(err.message).toBe('Calm Reader could not read the library: DataError: bad key');
  });
});

describe('lazyLibrary', () => {
  const fakeDb = (id: number) => ({ id }) as unknown as LibraryDB;

  it('opens once and reuses the connection', async () => {
    const open = vi.fn(async () => fakeDb(1));
    const get = lazyLibrary('x', open);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('opens again after the connection was closed', async () => {
    const closers: Array<() => void> = [];
    let n = 0;
    const open = vi.fn(async (_name: string, opts: { onClose?: () => void } = {}) => {
      closers.push(opts.onClose!);
      return fakeDb(++n);
    });
    const get = lazyLibrary('x', open);
    const first = await get();
    closers[0]();
    const second = await get();
    expect(second).not.toBe(first);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('retries after a failed open instead of keeping the failure', async () => {
    const open = vi
      .fn<(name: string) => Promise<LibraryDB>>()
      .mockRejectedValueOnce(new Error('nope'))
      .mockResolvedValueOnce(fakeDb(2));
    const get = lazyLibrary('x', open);
    await expect(get()).rejects.toThrow('nope');
    expect(await get()).toEqual({ id: 2 });
  });

  it('says clearly when an upgrade is blocked, frees the late connection, and opens again next time', async () => {
    const late = { id: 1, close: vi.fn() } as unknown as LibraryDB;
    let finishFirst!: (db: LibraryDB) => void;
    const open = vi
      .fn<(name: string, opts: { onBlocked?: () => void }) => Promise<LibraryDB>>()
      .mockImplementationOnce((_n, opts) => {
        queueMicrotask(() => opts.onBlocked?.());
        return new Promise<LibraryDB>((r) => (finishFirst = r));
      })
      .mockResolvedValueOnce(fakeDb(2));
    const get = lazyLibrary('x', open);
    await expect(get()).rejects.toMatchObject({ name: 'LibraryBlockedError', message: expect.stringContaining('Nothing was lost') });
    finishFirst(late);
    await new Promise((r) => setTimeout(r, 0));
    expect((late as unknown as { close: ReturnType<typeof vi.fn> }).close).toHaveBeenCalledTimes(1);
    expect(await get()).toEqual({ id: 2 });
  });

  it('opens the real library lazily', async () => {
    const get = lazyLibrary(freshName());
    const db = await get();
    expect(db.version).toBe(DB_VERSION);
    expect(await get()).toBe(db);
    db.close();
  });
});
