/** lib/updates/badge.ts: the toolbar badge counts new chapters of followed stories. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BADGE_COLOR, badgeText, refreshBadge, type ActionLike } from '../../../lib/updates/badge';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { withIndexKeys } from '../../../lib/library/derived';
import type { StoryRecord } from '../../../lib/library/types';
import { freshName } from '../library/helpers';

describe('badgeText', () => {
  it('shows nothing for no news or nonsense counts', () => {
    for (const n of [0, -1, -Infinity, NaN, Infinity]) expect(badgeText(n), String(n)).toBe('');
  });

  it('shows the count, whole, capped at 999+', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(42.9)).toBe('42');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
  });
});

describe('refreshBadge', () => {
  let db: LibraryDB;
  const calls: string[] = [];
  const action: ActionLike = {
    setBadgeText: ({ text }) => void calls.push(`text:${text}`),
    setBadgeBackgroundColor: ({ color }) => void calls.push(`color:${color}`),
  };
  const story = (i: number, over: Partial<StoryRecord>): StoryRecord => ({
    key: `ao3:${i}`, site: 'ao3', storyId: String(i), title: `S${i}`, author: null, summary: null,
    url: `https://archiveofourown.org/works/${i}`, chapterCount: 9, words: null, status: null, tags: [],
    followed: false, readingStatus: null, addedAt: 1, lastReadAt: 2, lastChapterId: null, lastChapterIndex: null,
    lastChapterUrl: null, lastChapterTitle: null, toc: [], unread: 0, ...over,
  });

  beforeEach(async () => {
    calls.length = 0;
    db = await openLibrary(freshName('badge'));
  });
  afterEach(() => db.close());

  it('clears the badge of an empty library, in the muted colour', async () => {
    expect(await refreshBadge(db, action)).toBe(0);
    expect(calls).toEqual([`color:${BADGE_COLOR}`, 'text:']);
  });

  it('counts new chapters of followed stories only, never merely unread ones', async () => {
    const tx = db.transaction('stories', 'readwrite');
    void tx.store.put(withIndexKeys(story(1, { followed: true, newCount: 3, newChaptersAt: 10 })));
    void tx.store.put(withIndexKeys(story(2, { followed: true, newCount: 2, newChaptersAt: 11 })));
    void tx.store.put(withIndexKeys(story(3, { followed: false, newCount: 7, unread: 7 })));
    await tx.done;
    const shown = await refreshBadge(db, action);
    expect(shown).toBe(5);
    expect(calls).toEqual([`color:${BADGE_COLOR}`, 'text:5']);
  });
});
