import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background';
import { createHandlers } from '../../../lib/background/handlers';
import { createSyncHandlers, SYNC_UNAVAILABLE, type SyncTransport } from '../../../lib/background/sync-handlers';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { recordVisit, setFollowed } from '../../../lib/library/store';
import { dispatch, type BackgroundRequests, type Handlers } from '../../../lib/protocol/messages';
import { decodeEntry, encodeStory, itemKeyOf } from '../../../lib/sync/codec';
import { SYNC_ENABLED_KEY, syncOnce } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import type { SyncStatus, SyncStory } from '../../../lib/sync/types';
import { ao3, memoryLocal, T0, visit } from '../sync/helpers';
import { freshName } from '../library/helpers';

let db: LibraryDB;
beforeEach(async () => {
  db = await openLibrary(freshName('sync-handlers'));
});
afterEach(() => {
  db.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(withTransport = true) {
  const backend = createMemorySyncBackend();
  const area = backend.device('this');
  const local = memoryLocal();
  const poke = vi.fn();
  const sync: SyncTransport | undefined = withTransport ? { area, local, poke } : undefined;
  const handlers = createSyncHandlers({ db: () => Promise.resolve(db), now: () => T0, sync });
  const send = (message: unknown) =>
    dispatch<BackgroundRequests>(handlers as Handlers<BackgroundRequests>, message) as Promise<SyncStatus>;
  return { area, local, poke, send };
}

describe('sync handlers', () => {
  it('reports sync on by default, with nothing synced yet', async () => {
    const { send } = setup();
    await recordVisit(db, visit(ao3('1', 1)), T0 - 1000);
    const status = await send({ type: 'sync/status' });
    expect(status).toMatchObject({
      enabled: true,
      storiesSynced: 1,
      storiesTotal: 1,
      overflow: false,
      newerFormat: false,
      lastSyncAt: null,
      lastError: null,
    });
    expect(status.quotaBytes).toBe(102_400);
  });

  it('reports what a sync run wrote and when', async () => {
    const { send, area, local } = setup();
    for (const id of ['1', '2', '3']) {
      await recordVisit(db, visit(ao3(id, 1)), T0 - 5000);
      await setFollowed(db, `ao3:${id}`, true);
    }
    await syncOnce(db, area, T0 - 1000, { local });
    const status = await send({ type: 'sync/status' });
    expect(status).toMatchObject({ enabled: true, storiesSynced: 3, storiesTotal: 3, overflow: false });
    expect(status.lastSyncAt).toBe(T0 - 1000);
    expect(status.bytesUsed).toBeGreaterThan(0);
  });

  it('turns sync off and on through the local switch, and syncs soon after turning it on', async () => {
    const { send, local, poke } = setup();
    const off = await send({ type: 'sync/set-enabled', enabled: false });
    expect(off.enabled).toBe(false);
    expect(local.data.get(SYNC_ENABLED_KEY)).toBe(false);
    expect(poke).not.toHaveBeenCalled();
    expect((await send({ type: 'sync/status' })).enabled).toBe(false);

    const on = await send({ type: 'sync/set-enabled', enabled: true });
    expect(on.enabled).toBe(true);
    expect(local.data.get(SYNC_ENABLED_KEY)).toBe(true);
    expect(poke).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed switch request', async () => {
    const { send, local } = setup();
    await expect(send({ type: 'sync/set-enabled', enabled: 'yes' })).rejects.toThrow(/invalid enabled/);
    expect(local.data.has(SYNC_ENABLED_KEY)).toBe(false);
  });

  it('says sync is unavailable where there is no sync storage', async () => {
    const { send } = setup(false);
    const status = await send({ type: 'sync/status' });
    expect(status).toMatchObject({ enabled: false, storiesSynced: 0, overflow: false, lastError: SYNC_UNAVAILABLE });
    expect(await send({ type: 'sync/set-enabled', enabled: true })).toEqual(status);
  });

  it('is part of the background handlers (unavailable without a transport)', async () => {
    const handlers = createHandlers({ db: () => Promise.resolve(db), now: () => T0 });
    const status = (await dispatch<BackgroundRequests>(handlers, { type: 'sync/status' })) as SyncStatus;
    expect(status.lastError).toBe(SYNC_UNAVAILABLE);
  });
});

describe('background worker sync wiring', () => {
  function start() {
    const b = fakeBrowser as unknown as { action: Record<string, unknown> };
    b.action.setBadgeText = vi.fn();
    b.action.setBadgeBackgroundColor = vi.fn();
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    background.main();
  }
  /**
   * Let fake time pass in small steps, giving IndexedDB (real setImmediate) its turns in between:
   * enough for a whole sync pass (read, write and push phases, each its own transactions).
   */
  async function pass(ms: number) {
    for (let t = 0; t < ms; t += 250) {
      await vi.advanceTimersByTimeAsync(250);
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    }
  }
  const story = async (key: string) =>
    ((await fakeBrowser.runtime.sendMessage({ type: 'story/get', storyKey: key })) as BackgroundRequests['story/get']['res'])
      .story;

  it('writes followed stories to storage.sync and takes in another device’s newer changes', async () => {
    // Fake clock and timers (the scheduler debounces); IndexedDB keeps its real setImmediate.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
    start();
    await fakeBrowser.runtime.sendMessage({ type: 'chapter/visited', chapter: visit(ao3('77', 2)) });
    await fakeBrowser.runtime.sendMessage({ type: 'story/follow', storyKey: 'ao3:77', followed: true });
    await pass(15_000);

    const item = itemKeyOf('ao3:77');
    const synced = await fakeBrowser.storage.sync.get(null);
    const entry = decodeEntry(item, synced[item]);
    expect(entry).toMatchObject({ kind: 'story', story: { followed: true, chapterIndex: 1 } });
    expect(await fakeBrowser.alarms.get('calm-reader-sync')).toMatchObject({ periodInMinutes: 15 });

    // Another device marks it completed a minute later.
    const remote: SyncStory = {
      ...(entry as { story: SyncStory }).story,
      readingStatus: 'completed',
      statusAt: Date.now() + 60_000,
    };
    await pass(60_000);
    await fakeBrowser.storage.sync.set({ [item]: encodeStory(remote) });
    await pass(15_000);
    expect((await story('ao3:77'))?.readingStatus).toBe('completed');

    const status = (await fakeBrowser.runtime.sendMessage({ type: 'sync/status' })) as SyncStatus;
    expect(status).toMatchObject({ enabled: true, storiesSynced: 1, storiesTotal: 1, lastError: null });
    expect(status.lastSyncAt).not.toBeNull();

    // The periodic alarm runs a sync too, and never an update check.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'calm-reader-sync', scheduledTime: Date.now(), periodInMinutes: 15 });
    await pass(1_000);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('starts and answers without storage.sync', async () => {
    const storage = fakeBrowser.storage as unknown as { sync?: unknown };
    const saved = storage.sync;
    delete storage.sync;
    try {
      start();
      const reply = await fakeBrowser.runtime.sendMessage({ type: 'chapter/visited', chapter: visit(ao3('5', 1)) });
      expect(reply).toMatchObject({ story: { key: 'ao3:5' } });
      const status = (await fakeBrowser.runtime.sendMessage({ type: 'sync/status' })) as SyncStatus;
      expect(status).toMatchObject({ enabled: false, lastError: SYNC_UNAVAILABLE });
      expect(await fakeBrowser.alarms.get('calm-reader-sync')).toBeUndefined();
    } finally {
      storage.sync = saved;
    }
  });
});
