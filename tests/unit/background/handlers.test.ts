import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkVisit, createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getStory } from '../../../lib/library/store';
import { freshName, visit } from '../library/helpers';

let db: LibraryDB;
let clock: number;
let handlers: ReturnType<typeof createHandlers>;
const send = (message: unknown) => dispatch<BackgroundRequests>(handlers, message);

beforeEach(async () => {
  db = await openLibrary(freshName('handlers'));
  clock = 1000;
  handlers = createHandlers({ db: Promise.resolve(db), now: () => clock });
});
afterEach(() => db.close());

describe('background handlers via dispatch', () => {
  it('ignores messages that are not ours', () => {
    expect(send(undefined)).toBeUndefined();
    expect(send('chapter/visited')).toBeUndefined();
    expect(send({ type: 'tab/status' })).toBeUndefined();
    expect(send({ type: 'toString' })).toBeUndefined();
  });

  it('records a visit with the clock and returns the saved position', async () => {
    const first = (await send({ type: 'chapter/visited', chapter: visit() })) as { story: { addedAt: number } };
    expect(first).toMatchObject({ story: { key: 'ao3:123', addedAt: 1000, lastReadAt: 1000 }, position: null });

    const position = { blockIndex: 4, offsetRatio: 0.5, updatedAt: 1500 };
    expect(await send({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position })).toEqual({ ok: true });
    expect(await send({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position })).toEqual({ ok: false });

    clock = 9000;
    expect(await send({ type: 'chapter/visited', chapter: visit() })).toMatchObject({
      story: { addedAt: 1000, lastReadAt: 9000 },
      position,
    });
  });

  it('answers position/get with the saved position of one chapter, read-only', async () => {
    expect(await send({ type: 'position/get', storyKey: 'ao3:123', chapterId: 'c1' })).toEqual({ position: null });
    await send({ type: 'chapter/visited', chapter: visit() });
    const position = { blockIndex: 7, offsetRatio: 0.25, updatedAt: 1500 };
    await send({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position });
    expect(await send({ type: 'position/get', storyKey: 'ao3:123', chapterId: 'c1' })).toEqual({ position });
    expect(await send({ type: 'position/get', storyKey: 'ao3:123', chapterId: 'other' })).toEqual({ position: null });
    expect(await send({ type: 'position/get', storyKey: '', chapterId: 'c1' })).toEqual({ position: null });
    // nothing was created by asking
    expect((await getStory(db, 'ao3:999')).story).toBeNull();
    expect(await send({ type: 'position/get', storyKey: 'ao3:999', chapterId: '1' })).toEqual({ position: null });
    expect((await getStory(db, 'ao3:999')).story).toBeNull();
  });

  it('gets, follows and lists stories', async () => {
    await send({ type: 'chapter/visited', chapter: visit({ storyId: 'a' }) });
    clock = 2000;
    await send({ type: 'chapter/visited', chapter: visit({ storyId: 'b' }) });

    expect(await send({ type: 'story/follow', storyKey: 'ao3:a', followed: true })).toMatchObject({
      story: { key: 'ao3:a', followed: true },
    });
    expect(await send({ type: 'story/follow', storyKey: 'ao3:zzz', followed: true })).toEqual({ story: null });

    const got = (await send({ type: 'story/get', storyKey: 'ao3:a' })) as Awaited<ReturnType<typeof getStory>>;
    expect(got.story?.followed).toBe(true);
    expect(got.chapters.map((c) => c.chapterId)).toEqual(['c1']);
    expect(await send({ type: 'story/get', storyKey: 'ao3:none' })).toEqual({ story: null, chapters: [] });

    const list = (await send({ type: 'library/list' })) as { stories: Array<{ key: string }> };
    expect(list.stories.map((s) => s.key)).toEqual(['ao3:b', 'ao3:a']);
  });

  it('lists stories without their tables of contents (story/get still has them)', async () => {
    const toc = [1, 2, 3].map((n) => ({ id: `c${n}`, title: `Chapter ${n}`, url: `https://archiveofourown.org/works/1/chapters/${n}` }));
    await send({ type: 'chapter/visited', chapter: { ...visit(), toc } });
    const list = (await send({ type: 'library/list' })) as { stories: Array<Record<string, unknown>> };
    expect(list.stories).toHaveLength(1);
    expect(list.stories[0]).not.toHaveProperty('toc');
    const key = list.stories[0].key as string;
    const got = (await send({ type: 'story/get', storyKey: key })) as { story: { toc?: unknown[] } };
    expect(got.story.toc).toHaveLength(3);
  });

  it('rejects a malformed visit without writing', async () => {
    await expect(send({ type: 'chapter/visited', chapter: { ...visit(), storyId: '' } })).rejects.toThrow(
      'chapter/visited: invalid storyId',
    );
    await expect(send({ type: 'chapter/visited' })).rejects.toThrow('missing chapter');
    expect(await send({ type: 'library/list' })).toEqual({ stories: [] });
  });

  it('refuses a position without story or chapter', async () => {
    const position = { blockIndex: 1, offsetRatio: 0, updatedAt: 1 };
    expect(await send({ type: 'position/save', storyKey: '', chapterId: 'c1', position })).toEqual({ ok: false });
    expect(await send({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position: null })).toEqual({
      ok: false,
    });
  });

  it('opens the database through a getter only when a message needs it', async () => {
    const getter = vi.fn(async () => db);
    handlers = createHandlers({ db: getter, now: () => clock });
    expect(send({ type: 'unknown' })).toBeUndefined();
    expect(getter).not.toHaveBeenCalled();
    await send({ type: 'library/list' });
    expect(getter).toHaveBeenCalledTimes(1);
  });

  it('passes a database failure back to the sender', async () => {
    handlers = createHandlers({ db: () => Promise.reject(new Error('cannot open')), now: () => clock });
    await expect(send({ type: 'library/list' })).rejects.toThrow('cannot open');
  });
});

describe('checkVisit', () => {
  it('accepts a full visit and one without optional fields', () => {
    expect(checkVisit(visit())).toEqual(visit());
    const { words: _w, status: _s, tags: _t, ...minimal } = visit();
    expect(checkVisit(minimal)).toEqual(minimal);
  });

  it.each([
    ['site', { site: 3 }],
    ['chapterId', { chapterId: '' }],
    ['chapterIndex', { chapterIndex: -1 }],
    ['status', { status: 'done' }],
    ['tags', { tags: [1] }],
    ['author', { author: undefined }],
    ['toc', { toc: [{ id: 1, title: null, url: 'x' }] }],
    ['toc', { toc: 'chapters' }],
    ['siteUpdatedAt', { siteUpdatedAt: '2024' }],
  ])('names the bad field %s', (field, over) => {
    expect(() => checkVisit({ ...visit(), ...over })).toThrow(new RegExp(`invalid .*${field}`));
  });
});

describe('issue 5 messages', () => {
  const updates = () => ({
    checkNow: vi.fn(async () => ({ checked: 2, newChapters: 3, results: [], message: 'ok then' })),
    schedule: vi.fn(async () => undefined),
    refreshBadge: vi.fn(async () => 0),
  });

  it('sets the reading status and refuses an unknown one', async () => {
    await send({ type: 'chapter/visited', chapter: visit() });
    expect(await send({ type: 'story/set-status', storyKey: 'ao3:123', readingStatus: 'completed' })).toMatchObject({
      story: { readingStatus: 'completed' },
    });
    expect(await send({ type: 'story/set-status', storyKey: 'ao3:123', readingStatus: null })).toMatchObject({
      story: { readingStatus: null },
    });
    await expect(send({ type: 'story/set-status', storyKey: 'ao3:123', readingStatus: 'binged' })).rejects.toThrow(/readingStatus/);
    expect(await send({ type: 'story/set-status', storyKey: 'ao3:none', readingStatus: 'reading' })).toEqual({ story: null });
  });

  it('deletes a story with its chapters and refreshes the badge', async () => {
    const u = updates();
    handlers = createHandlers({ db: Promise.resolve(db), now: () => clock, updates: u });
    await send({ type: 'chapter/visited', chapter: visit() });
    expect(await send({ type: 'story/delete', storyKey: 'ao3:123' })).toEqual({ ok: true });
    expect(await send({ type: 'story/get', storyKey: 'ao3:123' })).toEqual({ story: null, chapters: [] });
    expect(await send({ type: 'story/delete', storyKey: '' })).toEqual({ ok: false });
    expect(u.refreshBadge).toHaveBeenCalledTimes(2); // the visit and the delete
  });

  it('checks now through the updater, or says it cannot', async () => {
    expect(await send({ type: 'updates/check-now' })).toMatchObject({ checked: 0, message: expect.any(String) });
    const u = updates();
    handlers = createHandlers({ db: Promise.resolve(db), now: () => clock, updates: u });
    expect(await send({ type: 'updates/check-now', storyKey: 'ao3:1' })).toEqual({ checked: 2, newChapters: 3, message: 'ok then' });
    expect(u.checkNow).toHaveBeenCalledWith('ao3:1');
  });

  it('reads and patches update settings, rescheduling the alarm', async () => {
    const u = updates();
    handlers = createHandlers({ db: Promise.resolve(db), now: () => clock, updates: u });
    expect(await send({ type: 'updates/settings' })).toEqual({ intervalMinutes: 180, notify: false });
    expect(await send({ type: 'updates/settings', patch: { intervalMinutes: 5, notify: true } })).toEqual({
      intervalMinutes: 30, // not more often than every 30 minutes
      notify: true,
    });
    expect(u.schedule).toHaveBeenCalledWith({ intervalMinutes: 30, notify: true });
    expect(await send({ type: 'updates/settings', patch: { intervalMinutes: 'x' as unknown as number } })).toEqual({
      intervalMinutes: 30,
      notify: true,
    });
    expect(await send({ type: 'updates/settings', patch: { intervalMinutes: 0 } })).toMatchObject({ intervalMinutes: 0 });
  });

  it('exports, previews and imports a backup', async () => {
    await send({ type: 'chapter/visited', chapter: visit() });
    const exported = (await send({ type: 'backup/export' })) as { json: string; stories: number; chapters: number };
    expect(exported).toMatchObject({ stories: 1, chapters: 1 });
    const other = await openLibrary(freshName('handlers-import'));
    const u = updates();
    handlers = createHandlers({ db: Promise.resolve(other), now: () => clock, updates: u });
    expect(await send({ type: 'backup/preview', json: exported.json, mode: 'merge' })).toMatchObject({ ok: true, added: 1 });
    expect(await send({ type: 'library/list' })).toEqual({ stories: [] });
    expect(await send({ type: 'backup/import', json: exported.json, mode: 'replace' })).toMatchObject({ ok: true, added: 1 });
    expect(((await send({ type: 'library/list' })) as { stories: unknown[] }).stories).toHaveLength(1);
    expect(u.schedule).toHaveBeenCalled();
    expect(await send({ type: 'backup/import', json: '{', mode: 'merge' })).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    other.close();
  });
});
