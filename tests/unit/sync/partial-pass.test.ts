/**
 * Issue 25: a pass after a change costs what changed. A store write marks its stories dirty (the
 * scheduler's poke, as the worker wires it to lib/library/changes.ts); the next pass reads and
 * pushes only those, plus the items another device changed, and its figures agree with a full
 * pass. Reads are counted on the object stores (not timed).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onLibraryChange } from '../../../lib/library/changes';
import { importBackup, exportLibraryJson } from '../../../lib/library/backup';
import { deleteStory, setFollowed, setReadingStatus } from '../../../lib/library/store';
import { markDirty } from '../../../lib/sync/dirty';
import { FULL_PASS_EVERY, syncStatus } from '../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { createSyncScheduler } from '../../../lib/sync/scheduler';
import { ao3, device, T0, type Device } from './helpers';

const S = 1000;

/** Every read request on the library's object stores, as `store.method(key)`. */
let reads: string[] = [];
const METHODS = ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count'] as const;
beforeEach(() => {
  reads = [];
  const proto = IDBObjectStore.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const m of METHODS) {
    const original = proto[m];
    vi.spyOn(proto, m).mockImplementation(function (this: IDBObjectStore, ...args: unknown[]) {
      reads.push(`${this.name}.${m}(${typeof args[0] === 'string' ? args[0] : 'range'})`);
      return original.apply(this, args);
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const libraryReads = () => reads.filter((r) => /^(stories|chapters|noteMemory)\./.test(r));
/** The distinct reads of the stories store (the write phase reads a story again inside its transaction). */
const storyReads = () => [...new Set(libraryReads().filter((x) => x.startsWith('stories.')))];

/** A device with `n` stories read a minute apart, synced once (a full pass). */
async function synced(name: string, backend: ReturnType<typeof createMemorySyncBackend>, n: number, budget?: { bytes: number }) {
  const d = await device(backend, name);
  for (let i = 1; i <= n; i++) await d.visit(T0 + i * 60 * S, ao3(String(i), 1 + (i % 3)));
  const first = await d.sync(T0 + n * 60 * S + S, { budget, changedOnly: true });
  expect(first.full).toBe(true); // the first pass reads everything
  return d;
}

const pass = (d: Device, now: number, budget?: { bytes: number }) => d.sync(now, { changedOnly: true, budget });

describe('a pass after a change', () => {
  it('reads and pushes only the story that changed', async () => {
    const backend = createMemorySyncBackend();
    const a = await synced('A', backend, 40);
    const now = T0 + 50 * 60 * S;
    await setFollowed(a.db, 'ao3:7', true);
    await markDirty(a.db, ['ao3:7'], now);
    reads = [];
    const r = await pass(a, now);
    expect(r.full).toBe(false);
    expect(r.storiesRead).toBe(1);
    expect(r.push.written).toEqual(['s:ao3:7']);
    // The library was read for that one story only: no page of stories, no other key.
    expect(libraryReads().every((x) => x.includes('ao3:7'))).toBe(true);
    expect(storyReads()).toEqual(['stories.get(ao3:7)']);
    // Nothing is left to do: the next pass reads nothing and writes nothing.
    reads = [];
    const again = await pass(a, now + 20 * S);
    expect(again.storiesRead).toBe(0);
    expect(libraryReads()).toEqual([]);
    expect(again.push.written).toEqual([]);
    // The figures are the ones a full pass computes.
    const status = await syncStatus(a.db, a.area, a.local, now + 20 * S);
    const fresh = await syncStatus(a.db, a.area, a.local, now + 20 * S, { fresh: true });
    expect(status.storiesSynced).toBe(fresh.storiesSynced);
    expect(status.storiesTotal).toBe(fresh.storiesTotal);
  });

  it("pulls only the story another device changed, even when its event reached no running worker", async () => {
    const backend = createMemorySyncBackend();
    const a = await synced('A', backend, 30);
    const b = await device(backend, 'B');
    await b.sync(T0 + 40 * 60 * S);
    await setReadingStatus(b.db, 'ao3:3', 'completed');
    await b.sync(T0 + 41 * 60 * S);
    reads = [];
    const r = await pass(a, T0 + 42 * 60 * S);
    expect(r.full).toBe(false);
    expect(r.pull.applied).toEqual(['ao3:3']);
    expect(storyReads()).toEqual(['stories.get(ao3:3)']);
    expect((await a.story('ao3:3')).story?.readingStatus).toBe('completed');
  });

  it('a removal goes out as a removal, from a pass that reads that story only', async () => {
    const backend = createMemorySyncBackend();
    const a = await synced('A', backend, 10);
    await deleteStory(a.db, 'ao3:4');
    await markDirty(a.db, ['ao3:4'], T0 + 20 * 60 * S);
    const r = await pass(a, T0 + 20 * 60 * S);
    expect(r.full).toBe(false);
    expect(r.storiesRead).toBe(1);
    expect(backend.snapshot()['s:ao3:4']).toEqual({ x: expect.any(Number) });
  });

  it('with more stories than room: a story read again gets in, the oldest leaves, and the figures agree with a full pass', async () => {
    const backend = createMemorySyncBackend();
    const budget = { bytes: 2_000 };
    const a = await synced('A', backend, 30, budget);
    const before = await syncStatus(a.db, a.area, a.local, T0 + 31 * 60 * S);
    expect(before.overflow).toBe(true);
    expect(backend.snapshot()['s:ao3:1']).toBeUndefined(); // the oldest did not fit
    const now = T0 + 60 * 60 * S;
    await a.visit(now, ao3('1', 3));
    await markDirty(a.db, ['ao3:1'], now);
    const r = await pass(a, now, budget);
    expect(r.full).toBe(false);
    expect(r.storiesRead).toBe(1);
    expect(backend.snapshot()['s:ao3:1']).toBeDefined();
    const status = await syncStatus(a.db, a.area, a.local, now);
    const fresh = await syncStatus(a.db, a.area, a.local, now, { fresh: true, budget });
    expect([status.storiesSynced, status.storiesTotal, status.overflow]).toEqual([fresh.storiesSynced, fresh.storiesTotal, fresh.overflow]);
  });

  it('runs a full pass when a change is to stories it cannot name, when room was freed for stories left out, and once a day', async () => {
    const backend = createMemorySyncBackend();
    const budget = { bytes: 2_000 };
    const a = await synced('A', backend, 30, budget);
    // A restored backup: the stories are not known.
    const { json } = await exportLibraryJson(a.db, T0 + 40 * 60 * S);
    expect((await importBackup(a.db, json, 'merge', T0 + 40 * 60 * S)).ok).toBe(true);
    await markDirty(a.db, null, T0 + 40 * 60 * S);
    expect((await pass(a, T0 + 41 * 60 * S, budget)).full).toBe(true);
    expect((await pass(a, T0 + 42 * 60 * S, budget)).full).toBe(false);
    // A synced story removed while others wait for room: only a full pass knows which comes next.
    await deleteStory(a.db, 'ao3:30');
    await markDirty(a.db, ['ao3:30'], T0 + 43 * 60 * S);
    const freed = await pass(a, T0 + 43 * 60 * S, budget);
    expect(freed.full).toBe(true);
    // A day later, whatever the marks say.
    expect((await pass(a, T0 + 43 * 60 * S + FULL_PASS_EVERY, budget)).full).toBe(true);
  });

  it('the scheduler marks the stories a library write announces, and its pass reads only those', async () => {
    const backend = createMemorySyncBackend();
    const a = await synced('A', backend, 25);
    let now = T0 + 30 * 60 * S;
    const s = createSyncScheduler({ db: async () => a.db, area: a.area, local: a.local, now: () => now, debounceMs: 0, minIntervalMs: 0 });
    // As entrypoints/background.ts wires it.
    const stop = onLibraryChange((_change, keys) => s.poke(keys));
    try {
      await setFollowed(a.db, 'ao3:12', true);
      now += 5 * S;
      reads = [];
      await s.flush(false);
      await s.idle();
      expect(storyReads()).toEqual(['stories.get(ao3:12)']);
      expect(backend.snapshot()['s:ao3:12']).toEqual(expect.arrayContaining([1]));
    } finally {
      stop();
      s.stop();
    }
  });
});
