import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addStories, readMarks, recordFromRef } from '../../../lib/library/list-marks';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getStory, listStories, recordVisit, setFollowed, setReadingStatus } from '../../../lib/library/store';
import type { StoryRef } from '../../../lib/sites/story-list';
import { freshName, visit } from './helpers';
import { onLibraryChange, type LibraryChange } from '../../../lib/library/changes';

let db: LibraryDB;
beforeEach(async () => {
  db = await openLibrary(freshName('marks'));
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const ref = (storyId: string, over: Partial<StoryRef> = {}): StoryRef => ({
  site: 'ao3',
  storyId,
  title: `Work ${storyId}`,
  author: 'someone',
  url: `https://archiveofourown.org/works/${storyId}`,
  fandoms: ['Fandom'],
  tags: ['Fluff'],
  language: 'English',
  crossover: false,
  words: 1000,
  chapters: 3,
  chapterTotal: 5,
  complete: false,
  updated: 1_700_000_000_000,
  ...over,
});

describe('readMarks', () => {
  it('gives the marks of the asked stories that are in the library, and of no other', async () => {
    await recordVisit(db, visit({ storyId: '10', chapterId: 'c3', chapterIndex: 3, chapterCount: 12 }), 1000);
    await recordVisit(db, visit({ storyId: '30', chapterId: 'c1', chapterIndex: 1 }), 1000);
    await recordVisit(db, visit({ storyId: '50' }), 1000);
    await setReadingStatus(db, 'ao3:30', 'dropped');
    await setFollowed(db, 'ao3:10', true);
    const marks = await readMarks(db, ['ao3:30', 'ao3:10', 'ao3:20', 'ao3:10', 'ffnet:10', '']);
    expect(marks).toEqual([
      { key: 'ao3:10', followed: true, readingStatus: null, readTo: 3, chapterCount: 12, newCount: 0, unread: 9 },
      expect.objectContaining({ key: 'ao3:30', readingStatus: 'dropped', readTo: 1 }),
    ]);
    expect(await readMarks(db, [])).toEqual([]);
    expect(await readMarks(db, ['ao3:50'])).toEqual([expect.objectContaining({ key: 'ao3:50' })]);
  });

  it('reads in one cursor, never one request per story', async () => {
    for (let i = 0; i < 60; i++) await addStories(db, [ref(String(1000 + i))], false, 5);
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const cursor = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    const keys = Array.from({ length: 20 }, (_, i) => `ao3:${1000 + i * 3}`);
    const marks = await readMarks(db, keys);
    expect(marks.map((m) => m.key)).toEqual([...keys].sort());
    expect(get).not.toHaveBeenCalled();
    expect(getAll).not.toHaveBeenCalled();
    expect(cursor).toHaveBeenCalledTimes(1);
  });
});

describe('addStories', () => {
  it('adds new stories with the list metadata, never read, and keeps what the reader did with the others', async () => {
    await recordVisit(db, visit({ storyId: '7', chapterId: 'c2', chapterIndex: 2 }), 1000);
    await setReadingStatus(db, 'ao3:7', 'completed');
    const r = await addStories(db, [ref('7', { title: 'Other title' }), ref('8'), ref('8'), ref('9', { complete: true, chapterTotal: 3 })], true, 2000);
    expect(r).toEqual({ added: 2, kept: 1 });
    const seven = (await getStory(db, 'ao3:7')).story!;
    expect(seven).toMatchObject({ title: 'A Story', readingStatus: 'completed', lastChapterIndex: 2, followed: true });
    const eight = (await getStory(db, 'ao3:8')).story!;
    expect(eight).toMatchObject({
      key: 'ao3:8',
      title: 'Work 8',
      followed: true,
      addedAt: 2000,
      lastReadAt: 0,
      chapterCount: 5,
      status: 'in-progress',
      tags: ['Fandom', 'Fluff'],
      siteUpdatedAt: 1_700_000_000_000,
    });
    expect((await getStory(db, 'ao3:9')).story).toMatchObject({ status: 'complete', chapterCount: 3 });
    expect((await listStories(db)).length).toBe(3);
  });

  it('announces the stories it added, so sync carries them (issue 22: sync reacts to store writes)', async () => {
    const heard: LibraryChange[] = [];
    const stop = onLibraryChange((c) => heard.push(c));
    await readMarks(db, ['ao3:1']);
    expect(heard).toEqual([]);
    await addStories(db, [ref('1')], true, 1);
    stop();
    expect(heard).toEqual(['import']);
  });

  it('adds unfollowed when not asked to follow, and leaves a followed story followed', async () => {
    await addStories(db, [ref('1')], true, 1);
    await addStories(db, [ref('1'), ref('2')], false, 2);
    expect((await getStory(db, 'ao3:1')).story!.followed).toBe(true);
    expect((await getStory(db, 'ao3:2')).story!.followed).toBe(false);
  });

  it('makes a record whose chapter count is unknown for a work in progress without a planned total', () => {
    expect(recordFromRef(ref('3', { chapterTotal: null }), false, 1)).toMatchObject({ chapterCount: null, status: 'in-progress' });
  });
});
