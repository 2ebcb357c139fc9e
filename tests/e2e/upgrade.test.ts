/**
 * Schema v5 in Chromium: a library written in the v4 layout (one record per chapter) is there,
 * every chapter and position with it, once the built extension's worker opens it again.
 *
 * The v4 database is made in the extension's own origin (a script-free extension page), with the
 * v4 stores and indexes and records shaped as the v4 build wrote them, after the worker's
 * connection was closed; the next message makes the worker open it with the built v5 code, which
 * runs the upgrade in Chromium's IndexedDB. Every wait is on state, never on time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { launch, readStore, type Session } from './harness';
import type { ChapterRecord, StoryRecord } from '../../lib/library/types';

let s: Session | undefined;
afterAll(async () => {
  await s?.close();
});

const story = (id: string, lastChapterId: string, followed: boolean): StoryRecord & { checkKey?: number } => ({
  key: `ffnet:${id}`,
  site: 'ffnet',
  storyId: id,
  title: `Story ${id}`,
  author: 'someone',
  summary: null,
  url: `https://www.fanfiction.net/s/${id}/1/`,
  chapterCount: 5,
  words: 10_000,
  status: 'in-progress',
  tags: ['Slow Burn'],
  followed,
  readingStatus: followed ? 'reading' : null,
  addedAt: 1_700_000_000_000,
  lastReadAt: 1_700_000_500_000 + Number(id),
  lastChapterId,
  lastChapterIndex: Number(lastChapterId),
  lastChapterUrl: `https://www.fanfiction.net/s/${id}/${lastChapterId}/`,
  lastChapterTitle: `Chapter ${lastChapterId}`,
  ...(followed ? { checkKey: 0 } : {}),
});

const chapter = (id: string, n: number, withPosition: boolean): ChapterRecord => ({
  key: `ffnet:${id}#${n}`,
  storyKey: `ffnet:${id}`,
  chapterId: String(n),
  index: n,
  title: `Chapter ${n}`,
  url: `https://www.fanfiction.net/s/${id}/${n}/`,
  firstReadAt: 1_700_000_100_000 + n,
  lastReadAt: 1_700_000_200_000 + n,
  position: withPosition ? { blockIndex: 10 + n, offsetRatio: 0.25, updatedAt: 1_700_000_300_000 + n } : null,
});

const STORIES = [story('111', '3', true), story('222', '1', false)];
const CHAPTERS = [chapter('111', 1, true), chapter('111', 2, false), chapter('111', 3, true), chapter('222', 1, true)];
const SHADOWS = [
  { key: 'sync:s:ffnet:111', value: { f: true, fa: 1_700_000_000, s: 'reading', sa: 1_700_000_000, c: {}, r: 1_700_000_500 } },
  { key: 'sync:s:ffnet:333', value: { f: false, fa: 0, s: null, sa: 0, c: {}, x: 1_700_000_400 } },
];

const byKey = (list: ChapterRecord[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));

describe('schema v5 upgrade in Chromium', () => {
  it('a v4 library (one record per chapter) is all there after the v5 worker opens it', async () => {
    s = await launch({ pages: new Map() });
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/manifest.json`);
    const made = await page.evaluate(
      async ([stories, chapters, shadows]) => {
        const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, no) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => no(r.error))));
        // The worker may hold the library open (at v5): deleting it makes the worker close its
        // connection (it gives way to a version change). If the worker opens it again before the
        // v4 open, that open fails with a VersionError: delete and try again.
        for (let attempt = 1; ; attempt++) {
          await req(indexedDB.deleteDatabase('calm-reader'));
          const open = indexedDB.open('calm-reader', 4);
          open.onupgradeneeded = () => {
            const db = open.result;
            const st = db.createObjectStore('stories', { keyPath: 'key' });
            st.createIndex('lastReadAt', 'lastReadAt');
            st.createIndex('lastCheckedAt', 'lastCheckedAt');
            st.createIndex('news', 'newsKey');
            st.createIndex('due', 'checkKey');
            const ch = db.createObjectStore('chapters', { keyPath: 'key' });
            ch.createIndex('storyKey', 'storyKey');
            ch.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
            db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
            db.createObjectStore('meta');
          };
          let db: IDBDatabase;
          try {
            db = await req(open);
          } catch (e) {
            if (attempt < 20) continue;
            throw e;
          }
          const tx = db.transaction(['stories', 'chapters', 'meta'], 'readwrite');
          for (const x of stories) tx.objectStore('stories').put(x);
          for (const c of chapters) tx.objectStore('chapters').put(c);
          for (const m of shadows) tx.objectStore('meta').put(m.value, m.key);
          await new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onabort = () => no(tx.error))));
          const version = db.version;
          db.close();
          return version;
        }
      },
      [STORIES, CHAPTERS, SHADOWS] as const,
    );
    expect(made).toBe(4);

    // The worker opens the library again (with the built v5 code) on the next message.
    const list = (await page.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'library/list' }),
    )) as { stories: StoryRecord[] };
    expect(list.stories.map((x) => x.key).sort()).toEqual(['ffnet:111', 'ffnet:222']);

    const shape = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open('calm-reader');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const out = { version: db.version, stores: [...db.objectStoreNames].sort() };
      db.close();
      return out;
    });
    expect(shape).toEqual({ version: 5, stores: ['chapterSets', 'meta', 'noteMemory', 'stories'] });
    // Every chapter, field by field, with its position; the stories and sync's shadows as they were.
    expect(byKey(await readStore<ChapterRecord>(s, 'chapters'))).toEqual(byKey(CHAPTERS));
    expect(await readStore<{ storyKey: string; rows: unknown[] }>(s, 'chapterSets')).toHaveLength(2);
    const stored = await readStore<StoryRecord>(s, 'stories');
    for (const x of STORIES) expect(stored.find((y) => y.key === x.key)).toMatchObject(x);

    // The library page lists both stories.
    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    for (const x of STORIES) await lib.locator(`[data-testid=library-row][data-story-key="${x.key}"]`).waitFor();
    const meta = await page.evaluate(async (keys) => {
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open('calm-reader');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const store = db.transaction('meta').objectStore('meta');
      const values = await Promise.all(keys.map((k) => new Promise((ok) => (store.get(k).onsuccess = (e) => ok((e.target as IDBRequest).result)))));
      db.close();
      return values;
    }, SHADOWS.map((m) => m.key));
    expect(meta).toEqual(SHADOWS.map((m) => m.value));
  });
});
