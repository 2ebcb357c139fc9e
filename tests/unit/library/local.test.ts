/** Extension pages read the library themselves: the same stories the worker's messages answer. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/protocol/messages';
import { lazyLibrary, openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { createLocalReads, localOr, startedEarly, type LocalReads } from '../../../lib/library/local';
import { withIndexKeys } from '../../../lib/library/derived';
import type { StoryRecord } from '../../../lib/library/types';
import { freshName } from './helpers';

let name: string;
let db: LibraryDB;
let handlers: ReturnType<typeof createHandlers>;
const send = (message: unknown) => dispatch<BackgroundRequests>(handlers, message) as Promise<{ stories: StoryRecord[] }>;
const withoutToc = (stories: StoryRecord[]) => stories.map(({ toc: _toc, ...rest }) => rest);

function record(i: number, over: Partial<StoryRecord> = {}): StoryRecord {
  return {
    key: `ao3:${i}`, site: 'ao3', storyId: String(i), title: `Story ${i}`, author: null, summary: null,
    url: `https://archiveofourown.org/works/${i}`, chapterCount: 3, words: null, status: null, tags: [],
    followed: i % 4 === 0, readingStatus: null, addedAt: i, lastReadAt: 1000 + ((i * 37) % 101), lastChapterId: 'c1', lastChapterIndex: 1,
    lastChapterUrl: `https://archiveofourown.org/works/${i}/chapters/1`, lastChapterTitle: null,
    toc: [{ id: 'c1', title: null, url: 'u1' }], unread: i % 4 === 0 ? i % 3 : 0, ...(i % 4 === 0 ? { newChaptersAt: 500 + i } : {}), ...over,
  };
}

beforeEach(async () => {
  name = freshName('local');
  db = await openLibrary(name);
  handlers = createHandlers({ db: Promise.resolve(db), now: () => 5000 });
  const tx = db.transaction('stories', 'readwrite');
  for (let i = 0; i < 101; i++) void tx.store.put(withIndexKeys(record(i)));
  await tx.done;
});
afterEach(() => db.close());

describe('createLocalReads', () => {
  it("answers what the worker's messages answer, from a connection of its own", async () => {
    const page = lazyLibrary(name);
    const reads = createLocalReads(page);
    expect(withoutToc(await reads.forPopup(5))).toEqual((await send({ type: 'library/recent', limit: 5 })).stories);
    expect(withoutToc(await reads.recent(50))).toEqual((await send({ type: 'library/recent', limit: 50, news: false })).stories);
    const all = await reads.all();
    expect(all).toHaveLength(101);
    expect(withoutToc(all)).toEqual((await send({ type: 'library/list' })).stories);
    expect(await page()).not.toBe(db);
    (await page()).close();
  });
});

describe('localOr', () => {
  it('uses the local read when it works and never asks the worker', async () => {
    const remote = vi.fn(async () => ['remote']);
    expect(await localOr(async () => ['local'], remote)).toEqual(['local']);
    expect(remote).not.toHaveBeenCalled();
  });

  it('asks the worker when the local read fails or is not there', async () => {
    expect(await localOr(() => Promise.reject(new Error('blocked')), async () => ['remote'])).toEqual(['remote']);
    expect(await localOr(undefined, async () => ['remote'])).toEqual(['remote']);
    await expect(localOr(() => Promise.reject(new Error('a')), () => Promise.reject(new Error('b')))).rejects.toThrow('b');
  });
});

describe('startedEarly', () => {
  it('starts the popup read at once and hands it to the first matching call; later calls read again', async () => {
    let reads = 0;
    const base: LocalReads = {
      forPopup: async (n) => (reads++, [record(n)]),
      recent: async () => [],
      all: async () => [],
    };
    const early = startedEarly(base, 5);
    expect(reads).toBe(1);
    expect((await early.forPopup(5))[0].key).toBe('ao3:5');
    expect(reads).toBe(1);
    await early.forPopup(5);
    expect(reads).toBe(2);
    await early.forPopup(3);
    expect(reads).toBe(3);
  });

  it('a failed early read fails its taker (who then asks the worker), not the page', async () => {
    const base: LocalReads = { forPopup: () => Promise.reject(new Error('blocked')), recent: async () => [], all: async () => [] };
    const early = startedEarly(base, 5);
    await new Promise((r) => setTimeout(r, 0));
    expect(await localOr(() => early.forPopup(5), async () => [record(1)])).toHaveLength(1);
  });

  it("starts the library page's first screen (recent) the same way, leaving the other reads alone", async () => {
    const calls: string[] = [];
    const base: LocalReads = {
      forPopup: async () => (calls.push('forPopup'), []),
      recent: async (n) => (calls.push(`recent ${n}`), [record(n)]),
      all: async () => (calls.push('all'), []),
    };
    const early = startedEarly(base, 50, 'recent');
    expect(calls).toEqual(['recent 50']);
    expect((await early.recent(50))[0].key).toBe('ao3:50');
    await early.all();
    await early.recent(50);
    expect(calls).toEqual(['recent 50', 'all', 'recent 50']);
  });
});
