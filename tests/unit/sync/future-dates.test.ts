/**
 * Dates from the future (#20 point 3): a sync item, a backup or a page's clock years ahead must not
 * win every last-writer-wins merge for good; a later real action beats an impossible date.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS } from '../../../lib/library/clock';
import { exportLibraryJson, importBackup } from '../../../lib/library/backup';
import { getStory, recordVisit, savePosition, setFollowed } from '../../../lib/library/store';
import { decodeEntry, decodeSettings, encodeEntry, encodeSettings, encodeStory, itemKeyOf } from '../../../lib/sync/codec';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import type { SyncStory } from '../../../lib/sync/types';
import { ao3, device, T0 } from './helpers';
import { withChapter } from '../../../lib/library/chapter-sets';

const S = 1000;
/** 2100-01-01 */
const Y2100 = 4_102_444_800_000;

describe('times decoded from sync', () => {
  it('are brought back to now + the allowed skew, every one of them', () => {
    const story: SyncStory = {
      key: 'ao3:1', site: 'ao3', storyId: '1', title: 'T', url: 'https://archiveofourown.org/works/1',
      followed: true, followAt: Y2100, readingStatus: 'reading', statusAt: Y2100, readAt: Y2100,
      chapterId: '1001', chapterIndex: 0, chapterUrl: 'https://archiveofourown.org/works/1/chapters/1001',
      position: { b: 3, r: 0.5, t: Y2100 }, corrections: { fp: { label: 'note', at: Y2100 } },
    };
    const e = decodeEntry(itemKeyOf('ao3:1'), encodeStory(story), T0);
    const max = T0 + MAX_CLOCK_SKEW_MS;
    expect(e).toMatchObject({
      kind: 'story',
      story: { followAt: max, statusAt: max, readAt: max, position: { t: max }, corrections: { fp: { at: max } } },
    });
    const x = decodeEntry(itemKeyOf('ao3:1'), encodeEntry({ kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt: Y2100 } }), T0);
    expect(x).toEqual({ kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt: max } });
    expect(decodeSettings(encodeSettings({ at: Y2100, value: { theme: 'dark' } }), T0)).toEqual({ at: max, value: { theme: 'dark' } });
    // Real times pass untouched.
    expect(decodeEntry(itemKeyOf('ao3:1'), encodeStory({ ...story, readAt: T0 - 60 * S }), T0)).toMatchObject({ story: { readAt: T0 - 60 * S } });
  });
});

describe('a device whose clock was years ahead', () => {
  it('does not freeze the reader’s place: a later real visit wins, on every device', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 10 * S);
    await b.sync(T0 + 20 * S);
    // B's clock is in 2100 while it reads chapter 5.
    await b.visit(Y2100, ao3('1', 5));
    await b.position(Y2100, 'ao3:1', '1005', 40);
    await b.sync(Y2100 + S);
    await a.sync(T0 + 100 * S);
    // B's clock is fixed. Later, the reader goes back to chapter 2 on A, on purpose.
    const later = T0 + 100 * S + MAX_CLOCK_SKEW_MS + 60 * S;
    await a.visit(later, ao3('1', 2));
    await a.position(later + S, 'ao3:1', '1002', 7);
    await a.sync(later + 10 * S);
    await b.sync(later + 20 * S);
    await a.sync(later + 30 * S);
    for (const d of [a, b]) {
      const { story, chapters } = await d.story('ao3:1');
      expect(story, d.name).toMatchObject({ lastChapterId: '1002' });
      expect(chapters.find((c) => c.chapterId === '1002')?.position, d.name).toMatchObject({ blockIndex: 7 });
    }
  });

  it('a tombstone dated 2100 does not delete a story for good', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 10 * S);
    // Planted (or written by a clock in 2100): a removal dated 2100.
    await b.area.set({ [itemKeyOf('ao3:1')]: encodeEntry({ kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt: Y2100 } }) });
    await a.sync(T0 + 20 * S);
    // The reader opens the story again later: it is back, and stays back everywhere.
    const later = T0 + 20 * S + MAX_CLOCK_SKEW_MS + 60 * S;
    await a.visit(later, ao3('1', 3));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(later + 10 * S);
    await b.sync(later + 20 * S);
    await a.sync(later + 30 * S);
    expect((await a.story('ao3:1')).story).toMatchObject({ followed: true, lastChapterId: '1003' });
    expect((await b.story('ao3:1')).story).toMatchObject({ followed: true, lastChapterId: '1003' });
  });
});

describe('times saved or imported', () => {
  it('a page’s position dated far ahead is kept to now + skew, and the next real save wins', async () => {
    const d = await device(createMemorySyncBackend(), 'A');
    await recordVisit(d.db, { ...(await import('./helpers')).visit(ao3('1', 1)) }, T0);
    expect(await savePosition(d.db, 'ao3:1', '1001', { blockIndex: 9, offsetRatio: 0, updatedAt: Y2100 }, T0)).toBe(true);
    const stored = (await getStory(d.db, 'ao3:1')).chapters[0].position!;
    expect(stored.updatedAt).toBe(T0 + MAX_CLOCK_SKEW_MS);
    const later = T0 + MAX_CLOCK_SKEW_MS + S;
    expect(await savePosition(d.db, 'ao3:1', '1001', { blockIndex: 2, offsetRatio: 0, updatedAt: later }, later)).toBe(true);
    expect((await getStory(d.db, 'ao3:1')).chapters[0].position).toMatchObject({ blockIndex: 2 });
  });

  it('a stored date from the future (before these checks) loses to a real save and a real visit', async () => {
    const d = await device(createMemorySyncBackend(), 'A');
    const { visit } = await import('./helpers');
    await recordVisit(d.db, visit(ao3('1', 1)), Y2100);
    await d.db.put('chapterSets', withChapter(await d.db.get('chapterSets', 'ao3:1'), { ...(await getStory(d.db, 'ao3:1')).chapters[0], position: { blockIndex: 9, offsetRatio: 0, updatedAt: Y2100 } }));
    expect(await savePosition(d.db, 'ao3:1', '1001', { blockIndex: 2, offsetRatio: 0, updatedAt: T0 }, T0)).toBe(true);
    await recordVisit(d.db, visit(ao3('1', 4)), T0 + S);
    expect((await getStory(d.db, 'ao3:1')).story).toMatchObject({ lastChapterId: '1004', lastReadAt: T0 + S });
  });

  it('a backup dated 2100 is imported with its dates brought back to now + skew', async () => {
    const src = await device(createMemorySyncBackend(), 'S');
    const { visit } = await import('./helpers');
    await recordVisit(src.db, visit(ao3('1', 1)), T0);
    await savePosition(src.db, 'ao3:1', '1001', { blockIndex: 9, offsetRatio: 0, updatedAt: T0 }, T0);
    const file = JSON.parse((await exportLibraryJson(src.db, T0)).json);
    file.stories[0].lastReadAt = Y2100;
    file.stories[0].addedAt = Y2100;
    file.chapters[0].lastReadAt = Y2100;
    file.chapters[0].position.updatedAt = Y2100;
    const dst = await device(createMemorySyncBackend(), 'D');
    expect(await importBackup(dst.db, JSON.stringify(file), 'merge', T0)).toMatchObject({ ok: true, added: 1 });
    const { story, chapters } = await getStory(dst.db, 'ao3:1');
    const max = T0 + MAX_CLOCK_SKEW_MS;
    expect(story).toMatchObject({ lastReadAt: max, addedAt: max });
    expect(chapters[0]).toMatchObject({ lastReadAt: max, position: { updatedAt: max } });
  });
});
