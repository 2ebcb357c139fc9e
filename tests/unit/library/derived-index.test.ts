/**
 * The derived indexes (lib/library/derived.ts): after every kind of write, `news` holds exactly the
 * followed stories with new chapters (newCount; the badge count is their sum, the popup's short read picks
 * what the whole list would) and `due` exactly the followed stories not waiting for a visit, by
 * last check.
 */
import { describe, expect, it } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import {
  applyUpdate,
  deleteStory,
  listDue,
  listForPopup,
  listStories,
  markChecked,
  recordVisit,
  setFollowed,
  setReadingStatus,
  newTotal,
} from '../../../lib/library/store';
import { exportLibraryJson, importBackup } from '../../../lib/library/backup';
import { checkKeyOf, newsKeyOf, withIndexKeys, withoutIndexKeys } from '../../../lib/library/derived';
import type { StoryRecord } from '../../../lib/library/types';
import { continueStories } from '../../../lib/popup/format';
import { syncOnce } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { freshName, visit } from './helpers';
import { memoryLocal } from '../sync/helpers';

const inNews = (s: StoryRecord) => s.followed && (s.newCount ?? 0) > 0 && Boolean(s.lastChapterUrl || s.url);

/** The index and the badge agree with a scan of the whole library. */
async function expectConsistent(db: LibraryDB): Promise<string[]> {
  const all = await listStories(db);
  const expected = all.filter(inNews).map((s) => s.key).sort();
  const indexed = (await db.getAllKeysFromIndex('stories', 'news')).map(String).sort();
  expect(indexed).toEqual(expected);
  const due = all.filter((s) => s.followed && s.checkState !== 'visit');
  expect((await listDue(db, Number.MAX_SAFE_INTEGER)).map((s) => s.key)).toEqual(
    due.sort((a, b) => (a.lastCheckedAt ?? 0) - (b.lastCheckedAt ?? 0) || (a.key < b.key ? -1 : 1)).map((s) => s.key),
  );
  expect(await newTotal(db)).toBe(all.filter(inNews).reduce((n, s) => n + (s.newCount ?? 0), 0));
  for (const s of all) {
    expect(s).not.toHaveProperty('newsKey');
    expect(s).not.toHaveProperty('checkKey');
  }
  return indexed;
}

const toc = (id: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${id}-${i + 1}`, title: `Chapter ${i + 1}`, url: `https://archiveofourown.org/works/${id}/chapters/${id}-${i + 1}` }));

describe('news index', () => {
  it('follows every kind of write: visit, follow, status, update check, check state, delete', async () => {
    const db = await openLibrary(freshName('news'));
    const v = (id: string, ch: number) =>
      visit({ storyId: id, chapterId: `${id}-${ch}`, chapterIndex: ch, chapterCount: 5, url: `https://archiveofourown.org/works/${id}/chapters/${id}-${ch}` });
    await recordVisit(db, v('1', 1), 1000);
    await recordVisit(db, v('2', 5), 1100);
    expect(await expectConsistent(db)).toEqual([]);

    await setFollowed(db, 'ao3:1', true); // 4 unread, none new
    await setFollowed(db, 'ao3:2', true); // read to the end
    expect(await expectConsistent(db)).toEqual([]);
    // A check finds a sixth chapter of story 1: new.
    await applyUpdate(db, 'ao3:1', { toc: toc('1', 6), chapterCount: 6, status: null }, 1500);
    expect(await expectConsistent(db)).toEqual(['ao3:1']);

    await setReadingStatus(db, 'ao3:1', 'reading');
    expect(await expectConsistent(db)).toEqual(['ao3:1']);

    // A check finds a sixth chapter of story 2.
    const found = await applyUpdate(db, 'ao3:2', { toc: toc('2', 6), chapterCount: 6, status: null }, 2000);
    expect(found.newChapters).toBeGreaterThan(0);
    expect(await expectConsistent(db)).toEqual(['ao3:1', 'ao3:2']);

    await markChecked(db, 'ao3:2', 'visit', 2100);
    expect(await expectConsistent(db)).toEqual(['ao3:1', 'ao3:2']);

    // Reading the new chapter clears it; unfollowing and deleting take the others out.
    await recordVisit(db, v('2', 6), 3000);
    expect(await expectConsistent(db)).toEqual(['ao3:1']);
    await setFollowed(db, 'ao3:1', false);
    expect(await expectConsistent(db)).toEqual([]);
    await setFollowed(db, 'ao3:1', true);
    await deleteStory(db, 'ao3:1');
    expect(await expectConsistent(db)).toEqual([]);
    db.close();
  });

  it('a backup carries no derived key, and an import (merge or replace) rebuilds the index', async () => {
    const src = await openLibrary(freshName('news-src'));
    await recordVisit(src, visit({ storyId: '7', chapterId: 'a', chapterIndex: 1, chapterCount: 3 }), 1000);
    await setFollowed(src, 'ao3:7', true);
    await applyUpdate(src, 'ao3:7', { toc: toc('7', 4), chapterCount: 4 }, 2000);
    const { json } = await exportLibraryJson(src, 5000);
    expect(json).not.toContain('newsKey');
    expect(json).not.toContain('checkKey');

    // A hostile file cannot plant a key: it is recomputed from the story's own fields.
    const file = JSON.parse(json);
    file.stories.push({ ...file.stories[0], key: 'ao3:8', storyId: '8', followed: false, newsKey: [9e12, 0, 99] });
    for (const mode of ['merge', 'replace'] as const) {
      const dst = await openLibrary(freshName(`news-${mode}`));
      const report = await importBackup(dst, JSON.stringify(file), mode);
      expect(report.ok).toBe(true);
      expect(await expectConsistent(dst)).toEqual(['ao3:7']);
      dst.close();
    }
    src.close();
  });

  it('a follow arriving through sync makes no news (chapters already posted are not new) and keeps the index right', async () => {
    const backend = createMemorySyncBackend();
    const a = await openLibrary(freshName('news-a'));
    const b = await openLibrary(freshName('news-b'));
    const T = 1_748_736_000_000;
    const v = visit({ storyId: '3', chapterId: '31', chapterIndex: 1, chapterCount: 4 });
    await recordVisit(a, v, T);
    await recordVisit(b, v, T);
    await syncOnce(a, backend.device('A'), T + 1000, { local: memoryLocal() });
    const localB = memoryLocal();
    await syncOnce(b, backend.device('B'), T + 2000, { local: localB });
    await setFollowed(a, 'ao3:3', true);
    await syncOnce(a, backend.device('A'), T + 10_000, { local: memoryLocal() });
    await syncOnce(b, backend.device('B'), T + 20_000, { local: localB });
    expect((await listStories(b))[0]).toMatchObject({ followed: true });
    expect(await expectConsistent(b)).toEqual([]);
    expect((await listDue(b, Number.MAX_SAFE_INTEGER)).map((x) => x.key)).toEqual(['ao3:3']);
    a.close();
    b.close();
  });

  it("the popup's short read picks what the whole list would, on a large mixed library", async () => {
    const db = await openLibrary(freshName('news-popup'));
    // A deterministic mix: followed or not, unread or not, new chapters found at various times, ties included.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tx = db.transaction('stories', 'readwrite');
    for (let i = 0; i < 400; i++) {
      const s: StoryRecord = {
        key: `ao3:${i}`, site: 'ao3', storyId: String(i), title: `S${i}`, author: null, summary: null,
        url: rnd() < 0.05 ? '' : `https://archiveofourown.org/works/${i}`, chapterCount: 5, words: null, status: null, tags: [],
        followed: rnd() < 0.4, readingStatus: null, addedAt: 0, lastReadAt: Math.floor(rnd() * 50),
        lastChapterId: null, lastChapterIndex: null, lastChapterUrl: null, lastChapterTitle: null,
        unread: rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * 4), newCount: rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * 3), newChaptersAt: rnd() < 0.3 ? null : Math.floor(rnd() * 20),
      };
      void tx.store.put(withIndexKeys(s));
    }
    await tx.done;
    await expectConsistent(db);
    const full = await listStories(db);
    for (const n of [1, 3, 5, 20]) {
      const short = await listForPopup(db, n);
      expect(short.length).toBeLessThanOrEqual(2 * n);
      expect(continueStories(short, n).map((s) => s.key)).toEqual(continueStories(full, n).map((s) => s.key));
    }
    db.close();
  });

  it('the key exists exactly when the story belongs in the list, and is never taken from input', () => {
    const base = { followed: true, unread: 7, newCount: 2, url: 'https://x.org/1', lastChapterUrl: null, lastReadAt: 5, newChaptersAt: 9 } as StoryRecord;
    expect(newsKeyOf(base)).toEqual([9, 5, 2]);
    expect(newsKeyOf({ ...base, newChaptersAt: null })).toEqual([0, 5, 2]);
    expect(newsKeyOf({ ...base, followed: false })).toBeUndefined();
    expect(newsKeyOf({ ...base, newCount: 0 })).toBeUndefined();
    expect(newsKeyOf({ ...base, newCount: undefined })).toBeUndefined();
    // Unread chapters alone are no news.
    expect(newsKeyOf({ ...base, newCount: 0, unread: 40 })).toBeUndefined();
    expect(newsKeyOf({ ...base, url: '' })).toBeUndefined();
    expect(checkKeyOf(base)).toBe(0);
    expect(checkKeyOf({ ...base, lastCheckedAt: 77 })).toBe(77);
    expect(checkKeyOf({ ...base, checkState: 'visit' })).toBeUndefined();
    expect(checkKeyOf({ ...base, followed: false })).toBeUndefined();
    const planted = { ...base, followed: false, newsKey: [1, 1, 1], checkKey: 1 } as StoryRecord;
    expect(withIndexKeys(planted)).not.toHaveProperty('newsKey');
    expect(withIndexKeys(planted)).not.toHaveProperty('checkKey');
    expect(withoutIndexKeys(withIndexKeys(base))).toEqual(base);
  });
});
