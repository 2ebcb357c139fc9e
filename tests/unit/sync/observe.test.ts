/** lib/sync/observe.ts: how sync sees a story (its shadow) and the two ways of reading the library. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { recordVisit, setFollowed } from '../../../lib/library/store';
import type { StoryRecord } from '../../../lib/library/types';
import { entryOfShadow, observeStory, readLibrary, readStories, TOMBSTONE_TTL, type Shadow } from '../../../lib/sync/observe';
import { tierOf } from '../../../lib/sync/plan';
import { ao3, freshName, T0, visit } from './helpers';

const story = (over: Partial<StoryRecord> = {}): StoryRecord => ({
  key: 'ao3:1',
  site: 'ao3',
  storyId: '1',
  title: 'One',
  author: null,
  summary: null,
  url: 'https://archiveofourown.org/works/1',
  chapterCount: null,
  words: null,
  status: null,
  tags: [],
  followed: true,
  readingStatus: null,
  addedAt: T0,
  lastReadAt: T0,
  lastChapterId: null,
  lastChapterIndex: null,
  lastChapterUrl: null,
  lastChapterTitle: null,
  ...over,
});

describe('observeStory', () => {
  it('dates a follow from before sync by the last visit on the first run, and a later change by now', () => {
    const now = T0 + 100_000;
    const first = observeStory('ao3:1', story(), undefined, undefined, undefined, now, true);
    expect(first.write).toBe('put');
    expect(first.item?.shadow).toMatchObject({ f: true, fa: T0, r: T0 });
    const same = observeStory('ao3:1', story(), undefined, undefined, first.item!.shadow, now, false);
    expect(same.write).toBeNull();
    const unfollowed = observeStory('ao3:1', story({ followed: false }), undefined, undefined, first.item!.shadow, now, false);
    expect(unfollowed.item?.shadow).toMatchObject({ f: false, fa: now });
  });

  it('a story gone from the library is a removal until the tombstone expires', () => {
    const old: Shadow = { f: true, fa: T0, s: null, sa: 0, c: {} };
    const gone = observeStory('ao3:1', undefined, undefined, undefined, old, T0 + 1000, false);
    expect(gone.item?.entry).toEqual({ kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt: T0 + 1000 } });
    const expired = observeStory('ao3:1', undefined, undefined, undefined, gone.item!.shadow, T0 + 2000 + TOMBSTONE_TTL, false);
    expect(expired).toEqual({ item: null, write: 'delete' });
  });

  it('a shadow tells whether the story qualified for sync when it was stored', () => {
    expect(entryOfShadow('ao3:1', undefined)).toBeNull();
    const followed = entryOfShadow('ao3:1', { f: true, fa: T0, s: null, sa: 0, c: {}, r: T0 });
    expect(tierOf(followed!, T0 + 1000)).toBe(0);
    const readLongAgo = entryOfShadow('ao3:1', { f: false, fa: 0, s: null, sa: 0, c: {}, r: T0 });
    expect(tierOf(readLongAgo!, T0 + 400 * 86_400_000)).toBe(-1);
  });
});

describe('reading the library', () => {
  it('readLibrary observes every story; readStories only the keys asked for', async () => {
    const db = await openLibrary(freshName('observe'));
    for (const id of ['1', '2', '3']) await recordVisit(db, visit(ao3(id, 1)), T0);
    await setFollowed(db, 'ao3:2', true);
    const all = await readLibrary(db, T0 + 1000);
    expect([...all.observed.keys()].sort()).toEqual(['ao3:1', 'ao3:2', 'ao3:3']);
    expect(all.firstRun).toBe(true);
    const some = await readStories(db, ['ao3:2', 'ao3:9'], T0 + 1000);
    expect([...some.observed.keys()]).toEqual(['ao3:2', 'ao3:9']);
    expect(some.observed.get('ao3:2')?.item?.entry).toMatchObject({ kind: 'story', story: { followed: true } });
    expect(some.observed.get('ao3:9')).toEqual({ item: null, write: null });
    expect(some.before?.get('ao3:2')).toBeUndefined(); // no shadow stored yet
    db.close();
  });
});
