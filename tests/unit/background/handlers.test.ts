import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkVisit, createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/messages';
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
  ])('names the bad field %s', (field, over) => {
    expect(() => checkVisit({ ...visit(), ...over })).toThrow(new RegExp(`invalid .*${field}`));
  });
});
