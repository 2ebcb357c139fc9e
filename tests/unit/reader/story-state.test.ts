/** lib/reader/story-state.ts: the chapter list, chapters read and where the reader stopped. */
import { describe, expect, it } from 'vitest';
import { pageState, storyState } from '../../../lib/reader/story-state';
import type { Chapter } from '../../../lib/sites/types';
import type { StoryRecord } from '../../../lib/library/types';

const entry = (id: string) => ({ id, title: `Chapter ${id}`, url: `https://archiveofourown.org/works/1/chapters/${id}` });

function chapter(over: Partial<Chapter> = {}): Chapter {
  return {
    site: 'ao3', storyId: '1', title: 'T', author: null, chapterIndex: 2, chapterCount: 4, chapterTitle: null,
    chapterId: 'c2', url: 'https://archiveofourown.org/works/1/chapters/c2', storyUrl: 'https://archiveofourown.org/works/1',
    prevUrl: null, nextUrl: null, summary: null, ...over,
  } as Chapter;
}

const story = (over: Partial<StoryRecord> = {}) =>
  ({ key: 'ao3:1', followed: true, toc: ['c1', 'c2', 'c3', 'c4'].map(entry), ...over }) as StoryRecord;

describe('storyState', () => {
  it("uses the page's chapter list when it has one", () => {
    const pageToc = ['c1', 'c2', 'c3'].map(entry);
    const s = storyState(chapter({ toc: pageToc }), story(), []);
    expect(s.toc).toBe(pageToc);
  });

  it("falls back to the library's list when the page has none or an empty one", () => {
    expect(storyState(chapter({ toc: undefined }), story(), []).toc.map((e) => e.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(storyState(chapter({ toc: [] }), story(), []).toc.map((e) => e.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(storyState(chapter({ toc: [] }), null, []).toc).toEqual([]);
  });

  it('counts the open chapter as read, with the chapters the library knows', () => {
    const s = storyState(chapter({ chapterId: 'c2' }), story(), [{ chapterId: 'c1' }]);
    expect([...s.read].sort()).toEqual(['c1', 'c2']);
  });

  it('stops at the furthest chapter of the list that was read, not the last one opened', () => {
    const s = storyState(chapter({ chapterId: 'c1' }), story(), [{ chapterId: 'c3' }, { chapterId: 'c2' }]);
    expect(s.stoppedAt).toBe('c3');
  });

  it('ignores read chapters the list does not hold; no list, no place', () => {
    expect(storyState(chapter({ chapterId: 'zz' }), story(), [{ chapterId: 'gone' }]).stoppedAt).toBeNull();
    expect(storyState(chapter({ toc: [] }), null, [{ chapterId: 'c1' }]).stoppedAt).toBeNull();
  });

  it("knows whether the story is followed only once the library answered", () => {
    expect(storyState(chapter(), story({ followed: true }), []).followed).toBe(true);
    expect(storyState(chapter(), story({ followed: false }), []).followed).toBe(false);
    expect(storyState(chapter(), null, []).followed).toBeNull();
  });
});

describe('pageState', () => {
  it("is the page's own list, the open chapter read, following unknown", () => {
    const s = pageState(chapter({ chapterId: 'c2', toc: ['c1', 'c2', 'c3'].map(entry) }));
    expect(s.followed).toBeNull();
    expect([...s.read]).toEqual(['c2']);
    expect(s.stoppedAt).toBe('c2');
    expect(s.toc.map((e) => e.id)).toEqual(['c1', 'c2', 'c3']);
  });
});
