import { describe, expect, it } from 'vitest';
import { setFollowed } from '../../../lib/library/store';
import { SYNC_ENABLED_KEY, syncStatus } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { createSyncScheduler, type LocalChangeSource } from '../../../lib/sync/scheduler';
import type { SyncChange } from '../../../lib/sync/types';
import { ao3, device, T0, type Device } from './helpers';

/** Manual timers and clock. */
function clock() {
  let now = T0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let id = 0;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.push({ at: now + ms, fn, id: ++id });
      return id;
    },
    clearTimer: (h: unknown) => {
      timers = timers.filter((t) => t.id !== h);
    },
    pending: () => timers.map((t) => t.at - now),
    /** Move time forward, firing due timers in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = end;
    },
  };
}

function storageEvents() {
  const listeners = new Set<(c: Record<string, SyncChange>, area: string) => void>();
  const source: LocalChangeSource = {
    addListener: (cb) => void listeners.add(cb),
    removeListener: (cb) => void listeners.delete(cb),
  };
  return { source, fire: (c: Record<string, SyncChange>) => listeners.forEach((l) => l(c, 'local')) };
}

function schedulerFor(d: Device, c: ReturnType<typeof clock>, events?: LocalChangeSource) {
  return createSyncScheduler({
    db: async () => d.db,
    area: d.area,
    local: d.local,
    storageChanges: events,
    now: c.now,
    setTimer: c.setTimer,
    clearTimer: c.clearTimer,
    debounceMs: 2000,
    minIntervalMs: 10_000,
    startDelayMs: 0,
  });
}

describe('sync scheduler', () => {
  it('batches changes: one run per burst, never two within 10 s', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const c = clock();
    const s = schedulerFor(a, c);
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    s.poke();
    s.poke();
    expect(c.pending()).toEqual([2000]);
    c.advance(2000);
    await s.idle();
    expect(a.area.writeOps).toBe(1);
    expect(backend.snapshot()['s:ao3:1']).toBeDefined();

    await a.visit(c.now(), ao3('1', 2));
    s.poke();
    expect(c.pending()).toEqual([10_000]); // right after a run: held back to the 10 s mark
    c.advance(9_999);
    await s.idle();
    expect(a.area.writeOps).toBe(1);
    c.advance(1);
    await s.idle();
    expect(a.area.writeOps).toBe(2);
  });

  it('waits 15 s after the worker starts before its first run, so whatever woke it reads first', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    const c = clock();
    const s = createSyncScheduler({
      db: async () => a.db,
      area: a.area,
      local: a.local,
      now: c.now,
      setTimer: c.setTimer,
      clearTimer: c.clearTimer,
    });
    s.start();
    c.advance(14_000);
    await s.idle();
    expect(backend.snapshot()['s:ao3:1']).toBeUndefined();
    c.advance(1_000);
    await s.idle();
    expect(backend.snapshot()['s:ao3:1']).toBeDefined();
    s.stop();
  });

  it('ignores the echo of its own writes and syncs when another device writes', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    const c = clock();
    const s = schedulerFor(a, c);
    s.start();
    c.advance(0);
    await s.idle();
    await a.visit(c.now(), ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    s.poke();
    c.advance(10_000);
    await s.idle();
    expect(backend.snapshot()['s:ao3:1']).toBeDefined();
    expect(c.pending()).toEqual([]); // its own write came back through onChanged: nothing scheduled

    await b.visit(c.now(), ao3('2', 1));
    await setFollowed(b.db, 'ao3:2', true);
    await b.sync(c.now());
    expect(c.pending().length).toBe(1);
    c.advance(20_000);
    await s.idle();
    expect((await a.story('ao3:2')).story?.followed).toBe(true);
    s.stop();
  });

  it('does nothing while sync is switched off, and syncs as soon as it is switched on', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const c = clock();
    const events = storageEvents();
    const s = schedulerFor(a, c, events.source);
    await a.local.set({ [SYNC_ENABLED_KEY]: false });
    s.start();
    await a.visit(c.now(), ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    s.poke();
    c.advance(30_000);
    await s.idle();
    expect(a.area.writeOps).toBe(0);

    await a.local.set({ [SYNC_ENABLED_KEY]: true });
    events.fire({ [SYNC_ENABLED_KEY]: { oldValue: false, newValue: true } });
    c.advance(0);
    await s.idle();
    expect(backend.snapshot()['s:ao3:1']).toBeDefined();
    s.stop();
  });

  it('a worker that wakes with nothing changed (here or in the sync area) runs no pass; a change, a setting or another device does', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    const c = clock();
    const lastPass = async () => (await syncStatus(a.db, a.area, a.local, c.now())).lastSyncAt;
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    const wake = async () => {
      const s = schedulerFor(a, c);
      s.start();
      c.advance(0);
      await s.idle();
      return s;
    };
    // First start ever: a pass.
    let s = await wake();
    const first = await lastPass();
    expect(first).toBe(T0);
    s.stop();
    // The worker stops and wakes again; nothing changed: no pass (the periodic check neither).
    c.advance(600_000);
    s = await wake();
    await s.check();
    expect(await lastPass()).toBe(first);
    // A library write: the pass runs.
    await a.visit(c.now(), ao3('1', 2));
    s.poke();
    c.advance(2_000);
    await s.idle();
    const second = await lastPass();
    expect(second).toBeGreaterThan(first!);
    s.stop();
    // Another device wrote to the sync area while this worker slept: the wake runs a pass.
    await b.visit(T0, ao3('2', 1));
    await setFollowed(b.db, 'ao3:2', true);
    await b.sync(c.now());
    c.advance(600_000);
    s = await wake();
    expect(await lastPass()).toBeGreaterThan(second!);
    expect((await a.story('ao3:2')).story).toMatchObject({ followed: true });
    s.stop();
    // A change this worker marked but never synced (it was stopped first) is not forgotten.
    c.advance(600_000);
    const third = await lastPass();
    s = schedulerFor(a, c);
    s.poke();
    s.stop();
    c.advance(600_000);
    s = await wake();
    expect(await lastPass()).toBeGreaterThan(third!);
    s.stop();
  });
});
