import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { applyUpdate, getStory, markChecked, recordVisit, setFollowed, newTotal } from '../../../lib/library/store';
import { addedEntries, computeUnread, mergePartialToc } from '../../../lib/library/toc';
import type { TocEntry } from '../../../lib/library/types';
import { freshName, visit } from './helpers';

const W = 'https://archiveofourown.org/works/123';
const toc = (...ids: string[]): TocEntry[] => ids.map((id) => ({ id, title: `T${id}`, url: `${W}/chapters/${id}` }));
const read = (chapterId: string, index: number | null = null, url = `${W}/chapters/${chapterId}`) => ({ chapterId, index, url });

describe('computeUnread', () => {
  it('counts entries after the furthest chapter read', () => {
    expect(computeUnread(toc('a', 'b', 'c', 'd'), 4, [read('b')])).toBe(2);
    expect(computeUnread(toc('a', 'b', 'c', 'd'), 4, [read('c'), read('a')])).toBe(1);
    expect(computeUnread(toc('a', 'b', 'c', 'd'), 4, [read('d')])).toBe(0);
  });

  it('finds a chapter by URL when its id differs', () => {
    expect(computeUnread(toc('a', 'b', 'c'), 3, [read('x', null, `https://www.archiveofourown.org/works/123/chapters/a/`)])).toBe(2);
  });

  it('falls back to the chapter index and count, and is 0 when unknown', () => {
    // AO3 one-shot read as chapter '1' before its chapter ids were known
    expect(computeUnread(toc('900', '901'), 2, [read('1', 1, W)])).toBe(1);
    expect(computeUnread([], 10, [read('c3', 3)])).toBe(7);
    expect(computeUnread([], null, [read('c3', 3)])).toBe(0);
    expect(computeUnread(toc('a', 'b'), 2, [])).toBe(0);
    expect(computeUnread(toc('a', 'b'), 2, [read('full', null, W)])).toBe(0);
  });

  it('merges a partial list and finds what is new', () => {
    const merged = mergePartialToc(toc('a', 'b', 'c'), toc('c', 'd', 'e'));
    expect(merged.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(addedEntries(toc('a', 'b'), toc('a', 'x', 'b')).map((e) => e.id)).toEqual(['x']);
  });
});

let db: LibraryDB;
beforeEach(async () => {
  db = await openLibrary(freshName('toc'));
});
afterEach(() => db.close());

describe('visits update the story for free', () => {
  it('stores the page\'s chapter list and the unread count', async () => {
    const { story } = await recordVisit(db, visit({ chapterId: 'b', chapterIndex: 2, toc: toc('a', 'b', 'c', 'd'), siteUpdatedAt: 777 }), 1000);
    expect(story).toMatchObject({ unread: 2, chapterCount: 10, siteUpdatedAt: 777, lastCheckedAt: 1000, checkState: 'ok', newChaptersAt: null });
    expect(story.toc?.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    // reading further lowers it; an earlier chapter does not raise it
    expect((await recordVisit(db, visit({ chapterId: 'c', chapterIndex: 3 }), 2000)).story.unread).toBe(1);
    expect((await recordVisit(db, visit({ chapterId: 'a', chapterIndex: 1 }), 3000)).story.unread).toBe(1);
  });

  it('marks new chapters when the page shows a longer list, and keeps a list a page does not show', async () => {
    await recordVisit(db, visit({ chapterId: 'a', toc: toc('a', 'b') }), 1000);
    const { story } = await recordVisit(db, visit({ chapterId: 'a', toc: toc('a', 'b', 'c') }), 2000);
    expect(story).toMatchObject({ unread: 2, newChaptersAt: 2000 });
    const again = await recordVisit(db, visit({ chapterId: 'b' }), 3000);
    expect(again.story.toc).toHaveLength(3);
    expect(again.story).toMatchObject({ unread: 1, newChaptersAt: 2000, lastCheckedAt: 2000 });
  });

  it('keeps only TocEntry fields from a page', async () => {
    const hostile = [{ id: 'a', title: 'A', url: `${W}/chapters/a`, extra: 'x' }] as unknown as TocEntry[];
    const { story } = await recordVisit(db, visit({ chapterId: 'a', toc: hostile }), 1000);
    expect(story.toc).toEqual([{ id: 'a', title: 'A', url: `${W}/chapters/a` }]);
  });

  it('a story waiting for a visit becomes ok', async () => {
    await recordVisit(db, visit(), 1000);
    await markChecked(db, 'ao3:123', 'visit', 1500);
    expect((await getStory(db, 'ao3:123')).story?.checkState).toBe('visit');
    expect((await recordVisit(db, visit(), 2000)).story.checkState).toBe('ok');
  });
});

describe('applyUpdate', () => {
  it('stores a new list, counts new chapters and never marks anything read', async () => {
    await recordVisit(db, visit({ chapterId: 'b', chapterIndex: 2, toc: toc('a', 'b') }), 1000);
    const before = await getStory(db, 'ao3:123');
    const out = await applyUpdate(db, 'ao3:123', { toc: toc('a', 'b', 'c', 'd'), chapterCount: 4, siteUpdatedAt: 5, status: 'complete' }, 9000);
    expect(out.newChapters).toBe(2);
    expect(out.story).toMatchObject({ unread: 2, chapterCount: 4, status: 'complete', siteUpdatedAt: 5, lastCheckedAt: 9000, checkState: 'ok', newChaptersAt: 9000 });
    const after = await getStory(db, 'ao3:123');
    expect(after.chapters).toEqual(before.chapters);
    expect(after.story).toMatchObject({ lastReadAt: 1000, lastChapterId: 'b' });

    const same = await applyUpdate(db, 'ao3:123', { toc: toc('a', 'b', 'c', 'd'), chapterCount: 4 }, 10000);
    expect(same.newChapters).toBe(0);
    expect(same.story).toMatchObject({ newChaptersAt: 9000, lastCheckedAt: 10000, unread: 2 });
  });

  it('counts chapters beyond those the visits saw on a first check', async () => {
    await recordVisit(db, visit({ chapterId: 'a', chapterIndex: 1, chapterCount: 2 }), 1000);
    const out = await applyUpdate(db, 'ao3:123', { toc: toc('a', 'b', 'c'), chapterCount: 3 }, 2000);
    expect(out.newChapters).toBe(1);
    expect(out.story?.unread).toBe(2);
  });

  it('merges a partial list into the known one', async () => {
    await recordVisit(db, visit({ chapterId: 'b', toc: toc('a', 'b', 'c') }), 1000);
    const out = await applyUpdate(db, 'ao3:123', { toc: toc('c', 'd'), chapterCount: null, partial: true }, 2000);
    expect(out.story?.toc?.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(out).toMatchObject({ newChapters: 1, story: { unread: 2 } });
  });

  it('does nothing for a story not in the library', async () => {
    expect(await applyUpdate(db, 'ao3:none', { toc: toc('a'), chapterCount: 1 }, 1)).toEqual({ story: null, newChapters: 0 });
  });
});

describe('newTotal: the badge counts new chapters, never unread ones', () => {
  it('following a finished 41-chapter story after reading chapter 1 shows 0 new (40 unread)', async () => {
    const ids = Array.from({ length: 41 }, (_, i) => `x${i + 1}`);
    await recordVisit(db, visit({ storyId: 'a', chapterId: 'x1', chapterCount: 41, toc: toc(...ids) }), 1000);
    const followed = await setFollowed(db, 'ao3:a', true);
    expect(followed).toMatchObject({ unread: 40, newCount: 0 });
    expect(await newTotal(db)).toBe(0);
  });

  it('chapters an update check finds are new until the reader opens the story; unread stays apart', async () => {
    await recordVisit(db, visit({ storyId: 'a', chapterId: 'x1', toc: toc('x1', 'x2', 'x3') }), 1000);
    await recordVisit(db, visit({ storyId: 'b', chapterId: 'x1', toc: toc('x1', 'x2') }), 1000);
    await setFollowed(db, 'ao3:a', true);
    await applyUpdate(db, 'ao3:a', { toc: toc('x1', 'x2', 'x3', 'x4', 'x5'), chapterCount: 5 }, 2000);
    // Not followed: its news never reaches the badge.
    await applyUpdate(db, 'ao3:b', { toc: toc('x1', 'x2', 'x3'), chapterCount: 3 }, 2000);
    expect(await newTotal(db)).toBe(2);
    expect((await getStory(db, 'ao3:a')).story).toMatchObject({ unread: 4, newCount: 2 });
    await applyUpdate(db, 'ao3:a', { toc: toc('x1', 'x2', 'x3', 'x4', 'x5', 'x6'), chapterCount: 6 }, 3000);
    expect(await newTotal(db)).toBe(3);
    // Opening any chapter of the story: the reader has seen the list; 3 chapters are still unread.
    const { story } = await recordVisit(db, visit({ storyId: 'a', chapterId: 'x3', toc: toc('x1', 'x2', 'x3', 'x4', 'x5', 'x6') }), 4000);
    expect(story).toMatchObject({ unread: 3, newCount: 0 });
    expect(await newTotal(db)).toBe(0);
  });
});
