import { describe, expect, it } from 'vitest';
import type { LibraryDB } from '../../../lib/library/schema';
import type { ChapterRecord, StoryRecord } from '../../../lib/library/types';
import { itemBytes } from '../../../lib/sync/codec';
import { syncStatus } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { DEFAULT_BUDGET, SYNC_QUOTA } from '../../../lib/sync/types';
import { device, T0 } from './helpers';
import { rowOf } from '../../../lib/library/chapter-sets';

const TITLES = [
  'The Long Way Home',
  'Harry Potter and the Methods of Rationality',
  'Of Ashes and Starlight: A Tale of the Second Age',
  'Worm',
  'A Practical Guide to Evil',
  'Time Braid',
  'The Last Summer Before Everything Changed (Again)',
  'Mother of Learning',
  'Sekai no Owari — 世界の終わり',
  'Nobody Dies',
  'All the Young Dudes',
  'Paper Towns & Other Lies We Tell Ourselves',
  'Shaman King: Reborn in the Frost',
  'Où vont les étoiles filantes',
  'Cradle of Ice and Fire',
  'Seventh Horcrux',
];

const slug = (t: string) =>
  t
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

/** A realistic followed story: AO3, FanFiction.net or Royal Road URLs, a status, a position. */
function realistic(i: number, readAt: number): { story: StoryRecord; chapter: ChapterRecord } {
  const title = TITLES[i % TITLES.length] + (i >= TITLES.length ? ` ${i}` : '');
  const n = 1 + ((i * 7) % 60);
  let site: string, storyId: string, url: string, chapterId: string, chapterUrl: string;
  if (i % 3 === 0) {
    site = 'ao3';
    storyId = String(20_000_000 + i * 3_517);
    url = `https://archiveofourown.org/works/${storyId}`;
    chapterId = String(110_000_000 + i * 977 + n);
    chapterUrl = `${url}/chapters/${chapterId}`;
  } else if (i % 3 === 1) {
    site = 'ffnet';
    storyId = String(13_000_000 + i * 211);
    url = `https://www.fanfiction.net/s/${storyId}/1/${slug(title)}`;
    chapterId = String(n);
    chapterUrl = `https://www.fanfiction.net/s/${storyId}/${n}/${slug(title)}`;
  } else {
    site = 'royalroad';
    storyId = String(40_000 + i);
    url = `https://www.royalroad.com/fiction/${storyId}/${slug(title).toLowerCase()}`;
    chapterId = String(1_500_000 + i * 31 + n);
    chapterUrl = `${url}/chapter/${chapterId}/chapter-${n}`;
  }
  const key = `${site}:${storyId}`;
  const story: StoryRecord = {
    key,
    site,
    storyId,
    title,
    author: 'An Author',
    summary: 'A summary that is not synced.',
    url,
    chapterCount: 60,
    words: 250_000,
    status: 'in-progress',
    tags: ['Angst', 'Slow Burn'],
    followed: true,
    readingStatus: 'reading',
    addedAt: readAt - 1000,
    lastReadAt: readAt,
    lastChapterId: chapterId,
    lastChapterIndex: n - 1,
    lastChapterUrl: chapterUrl,
    lastChapterTitle: `Chapter ${n}`,
  };
  const chapter: ChapterRecord = {
    key: `${key}#${chapterId}`,
    storyKey: key,
    chapterId,
    index: n - 1,
    title: `Chapter ${n}`,
    url: chapterUrl,
    firstReadAt: readAt,
    lastReadAt: readAt,
    position: { blockIndex: 37 + (i % 200), offsetRatio: 0.3127 + (i % 7) / 100, updatedAt: readAt + 500 },
  };
  return { story, chapter };
}

async function fill(db: LibraryDB, count: number, start: number) {
  const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const { story, chapter } = realistic(i, start + i * 60_000);
    keys.push(story.key);
    void tx.objectStore('stories').put(story);
    void tx.objectStore('chapterSets').put({ storyKey: story.key, rows: [rowOf(chapter)] });
  }
  await tx.done;
  return keys; // oldest first
}

describe('quota', () => {
  it('measures how many followed stories fit, and keeps the most recently read when the library outgrows it', async () => {
    const backend = createMemorySyncBackend(); // enforces Chrome's real quotas
    const a = await device(backend, 'A');
    const total = 1200;
    const keys = await fill(a.db, total, T0);
    await a.local.set({ readerSettings: { fontSize: 21 } });
    const { push } = await a.sync(T0 + total * 60_000);

    const snapshot = backend.snapshot();
    const storyItems = Object.keys(snapshot).filter((k) => k.startsWith('s:'));
    const used = backend.bytesInUse();
    const storyBytes = storyItems.reduce((n, k) => n + itemBytes(k, snapshot[k]), 0);
    const perStory = storyBytes / storyItems.length;
    // The numbers for the report (printed so they can be read off a test run).
    console.log(
      `[sync quota] ${storyItems.length} of ${total} followed stories synced; ` +
        `${used} bytes used of ${SYNC_QUOTA.QUOTA_BYTES}; ${Object.keys(snapshot).length} items; ` +
        `${perStory.toFixed(1)} bytes per story on average; by bytes alone ` +
        `${Math.floor((DEFAULT_BUDGET.bytes - (used - storyBytes)) / perStory)} would fit the budget`,
    );

    expect(push.overflow).toBe(true);
    expect(push.storiesTotal).toBe(total);
    expect(push.storiesSynced).toBe(storyItems.length);
    expect(used).toBeLessThanOrEqual(DEFAULT_BUDGET.bytes);
    expect(Object.keys(snapshot).length).toBeLessThanOrEqual(DEFAULT_BUDGET.items);
    expect(perStory).toBeLessThan(200);
    expect(storyItems.length).toBeGreaterThanOrEqual(450);
    // Exactly the most recently read ones.
    const newest = keys.slice(-storyItems.length).map((k) => `s:${k}`);
    expect(storyItems.sort()).toEqual(newest.sort());

    const status = await syncStatus(a.db, a.area, a.local, T0 + total * 60_000 + 1);
    expect(status).toMatchObject({
      enabled: true,
      storiesSynced: storyItems.length,
      storiesTotal: total,
      overflow: true,
      bytesUsed: used,
    });

    // Another device gets the synced part. Then A reads an old story again: it becomes the most
    // recent, is synced, and the oldest synced one drops out of sync storage but not out of B's library.
    const b = await device(backend, 'B');
    await b.sync(T0 + total * 60_000 + 2);
    expect((await b.db.getAllKeys('stories')).length).toBe(storyItems.length);
    // Re-read three old stories (more than the free room left).
    const reread = keys.slice(0, 3);
    const tx = a.db.transaction('stories', 'readwrite');
    for (const [i, k] of reread.entries()) {
      const s = (await tx.store.get(k)) as StoryRecord;
      await tx.store.put({ ...s, lastReadAt: T0 + total * 60_000 + (10 + i) * 1000 });
    }
    await tx.done;
    const res = await a.sync(T0 + total * 60_000 + 20_000);
    const after = backend.snapshot();
    const afterItems = Object.keys(after).filter((k) => k.startsWith('s:'));
    for (const k of reread) expect(after[`s:${k}`]).toBeDefined();
    const dropped = storyItems.filter((k) => !(k in after));
    expect(dropped.length).toBeGreaterThan(0);
    expect(res.push.removed.sort()).toEqual(dropped.sort());
    // Still exactly the most recently read: the re-read ones, then the newest of the rest.
    const order = [...reread.slice().reverse(), ...keys.slice(3).reverse()].map((k) => `s:${k}`);
    expect(afterItems.sort()).toEqual(order.slice(0, afterItems.length).sort());
    expect(backend.bytesInUse()).toBeLessThanOrEqual(DEFAULT_BUDGET.bytes);
    await b.sync(T0 + total * 60_000 + 30_000);
    for (const k of dropped) expect(await b.db.get('stories', k.slice(2))).toBeDefined();
    for (const k of reread) expect(await b.db.get('stories', k)).toBeDefined();
  }, 30_000); // 1,200 stories through fake-indexeddb: seconds on a busy machine, never a timing check

  it('fits everything with room to spare for a library under the quota, and says there is no overflow', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await fill(a.db, 100, T0);
    const { push } = await a.sync(T0 + 100 * 60_000);
    expect(push).toMatchObject({ overflow: false, storiesSynced: 100, storiesTotal: 100 });
    const status = await syncStatus(a.db, a.area, a.local, T0 + 100 * 60_000);
    expect(status.overflow).toBe(false);
    expect(status.bytesUsed).toBeGreaterThan(100 * 100);
  });

  it('a story with a huge set of corrections is trimmed to fit one item, keeping the newest', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await fill(a.db, 1, T0);
    const [key] = await a.db.getAllKeys('stories');
    for (let i = 0; i < 400; i++) await a.correct(T0 + i, String(key), `fp${i}.abcdefg`, 'note');
    // corrections are stamped by the first sync; spread them over time in batches
    await a.sync(T0 + 1000);
    await a.correct(T0 + 2000, String(key), 'newest.fp', 'story');
    await a.sync(T0 + 2000);
    const item = backend.snapshot()[`s:${key}`] as unknown[];
    expect(itemBytes(`s:${key}`, item)).toBeLessThanOrEqual(DEFAULT_BUDGET.itemBytes);
    expect((item[11] as Record<string, unknown>)['newest.fp']).toBeDefined();
  });
});
