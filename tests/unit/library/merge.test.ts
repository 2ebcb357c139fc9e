/**
 * The one merge of story and chapter records (lib/library/merge.ts): per-register last writer
 * wins, hostile clocks from the future, equal clocks decided the same way whatever the order.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS } from '../../../lib/library/clock';
import {
  compareRegisters,
  mergeChapterRecords,
  mergeStoryRecords,
  newer,
  newerPosition,
  removalWins,
} from '../../../lib/library/merge';
import { mergeEntries } from '../../../lib/sync/merge';
import type { ChapterRecord, StoryRecord } from '../../../lib/library/types';
import type { SyncEntry, SyncStory } from '../../../lib/sync/types';

const NOW = 1_765_000_000_000;
const FUTURE = NOW + 100 * 365 * 24 * 3600_000; // a clock in 2125
const W = 'https://archiveofourown.org/works/1';

const story = (over: Partial<StoryRecord> = {}): StoryRecord => ({
  key: 'ao3:1',
  site: 'ao3',
  storyId: '1',
  title: 'Title',
  author: 'someone',
  summary: null,
  url: W,
  chapterCount: 3,
  words: 1000,
  status: 'in-progress',
  tags: ['a'],
  followed: false,
  readingStatus: null,
  addedAt: NOW - 10_000,
  lastReadAt: NOW - 5000,
  lastChapterId: 'c1',
  lastChapterIndex: 0,
  lastChapterUrl: `${W}/chapters/c1`,
  lastChapterTitle: 'One',
  toc: [{ id: 'c1', title: 'One', url: `${W}/chapters/c1` }],
  unread: 0,
  newCount: 0,
  siteUpdatedAt: null,
  lastCheckedAt: NOW - 8000,
  checkState: 'ok',
  newChaptersAt: null,
  ...over,
});

const chapter = (over: Partial<ChapterRecord> = {}): ChapterRecord => ({
  key: 'ao3:1#c1',
  storyKey: 'ao3:1',
  chapterId: 'c1',
  index: 0,
  title: 'One',
  url: `${W}/chapters/c1`,
  firstReadAt: NOW - 9000,
  lastReadAt: NOW - 5000,
  position: { blockIndex: 3, offsetRatio: 0.5, updatedAt: NOW - 5000 },
  ...over,
});

/** merge(a, b) and merge(b, a) give the same record. */
function commutes<T>(merge: (a: T, b: T, now: number) => T, a: T, b: T): T {
  const ab = merge(a, b, NOW);
  expect(merge(b, a, NOW)).toEqual(ab);
  return ab;
}

describe('registers', () => {
  it('the later clock wins, then the tie keys in order, and equal registers keep the first side', () => {
    expect(compareRegisters(2, () => [0], 1, () => [9])).toBe(-1);
    expect(compareRegisters(1, () => [0, 'a'], 1, () => [0, 'b'])).toBe(1);
    expect(compareRegisters(1, () => [5, 'a'], 1, () => [5, 'a'])).toBe(0);
    const a = { t: 1, v: 'x' };
    const b = { t: 1, v: 'x' };
    expect(newer(a, b, (r) => r.t, (r) => [r.v])).toBe(a);
  });

  it('computes the tie keys only when the clocks are equal', () => {
    let computed = 0;
    const tie = () => (computed++, [1]);
    newer({ t: 1 }, { t: 2 }, (r) => r.t, tie);
    expect(computed).toBe(0);
  });

  it('a removal wins only over records whose latest change is not after it', () => {
    expect(removalWins(100, 100)).toBe(true);
    expect(removalWins(101, 100)).toBe(false);
  });
});

describe('chapters', () => {
  it('keeps the newer position and the whole span of reading, whatever the order', () => {
    const here = chapter({ firstReadAt: NOW - 9000, lastReadAt: NOW - 2000, position: { blockIndex: 9, offsetRatio: 0.1, updatedAt: NOW - 2000 } });
    const file = chapter({ firstReadAt: NOW - 20_000, lastReadAt: NOW - 3000, title: null, position: { blockIndex: 30, offsetRatio: 0.5, updatedAt: NOW - 3000 } });
    const merged = commutes(mergeChapterRecords, here, file);
    expect(merged).toMatchObject({ firstReadAt: NOW - 20_000, lastReadAt: NOW - 2000, title: 'One' });
    expect(merged.position).toEqual(here.position);
  });

  it('equal clocks: the position further along wins, in either order', () => {
    const a = { blockIndex: 4, offsetRatio: 0.2, updatedAt: NOW };
    const b = { blockIndex: 4, offsetRatio: 0.7, updatedAt: NOW };
    expect(newerPosition(a, b, NOW)).toBe(b);
    expect(newerPosition(b, a, NOW)).toBe(b);
    expect(newerPosition(null, a, NOW)).toBe(a);
    const merged = commutes(mergeChapterRecords, chapter({ position: a }), chapter({ position: b, title: 'Other' }));
    expect(merged.position).toEqual(b);
  });

  it('a stored clock from the future loses to a real save, and its time does not survive the merge', () => {
    const hostile = chapter({ lastReadAt: FUTURE, position: { blockIndex: 99, offsetRatio: 1, updatedAt: FUTURE } });
    const real = chapter({ lastReadAt: NOW - 1000, position: { blockIndex: 2, offsetRatio: 0, updatedAt: NOW - 1000 } });
    const merged = commutes(mergeChapterRecords, hostile, real);
    expect(merged.position).toEqual(real.position);
    expect(merged.lastReadAt).toBe(NOW - 1000);
  });

  it('a time within the allowed skew still counts', () => {
    const ahead = chapter({ position: { blockIndex: 1, offsetRatio: 0, updatedAt: NOW + MAX_CLOCK_SKEW_MS } });
    expect(mergeChapterRecords(chapter(), ahead, NOW).position).toEqual(ahead.position);
  });
});

describe('stories', () => {
  it('takes the reader side from the later visit and the checker side from the later check', () => {
    const here = story({ lastReadAt: NOW - 1000, lastChapterId: 'c2', lastChapterIndex: 1, followed: true, readingStatus: 'reading', lastCheckedAt: NOW - 9000 });
    const file = story({
      lastReadAt: NOW - 4000,
      title: 'Old title',
      lastCheckedAt: NOW - 500,
      chapterCount: 5,
      toc: [{ id: 'c1', title: 'One', url: `${W}/chapters/c1` }, { id: 'c2', title: null, url: `${W}/chapters/c2` }],
      newCount: 2,
      newChaptersAt: NOW - 500,
      addedAt: NOW - 50_000,
    });
    const merged = commutes(mergeStoryRecords, here, file);
    expect(merged).toMatchObject({
      title: 'Title',
      lastChapterId: 'c2',
      followed: true,
      readingStatus: 'reading',
      chapterCount: 5,
      lastCheckedAt: NOW - 500,
      newCount: 2,
      addedAt: NOW - 50_000,
    });
    expect(merged.toc).toHaveLength(2);
  });

  it('news found before the latest visit is not new any more', () => {
    const checked = story({ lastCheckedAt: NOW - 3000, newCount: 3, newChaptersAt: NOW - 3000, lastReadAt: NOW - 9000 });
    const visited = story({ lastCheckedAt: NOW - 9000, lastReadAt: NOW - 1000 });
    expect(commutes(mergeStoryRecords, checked, visited).newCount).toBe(0);
    expect(commutes(mergeStoryRecords, checked, story({ lastCheckedAt: NOW - 9000, lastReadAt: NOW - 9500 })).newCount).toBe(3);
  });

  it('equal clocks decide the same way in either order (followed wins, then the higher status, then the furthest chapter)', () => {
    const a = story({ followed: true, readingStatus: 'dropped', lastChapterIndex: 4, lastChapterId: 'c5' });
    const b = story({ followed: false, readingStatus: 'reading', lastChapterIndex: 2, lastChapterId: 'c3', title: 'B' });
    expect(commutes(mergeStoryRecords, a, b)).toMatchObject({ followed: true, readingStatus: 'reading', lastChapterId: 'c5' });
  });

  it('equal check clocks pick one chapter list in either order', () => {
    const a = story({ toc: [{ id: 'x', title: null, url: W }] });
    const b = story({ toc: [{ id: 'y', title: null, url: W }] });
    commutes(mergeStoryRecords, a, b);
  });

  it('is idempotent and associative on three versions of a story', () => {
    const a = story({ lastReadAt: NOW - 3000, followed: true, lastCheckedAt: NOW - 100, chapterCount: 9 });
    const b = story({ lastReadAt: NOW - 1000, readingStatus: 'on-hold', lastCheckedAt: NOW - 7000 });
    const c = story({ lastReadAt: NOW - 2000, lastChapterId: 'c9', lastCheckedAt: NOW - 50, newCount: 1, newChaptersAt: NOW - 50 });
    const m = (x: StoryRecord, y: StoryRecord) => mergeStoryRecords(x, y, NOW);
    expect(m(a, a)).toEqual(a);
    expect(m(m(a, b), c)).toEqual(m(a, m(b, c)));
    expect(m(m(a, b), c)).toEqual(m(m(c, a), b));
  });

  it('a record read "in 2125" does not keep the reader side against a real visit', () => {
    const hostile = story({ lastReadAt: FUTURE, followed: true, lastChapterId: 'c9', lastCheckedAt: FUTURE, chapterCount: 999 });
    const real = story({ lastReadAt: NOW - 1000, lastCheckedAt: NOW - 2000 });
    const merged = commutes(mergeStoryRecords, hostile, real);
    expect(merged).toMatchObject({ lastReadAt: NOW - 1000, followed: false, lastChapterId: 'c1', chapterCount: 3 });
  });

  it('leaves optional fields absent when the winning side never had them (a v1-era record)', () => {
    const legacy = story({ lastCheckedAt: undefined, toc: undefined, unread: undefined, newCount: undefined, checkState: undefined, newChaptersAt: undefined, siteUpdatedAt: undefined });
    for (const k of ['toc', 'unread', 'newCount', 'checkState', 'newChaptersAt', 'siteUpdatedAt', 'lastCheckedAt'] as const) delete legacy[k];
    const merged = mergeStoryRecords(legacy, legacy, NOW);
    expect(merged).toEqual(legacy);
    expect(Object.keys(merged)).not.toContain('toc');
  });
});

describe('sync entries use the same rules', () => {
  const synced = (over: Partial<SyncStory> = {}): SyncStory => ({
    key: 'ao3:1',
    site: 'ao3',
    storyId: '1',
    title: 'T',
    url: W,
    followed: false,
    followAt: 0,
    readingStatus: null,
    statusAt: 0,
    readAt: 1000,
    chapterId: 'c1',
    chapterIndex: 0,
    chapterUrl: null,
    position: null,
    corrections: {},
    ...over,
  });
  const s = (over: Partial<SyncStory> = {}): SyncEntry => ({ kind: 'story', story: synced(over) });
  const gone = (removedAt: number): SyncEntry => ({ kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt } });

  it('a removal stays over older records and loses to a later change, in either order', () => {
    for (const [a, b] of [[s({ readAt: 1000 }), gone(2000)], [gone(2000), s({ readAt: 1000 })]])
      expect(mergeEntries(a, b)?.kind).toBe('tombstone');
    for (const [a, b] of [[s({ followAt: 3000, followed: true }), gone(2000)], [gone(2000), s({ followAt: 3000, followed: true })]])
      expect(mergeEntries(a, b)).toMatchObject({ kind: 'story', story: { followed: true } });
  });

  it('equal clocks: followed and the furthest place win in either order', () => {
    const a = s({ followAt: 5, followed: true, readAt: 9, chapterIndex: 1 });
    const b = s({ followAt: 5, followed: false, readAt: 9, chapterIndex: 4, chapterId: 'c5' });
    expect(mergeEntries(a, b)).toEqual(mergeEntries(b, a));
    expect(mergeEntries(a, b)).toMatchObject({ story: { followed: true, chapterId: 'c5' } });
  });
});
