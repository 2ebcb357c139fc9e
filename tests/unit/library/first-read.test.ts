/** lib/library/first-read.ts: each extension page's first library read, started once, shared by its UI. */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DB_NAME, openLibrary } from '../../../lib/library/schema';
import { listForPopup, listRecent } from '../../../lib/library/store';
import { withIndexKeys } from '../../../lib/library/derived';
import type { StoryRecord } from '../../../lib/library/types';

const started = vi.hoisted(() => [] as { limit: number; read: string | undefined }[]);
vi.mock('../../../lib/library/local', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../lib/library/local')>();
  return {
    ...real,
    startedEarly: (...args: Parameters<typeof real.startedEarly>) => {
      started.push({ limit: args[1], read: args[2] });
      return real.startedEarly(...args);
    },
  };
});

const load = () => import('../../../lib/library/first-read');

function record(i: number): StoryRecord {
  return {
    key: `ao3:${i}`, site: 'ao3', storyId: String(i), title: `Story ${i}`, author: null, summary: null,
    url: `https://archiveofourown.org/works/${i}`, chapterCount: 3, words: null, status: null, tags: [],
    followed: i % 5 === 0, readingStatus: null, addedAt: i, lastReadAt: 1000 + ((i * 37) % 101), lastChapterId: 'c1', lastChapterIndex: 1,
    lastChapterUrl: `https://archiveofourown.org/works/${i}/chapters/1`, lastChapterTitle: null,
    toc: [{ id: 'c1', title: null, url: 'u1' }], unread: i % 5 === 0 ? 1 : 0, ...(i % 5 === 0 ? { newChaptersAt: 500 + i } : {}),
  };
}

let expected: { popup: StoryRecord[]; firstScreen: StoryRecord[] };

beforeAll(async () => {
  // The pages read the extension's own library, under its default name.
  const db = await openLibrary(DEFAULT_DB_NAME);
  const tx = db.transaction('stories', 'readwrite');
  for (let i = 0; i < 80; i++) void tx.store.put(withIndexKeys(record(i)));
  await tx.done;
  expected = { popup: await listForPopup(db, 5), firstScreen: await listRecent(db, 50) };
  db.close();
});

beforeEach(() => {
  vi.resetModules();
  started.length = 0;
});

describe('first library reads', () => {
  it('name the popup and first-screen sizes', async () => {
    const { RECENT_LIMIT, FIRST_SCREEN } = await load();
    expect(RECENT_LIMIT).toBe(5);
    expect(FIRST_SCREEN).toBe(50);
  });

  it("popupReads() starts the popup's read at once, and only once per page", async () => {
    const { popupReads, RECENT_LIMIT } = await load();
    expect(started).toEqual([]);
    const a = popupReads();
    expect(started).toEqual([{ limit: RECENT_LIMIT, read: 'forPopup' }]);
    expect(popupReads()).toBe(a);
    expect(started).toHaveLength(1);
  });

  it('libraryReads() starts the first screen of the most recently read, once per page', async () => {
    const { libraryReads, FIRST_SCREEN } = await load();
    const a = libraryReads();
    expect(started).toEqual([{ limit: FIRST_SCREEN, read: 'recent' }]);
    expect(libraryReads()).toBe(a);
    expect(started).toHaveLength(1);
  });

  it('the popup and the library page reads are separate', async () => {
    const { popupReads, libraryReads } = await load();
    expect(popupReads()).not.toBe(libraryReads());
    expect(started.map((s) => s.read)).toEqual(['forPopup', 'recent']);
  });

  it("the popup's read answers what the library holds for \"Continue reading\"", async () => {
    const { popupReads, RECENT_LIMIT } = await load();
    const got = await popupReads().forPopup(RECENT_LIMIT);
    expect(got.map((s) => s.key)).toEqual(expected.popup.map((s) => s.key));
    expect(got).toHaveLength(5);
  });

  it("the library page's first screen is the 50 most recently read, and all() the whole library", async () => {
    const { libraryReads, FIRST_SCREEN } = await load();
    const reads = libraryReads();
    const first = await reads.recent(FIRST_SCREEN);
    expect(first.map((s) => s.key)).toEqual(expected.firstScreen.map((s) => s.key));
    expect(first).toHaveLength(50);
    expect(await reads.all()).toHaveLength(80);
  });
});
