import { describe, expect, it } from 'vitest';
import { deleteStory, setFollowed, setReadingStatus } from '../../../lib/library/store';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/settings/settings';
import { pullRemote, pushLocal, syncOnce } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { ao3, DAY, device, syncedView, T0 } from './helpers';

/** Synced clocks have one-second resolution: test times step in seconds. */
const S = 1000;

describe('two devices sharing one sync area', () => {
  it('converge after interleaved edits, and a further round writes nothing', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');

    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1000 * S);
    await b.sync(T0 + 2000 * S);
    expect((await b.story('ao3:1')).story).toMatchObject({ followed: true, lastChapterId: '1001', title: 'Story 1' });

    // Interleaved: B reads on, A sets a status and starts another story, B follows a third.
    await b.visit(T0 + 10_000 * S, ao3('1', 2));
    await b.position(T0 + 11_000 * S, 'ao3:1', '1002', 5, 0.25);
    await setReadingStatus(a.db, 'ao3:1', 'reading');
    await a.visit(T0 + 12_000 * S, ao3('2', 3, 'Second'));
    await b.visit(T0 + 12_500 * S, { ...ao3('3', 1, 'Third'), site: 'ffnet', storyUrl: 'https://www.fanfiction.net/s/3/1/', url: 'https://www.fanfiction.net/s/3/1/' });
    await setFollowed(b.db, 'ffnet:3', true);
    await b.sync(T0 + 13_000 * S);
    await a.sync(T0 + 14_000 * S);
    await b.sync(T0 + 15_000 * S);

    const va = await syncedView(a.db);
    const vb = await syncedView(b.db);
    expect(va).toEqual(vb);
    expect(va.map((s) => s.key)).toEqual(['ao3:1', 'ao3:2', 'ffnet:3']);
    expect(va[0]).toMatchObject({
      followed: true,
      readingStatus: 'reading',
      lastChapterId: '1002',
      lastChapterIndex: 1,
      lastChapterUrl: 'https://archiveofourown.org/works/1/chapters/1002',
      position: { blockIndex: 5, offsetRatio: 0.25, updatedAt: T0 + 11_000 * S },
    });
    expect(va[2]).toMatchObject({ followed: true, title: 'Third' });

    const again = await a.sync(T0 + 20_000 * S);
    const againB = await b.sync(T0 + 21_000 * S);
    expect(again.push.written).toEqual([]);
    expect(againB.push.written).toEqual([]);
    expect(again.pull.applied).toEqual([]);
  });

  it('follow and unfollow: the latest change wins, field by field', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);

    await setFollowed(a.db, 'ao3:1', false);
    await a.sync(T0 + 20 * S); // A unfollows at +20
    await setReadingStatus(b.db, 'ao3:1', 'on-hold');
    await b.sync(T0 + 25 * S); // B, still following, changes only the status at +25
    await a.sync(T0 + 26 * S);
    for (const d of [a, b]) expect((await d.story('ao3:1')).story).toMatchObject({ followed: false, readingStatus: 'on-hold' });

    await setFollowed(b.db, 'ao3:1', true);
    await b.sync(T0 + 30 * S); // follows again, later
    await a.sync(T0 + 31 * S);
    expect((await a.story('ao3:1')).story?.followed).toBe(true);
  });

  it('a position moves forward; going back later on purpose wins; in one chapter the newest position wins', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await b.visit(T0 + 50 * S, ao3('1', 2));
    await b.sync(T0 + 60 * S);
    await a.sync(T0 + 61 * S);
    await a.visit(T0 + 100 * S, ao3('1', 5));
    await a.position(T0 + 101 * S, 'ao3:1', '1005', 12);
    await a.sync(T0 + 110 * S);
    // B was still on chapter 2 (older visit): it moves forward to 5, it does not pull A back.
    await b.sync(T0 + 120 * S);
    await a.sync(T0 + 121 * S);
    for (const d of [a, b]) {
      const { story, chapters } = await d.story('ao3:1');
      expect(story).toMatchObject({ lastChapterId: '1005', lastChapterIndex: 4 });
      expect(chapters.find((c) => c.chapterId === '1005')?.position?.blockIndex).toBe(12);
    }

    // B goes back to chapter 3 on purpose, later: both follow.
    await b.visit(T0 + 200 * S, ao3('1', 3));
    await b.sync(T0 + 210 * S);
    await a.sync(T0 + 220 * S);
    expect((await a.story('ao3:1')).story).toMatchObject({ lastChapterId: '1003', lastReadAt: T0 + 200 * S });

    // Same chapter: A scrolls to block 10 at +300, B saved block 4 at +250 but syncs after A.
    await a.position(T0 + 300 * S, 'ao3:1', '1003', 10);
    await b.position(T0 + 250 * S, 'ao3:1', '1003', 4);
    await a.sync(T0 + 310 * S);
    await b.sync(T0 + 320 * S);
    await a.sync(T0 + 330 * S);
    for (const d of [a, b]) {
      const ch = (await d.story('ao3:1')).chapters.find((c) => c.chapterId === '1003');
      expect(ch?.position).toEqual({ blockIndex: 10, offsetRatio: 0.5, updatedAt: T0 + 300 * S });
    }
    expect(await syncedView(a.db)).toEqual(await syncedView(b.db));
  });

  it('reader corrections merge as a union, the latest change of each fingerprint winning', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);
    await a.correct(T0 + 10 * S, 'ao3:1', 'fp1.x', 'note');
    await a.correct(T0 + 10 * S, 'ao3:1', 'fp3.x', 'note');
    await a.sync(T0 + 10 * S);
    await b.correct(T0 + 12 * S, 'ao3:1', 'fp2.x', 'story');
    await b.sync(T0 + 12 * S);
    await b.correct(T0 + 20 * S, 'ao3:1', 'fp1.x', 'story');
    await b.correct(T0 + 20 * S, 'ao3:1', 'fp3.x', null); // removed on B
    await b.sync(T0 + 20 * S);
    await a.sync(T0 + 21 * S);
    for (const d of [a, b]) {
      const memory = await d.db.get('noteMemory', 'ao3:1');
      expect(memory?.corrections).toEqual({ 'fp1.x': 'story', 'fp2.x': 'story' });
    }
  });

  it('reader settings follow the latest change; a new device takes the synced settings', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.sync(T0);
    await b.sync(T0 + 1 * S);
    await a.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 24, theme: 'sepia' } });
    await a.sync(T0 + 10 * S);
    await b.sync(T0 + 11 * S);
    expect(b.local.data.get(SETTINGS_KEY)).toMatchObject({ fontSize: 24, theme: 'sepia' });
    await b.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 24, theme: 'dark' } });
    await b.sync(T0 + 20 * S);
    await a.sync(T0 + 21 * S);
    expect(a.local.data.get(SETTINGS_KEY)).toMatchObject({ theme: 'dark' });

    // A device that had its own settings before sync existed takes the reader's synced ones.
    const c = await device(backend, 'C');
    await c.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 30 } });
    await c.sync(T0 + 30 * S);
    expect(c.local.data.get(SETTINGS_KEY)).toMatchObject({ fontSize: 24, theme: 'dark' });
  });

  it('a device offline for a month erases nothing, even when its stale writes land last', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    for (const id of ['1', '2', '3']) {
      await a.visit(T0, ao3(id, 1));
      await setFollowed(a.db, `ao3:${id}`, true);
    }
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);

    backend.setOnline('B', false);
    // A month of reading on A.
    await setFollowed(a.db, 'ao3:1', false);
    await a.sync(T0 + 1 * DAY);
    await a.visit(T0 + 5 * DAY, ao3('2', 8));
    await a.position(T0 + 5 * DAY + 1 * S, 'ao3:2', '1008', 30);
    await setReadingStatus(a.db, 'ao3:3', 'completed');
    await a.correct(T0 + 6 * DAY, 'ao3:3', 'fp.a', 'note');
    await a.sync(T0 + 6 * DAY);
    await a.visit(T0 + 10 * DAY, ao3('4', 1, 'New on A'));
    await setFollowed(a.db, 'ao3:4', true);
    await a.sync(T0 + 10 * DAY);
    // B keeps running offline: it re-pushes its month-old view into its own replica, and reads
    // something of its own.
    await b.sync(T0 + 3 * DAY);
    await b.visit(T0 + 20 * DAY, ao3('5', 2, 'Read on B'));
    await setFollowed(b.db, 'ao3:5', true);
    await b.sync(T0 + 20 * DAY);

    backend.setOnline('B', true); // B's stale items overwrite A's in the shared area
    expect(backend.snapshot()['s:ao3:2']).toEqual((await b.area.get('s:ao3:2'))['s:ao3:2']);
    await b.sync(T0 + 31 * DAY);
    await a.sync(T0 + 31 * DAY + 1 * S);
    await b.sync(T0 + 31 * DAY + 2 * S);

    const va = await syncedView(a.db);
    expect(await syncedView(b.db)).toEqual(va);
    const byKey = Object.fromEntries(va.map((s) => [s.key, s]));
    expect(byKey['ao3:1'].followed).toBe(false);
    expect(byKey['ao3:2']).toMatchObject({ followed: true, lastChapterId: '1008' });
    expect(byKey['ao3:2'].position?.blockIndex).toBe(30);
    expect(byKey['ao3:3']).toMatchObject({ readingStatus: 'completed', corrections: { 'fp.a': 'note' } });
    expect(byKey['ao3:4']).toMatchObject({ followed: true, title: 'New on A' });
    expect(byKey['ao3:5']).toMatchObject({ followed: true, title: 'Read on B', lastChapterId: '1002' });
  });

  it('a device whose browser stayed closed for a month pulls first and loses nothing of the others', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);
    await a.visit(T0 + 10 * DAY, ao3('1', 9));
    await setFollowed(a.db, 'ao3:1', false);
    await a.sync(T0 + 10 * DAY);
    // B only pushes (e.g. a push scheduled before a pull): its month-old data must not win.
    await pushLocal(b.db, b.area, T0 + 40 * DAY);
    await a.sync(T0 + 40 * DAY + 1 * S);
    expect((await a.story('ao3:1')).story).toMatchObject({ followed: false, lastChapterId: '1009' });
    await b.sync(T0 + 40 * DAY + 2 * S);
    expect((await b.story('ao3:1')).story).toMatchObject({ followed: false, lastChapterId: '1009' });
  });

  it('a story removed on one device is removed on the others, unless read there after the removal', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await a.visit(T0, ao3('2', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await setFollowed(a.db, 'ao3:2', true);
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);

    await deleteStory(a.db, 'ao3:1');
    await deleteStory(a.db, 'ao3:2');
    await b.visit(T0 + 150 * S, ao3('2', 4)); // B keeps reading story 2
    await a.sync(T0 + 100 * S);
    await b.sync(T0 + 200 * S);
    await a.sync(T0 + 201 * S);
    expect((await b.story('ao3:1')).story).toBeNull();
    expect(await b.db.get('chapterSets', 'ao3:1')).toBeUndefined();
    expect((await a.story('ao3:2')).story).toMatchObject({ lastChapterId: '1004' });
    expect(await syncedView(a.db)).toEqual(await syncedView(b.db));
  });

  it('pull never loses newer local data, and push alone keeps what only the remote knows', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1 * S);
    await b.sync(T0 + 2 * S);
    await b.visit(T0 + 100 * S, ao3('1', 7)); // B is ahead locally, not synced yet
    await a.visit(T0 + 50 * S, ao3('1', 3));
    await a.sync(T0 + 60 * S);
    await pullRemote(b.db, b.area, T0 + 70 * S);
    expect((await b.story('ao3:1')).story?.lastChapterId).toBe('1007');

    // A story only B has pushed: A pushes with a budget too small for it and must not drop it.
    await b.visit(T0 + 300 * S, ao3('9', 1));
    await setFollowed(b.db, 'ao3:9', true);
    await b.sync(T0 + 310 * S);
    const res = await pushLocal(a.db, a.area, T0 + 320 * S, { budget: { items: 2 } });
    expect(res.removed).not.toContain('s:ao3:9');
    expect(backend.snapshot()['s:ao3:9']).toBeDefined();
    await syncOnce(a.db, a.area, T0 + 330 * S);
    expect((await a.story('ao3:9')).story?.followed).toBe(true);
  });
});
