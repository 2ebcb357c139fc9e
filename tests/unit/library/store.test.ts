import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import {
  deleteStory,
  getNoteMemory,
  getStory,
  isValidPosition,
  listStories,
  putNoteMemory,
  recordVisit,
  savePosition,
  setFollowed,
  setReadingStatus,
  updateNoteMemory,
} from '../../../lib/library/store';
import type { Position } from '../../../lib/library/types';
import { freshName, visit } from './helpers';

let db: LibraryDB;
beforeEach(async () => {
  db = await openLibrary(freshName('store'));
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const pos = (blockIndex: number, updatedAt: number, offsetRatio = 0.5): Position => ({
  blockIndex,
  offsetRatio,
  updatedAt,
});

describe('recordVisit', () => {
  it('adds a new story and chapter', async () => {
    const { story, position } = await recordVisit(db, visit(), 1000);
    expect(position).toBeNull();
    expect(story).toMatchObject({
      key: 'ao3:123',
      title: 'A Story',
      author: 'someone',
      url: 'https://archiveofourown.org/works/123',
      chapterCount: 10,
      words: 50000,
      status: 'in-progress',
      tags: ['Fluff'],
      followed: false,
      readingStatus: null,
      addedAt: 1000,
      lastReadAt: 1000,
      lastChapterId: 'c1',
      lastChapterIndex: 0,
      lastChapterTitle: 'Chapter 1',
      lastChapterUrl: 'https://archiveofourown.org/works/123/chapters/c1',
    });
    const saved = await getStory(db, 'ao3:123');
    expect(saved.story).toEqual(story);
    expect(saved.chapters).toEqual([
      {
        key: 'ao3:123#c1',
        storyKey: 'ao3:123',
        chapterId: 'c1',
        index: 0,
        title: 'Chapter 1',
        url: 'https://archiveofourown.org/works/123/chapters/c1',
        firstReadAt: 1000,
        lastReadAt: 1000,
        position: null,
      },
    ]);
  });

  it("keeps the reader's choices and updates the page's metadata", async () => {
    await recordVisit(db, visit(), 1000);
    await setFollowed(db, 'ao3:123', true);
    await setReadingStatus(db, 'ao3:123', 'on-hold');
    const { story } = await recordVisit(
      db,
      visit({
        title: 'Renamed',
        chapterCount: 11,
        words: 55000,
        status: 'complete',
        tags: ['Angst'],
        chapterId: 'c2',
        chapterIndex: 1,
        chapterTitle: 'Chapter 2',
        url: 'https://archiveofourown.org/works/123/chapters/c2',
      }),
      2000,
    );
    expect(story).toMatchObject({
      followed: true,
      readingStatus: 'on-hold',
      addedAt: 1000,
      title: 'Renamed',
      chapterCount: 11,
      words: 55000,
      status: 'complete',
      tags: ['Angst'],
      lastReadAt: 2000,
      lastChapterId: 'c2',
      lastChapterIndex: 1,
    });
    expect((await getStory(db, 'ao3:123')).story).toEqual(story);
  });

  it('keeps known metadata a chapter page does not show', async () => {
    await recordVisit(db, visit(), 1000);
    const { story } = await recordVisit(
      db,
      visit({ author: null, summary: null, chapterCount: null, words: undefined, status: undefined, tags: undefined }),
      2000,
    );
    expect(story).toMatchObject({
      author: 'someone',
      summary: 'A summary.',
      chapterCount: 10,
      words: 50000,
      status: 'in-progress',
      tags: ['Fluff'],
    });
  });

  it('keeps first read time and updates last read time of a chapter read again', async () => {
    await recordVisit(db, visit(), 1000);
    await recordVisit(db, visit(), 5000);
    const { chapters } = await getStory(db, 'ao3:123');
    expect(chapters[0]).toMatchObject({ firstReadAt: 1000, lastReadAt: 5000 });
  });

  it('returns the saved position of the chapter', async () => {
    await recordVisit(db, visit(), 1000);
    await savePosition(db, 'ao3:123', 'c1', pos(12, 1500, 0.3));
    const again = await recordVisit(db, visit(), 9000);
    expect(again.position).toEqual(pos(12, 1500, 0.3));
  });

  it('does not move the last chapter back for an older visit (two tabs)', async () => {
    await recordVisit(db, visit({ chapterId: 'c5', chapterIndex: 4 }), 5000);
    const { story } = await recordVisit(db, visit({ chapterId: 'c2', chapterIndex: 1, title: 'New title' }), 4000);
    expect(story).toMatchObject({ lastReadAt: 5000, lastChapterId: 'c5', lastChapterIndex: 4, title: 'New title' });
  });

  it('writes nothing when the transaction fails, and says why', async () => {
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'chapterSets') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    await expect(recordVisit(db, visit(), 1000)).rejects.toMatchObject({
      name: 'LibraryQuotaError',
      message: expect.stringMatching(/could not save this chapter to the library: .* storage .* is full/),
    });
    vi.restoreAllMocks();
    expect(await getStory(db, 'ao3:123')).toEqual({ story: null, chapters: [] });
  });
});

describe('savePosition', () => {
  beforeEach(async () => {
    await recordVisit(db, visit(), 1000);
  });
  const stored = async (chapterId = 'c1') =>
    (await getStory(db, 'ao3:123')).chapters.find((c) => c.chapterId === chapterId)?.position;

  it('saves a first position and a newer one', async () => {
    expect(await savePosition(db, 'ao3:123', 'c1', pos(3, 2000))).toBe(true);
    expect(await stored()).toEqual(pos(3, 2000));
    expect(await savePosition(db, 'ao3:123', 'c1', pos(9, 3000))).toBe(true);
    expect(await stored()).toEqual(pos(9, 3000));
  });

  it('ignores an older or equally old position', async () => {
    await savePosition(db, 'ao3:123', 'c1', pos(9, 3000));
    expect(await savePosition(db, 'ao3:123', 'c1', pos(2, 2999))).toBe(false);
    expect(await savePosition(db, 'ao3:123', 'c1', pos(2, 3000))).toBe(false);
    expect(await stored()).toEqual(pos(9, 3000));
  });

  it('ends with the latest position when two tabs write at once', async () => {
    const writes = [pos(1, 2001), pos(50, 2050), pos(7, 2007), pos(30, 2030), pos(49, 2049)];
    const results = await Promise.all(writes.map((p) => savePosition(db, 'ao3:123', 'c1', p)));
    expect(results[1]).toBe(true);
    expect(await stored()).toEqual(pos(50, 2050));
  });

  it('creates the chapter record when the story exists', async () => {
    expect(await savePosition(db, 'ao3:123', 'c9', pos(4, 2000))).toBe(true);
    const chapter = (await getStory(db, 'ao3:123')).chapters.find((c) => c.chapterId === 'c9');
    expect(chapter).toMatchObject({
      key: 'ao3:123#c9',
      storyKey: 'ao3:123',
      index: null,
      url: 'https://archiveofourown.org/works/123',
      firstReadAt: 2000,
      position: pos(4, 2000),
    });
  });

  it('does nothing for a story not in the library', async () => {
    expect(await savePosition(db, 'ao3:999', 'c1', pos(4, 2000))).toBe(false);
    expect(await getStory(db, 'ao3:999')).toEqual({ story: null, chapters: [] });
  });

  it('refuses malformed positions', async () => {
    for (const bad of [
      { blockIndex: -1, offsetRatio: 0, updatedAt: 1 },
      { blockIndex: 1.5, offsetRatio: 0, updatedAt: 1 },
      { blockIndex: 1, offsetRatio: 2, updatedAt: 1 },
      { blockIndex: 1, offsetRatio: 0, updatedAt: Number.NaN },
      { blockIndex: '1', offsetRatio: 0, updatedAt: 1 },
    ]) {
      expect(isValidPosition(bad)).toBe(false);
      expect(await savePosition(db, 'ao3:123', 'c1', bad as unknown as Position)).toBe(false);
    }
    expect(await stored()).toBeNull();
  });
});

describe('reading the library', () => {
  it('lists chapters in chapter order, unknown indexes last', async () => {
    await recordVisit(db, visit({ chapterId: 'c3', chapterIndex: 2 }), 1000);
    await recordVisit(db, visit({ chapterId: 'cx', chapterIndex: null }), 1100);
    await recordVisit(db, visit({ chapterId: 'c1', chapterIndex: 0 }), 1200);
    await recordVisit(db, visit({ chapterId: 'c2', chapterIndex: 1 }), 1300);
    const { chapters } = await getStory(db, 'ao3:123');
    expect(chapters.map((c) => c.chapterId)).toEqual(['c1', 'c2', 'c3', 'cx']);
  });

  it('lists stories most recently read first', async () => {
    await recordVisit(db, visit({ storyId: 'a' }), 1000);
    await recordVisit(db, visit({ storyId: 'b' }), 3000);
    await recordVisit(db, visit({ storyId: 'c', site: 'ffnet' }), 2000);
    await recordVisit(db, visit({ storyId: 'a' }), 4000);
    expect((await listStories(db)).map((s) => s.key)).toEqual(['ao3:a', 'ao3:b', 'ffnet:c']);
    await setFollowed(db, 'ao3:b', true);
    expect((await listStories(db, { followed: true })).map((s) => s.key)).toEqual(['ao3:b']);
  });

  it('follows and unfollows; a missing story gives null', async () => {
    await recordVisit(db, visit(), 1000);
    expect((await setFollowed(db, 'ao3:123', true))?.followed).toBe(true);
    expect((await getStory(db, 'ao3:123')).story?.followed).toBe(true);
    expect((await setFollowed(db, 'ao3:123', false))?.followed).toBe(false);
    expect(await setFollowed(db, 'ao3:nope', true)).toBeNull();
    expect(await listStories(db)).toHaveLength(1);
  });

  it('deletes a story with its chapters and note memory', async () => {
    await recordVisit(db, visit(), 1000);
    await recordVisit(db, visit({ chapterId: 'c2' }), 1000);
    await recordVisit(db, visit({ storyId: 'other' }), 1000);
    await updateNoteMemory(db, 'ao3:123', (m) => ({ ...m, noteFingerprints: ['f'] }), 1);
    await deleteStory(db, 'ao3:123');
    expect(await getStory(db, 'ao3:123')).toEqual({ story: null, chapters: [] });
    expect(await getNoteMemory(db, 'ao3:123')).toBeNull();
    expect((await getStory(db, 'ao3:other')).chapters).toHaveLength(1);
  });
});

describe('note memory', () => {
  it('is null until written, then read back', async () => {
    expect(await getNoteMemory(db, 'ao3:1')).toBeNull();
    const record = {
      storyKey: 'ao3:1',
      noteFingerprints: ['a'],
      corrections: { b: 'note' as const },
      edgeCounts: { a: 2 },
      updatedAt: 5,
    };
    await putNoteMemory(db, record);
    expect(await getNoteMemory(db, 'ao3:1')).toEqual(record);
  });

  it('updates counts without losing concurrent updates', async () => {
    const bump = (fp: string) =>
      updateNoteMemory(db, 'ao3:1', (m) => ({ ...m, edgeCounts: { ...m.edgeCounts, [fp]: (m.edgeCounts[fp] ?? 0) + 1 } }), 10);
    await Promise.all([bump('a'), bump('a'), bump('b'), bump('a')]);
    expect(await getNoteMemory(db, 'ao3:1')).toEqual({
      storyKey: 'ao3:1',
      noteFingerprints: [],
      corrections: {},
      edgeCounts: { a: 3, b: 1 },
      updatedAt: 10,
    });
  });
});
