/** 'library/recent': the popup's few stories, the same ones continueStories picks from the whole list. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { listStories } from '../../../lib/library/store';
import { withIndexKeys } from '../../../lib/library/derived';
import type { StoryRecord } from '../../../lib/library/types';
import { continueStories } from '../../../lib/popup/format';
import { freshName } from '../library/helpers';

let db: LibraryDB;
let handlers: ReturnType<typeof createHandlers>;
const send = (message: unknown) => dispatch<BackgroundRequests>(handlers, message);

function record(i: number, over: Partial<StoryRecord> = {}): StoryRecord {
  return {
    key: `ao3:${i}`, site: 'ao3', storyId: String(i), title: `Story ${i}`, author: null, summary: null,
    url: `https://archiveofourown.org/works/${i}`, chapterCount: 3, words: null, status: null, tags: [],
    followed: false, readingStatus: null, addedAt: i, lastReadAt: 1000 + i, lastChapterId: 'c1', lastChapterIndex: 1,
    lastChapterUrl: `https://archiveofourown.org/works/${i}/chapters/1`, lastChapterTitle: null,
    toc: [{ id: 'c1', title: null, url: 'u1' }], unread: 0, ...over,
  };
}

beforeEach(async () => {
  db = await openLibrary(freshName('recent'));
  handlers = createHandlers({ db: Promise.resolve(db), now: () => 5000 });
});
afterEach(() => db.close());

describe("'library/recent'", () => {
  it('answers the newest stories plus followed stories with news, without tables of contents', async () => {
    const all = [
      ...Array.from({ length: 30 }, (_, i) => record(i)),
      record(100, { followed: true, unread: 2, newCount: 2, lastReadAt: 1, newChaptersAt: 50 }),
      record(101, { followed: true, unread: 1, newCount: 1, lastReadAt: 2, newChaptersAt: 60 }),
      record(102, { followed: true, unread: 0, lastReadAt: 3 }),
      record(103, { followed: false, unread: 4, newCount: 4, lastReadAt: 4 }),
      // Unread chapters only (followed after reading chapter 1): no news.
      record(106, { followed: true, unread: 40, lastReadAt: 5 }),
      record(104, { followed: true, unread: 1, lastReadAt: 2000 }),
      // Nowhere to go: skipped by the popup, so it does not count towards the limit.
      record(105, { url: '', lastChapterUrl: null, lastReadAt: 3000 }),
    ];
    const tx = db.transaction('stories', 'readwrite');
    for (const s of all) void tx.store.put(withIndexKeys(s));
    await tx.done;

    const res = (await send({ type: 'library/recent', limit: 5 })) as { stories: StoryRecord[] };
    const keys = res.stories.map((s) => s.key);
    expect(keys.slice(0, 5)).toEqual(['ao3:104', 'ao3:29', 'ao3:28', 'ao3:27', 'ao3:26']);
    expect(keys.slice(5).sort()).toEqual(['ao3:100', 'ao3:101']);
    for (const s of res.stories) expect(s).not.toHaveProperty('toc');

    const full = await listStories(db);
    expect(continueStories(res.stories, 5).map((s) => s.key)).toEqual(continueStories(full, 5).map((s) => s.key));
  });

  it("with news: false answers only the most recently read stories (the library page's first screen)", async () => {
    const tx = db.transaction('stories', 'readwrite');
    for (let i = 0; i < 60; i++) void tx.store.put(withIndexKeys(record(i, i % 2 ? {} : { followed: true, unread: 1, lastReadAt: i })));
    await tx.done;
    const res = (await send({ type: 'library/recent', limit: 10, news: false })) as { stories: StoryRecord[] };
    expect(res.stories.map((s) => s.key)).toEqual(
      (await listStories(db)).slice(0, 10).map((s) => s.key),
    );
    for (const s of res.stories) expect(s).not.toHaveProperty('newsKey');
  });

  it('clamps the limit and answers an empty library', async () => {
    expect(await send({ type: 'library/recent', limit: 5 })).toEqual({ stories: [] });
    const tx = db.transaction('stories', 'readwrite');
    for (let i = 0; i < 80; i++) void tx.store.put(withIndexKeys(record(i)));
    await tx.done;
    expect(((await send({ type: 'library/recent', limit: 1e9 })) as { stories: unknown[] }).stories).toHaveLength(50);
    expect(((await send({ type: 'library/recent', limit: -3 })) as { stories: unknown[] }).stories).toHaveLength(0);
    expect(((await send({ type: 'library/recent', limit: 'x' })) as { stories: unknown[] }).stories).toHaveLength(5);
  });

  it("'backup/imported' redraws the badge and reschedules update checks", async () => {
    const calls: string[] = [];
    handlers = createHandlers({
      db: Promise.resolve(db),
      now: () => 5000,
      updates: {
        checkNow: async () => ({ checked: 0, newChapters: 0, results: [] }) as never,
        schedule: async () => void calls.push('schedule') as never,
        refreshBadge: async () => void calls.push('badge') as never,
      },
    });
    expect(await send({ type: 'backup/imported' })).toEqual({ ok: true });
    expect(calls.sort()).toEqual(['badge', 'schedule']);
  });
});
