/**
 * When to sync: shortly after a local change (debounced), when another device's change arrives,
 * when the reader turns sync on, and on a periodic alarm. At most one run per `minIntervalMs`
 * (10 s); each run makes at most two write operations (one remove, one set), so the engine stays
 * far below Chrome's MAX_WRITE_OPERATIONS_PER_MINUTE (120) and PER_HOUR (1800): at most 12 a
 * minute and 720 an hour, and a write-rate guard below holds runs back if that is ever exceeded.
 */
import type { LibraryDB } from '../library/schema';
import type { ChangedKeys } from '../library/changes';
import { hasDirty, markDirty as markStories } from './dirty';
import { SETTINGS_KEY } from '../settings/settings';
import { isSyncEnabled, syncOnce, SYNC_ENABLED_KEY } from './engine';
import { SYNC_QUOTA, type LocalArea, type SyncArea, type SyncChange } from './types';
import { fnv1a, FNV_SEED_2 } from '../shared/fnv';

export interface LocalChangeSource {
  addListener(cb: (changes: Record<string, SyncChange>, areaName: string) => void): void;
  removeListener(cb: (changes: Record<string, SyncChange>, areaName: string) => void): void;
}

export interface SchedulerDeps {
  db: () => Promise<LibraryDB>;
  area: SyncArea;
  local: LocalArea;
  /** browser.storage.onChanged: reader settings and the on/off switch are watched through it. */
  storageChanges?: LocalChangeSource;
  now: () => number;
  /** Wait after a change before syncing (more changes in that time join the same run). */
  debounceMs?: number;
  /** Delay of the first run after start() (default 15 s). */
  startDelayMs?: number;
  /** Never two runs closer than this. */
  minIntervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (err: unknown) => void;
}

export interface SyncScheduler {
  /** Attach listeners and sync once soon. */
  start(): void;
  stop(): void;
  /**
   * Something changed locally (a visit, a position, a follow, a correction): sync soon. `keys`:
   * the stories the write touched (the pass then reads only those); null or absent: not known,
   * the next pass reads the whole library.
   */
  poke(keys?: ChangedKeys): void;
  /**
   * Sync now if enabled (respecting the minimum interval only when `force` is false). A forced
   * run ("Sync now") passes over the whole library; the others read only what changed.
   */
  flush(force?: boolean): Promise<void>;
  /**
   * The periodic check (alarm): a pass only if something changed since the last one, here (a
   * library write, a setting) or in the sync area (another device). A wake costs what changed,
   * not the library's size.
   */
  check(): Promise<void>;
  /** Resolves when no run is pending or running (tests). */
  idle(): Promise<void>;
}

/** storage.local: when the last pass started and what the sync area held after it. */
export const PASS_MARK_KEY = 'syncPassMark';
/** storage.local: when this device last changed what sync carries (set on the clean → dirty step). */
export const DIRTY_KEY = 'syncDirtyAt';
/** storage.local: the last run's start, its wall time, whether it ran a pass, a full one, and how many stories it read (the bench reads it). */
export const LAST_RUN_KEY = 'syncLastRun';

interface PassMark {
  at: number;
  remote: string;
}

/** A short fingerprint of the whole sync area (at most ~100 KB of JSON), keys in order. */
export async function areaFingerprint(area: Pick<SyncArea, 'get'>): Promise<string> {
  const all = await area.get(null);
  const text = JSON.stringify(Object.keys(all).sort().map((k) => [k, all[k]]));
  // Two FNV-1a hashes with different seeds, and the length.
  return `${text.length}:${fnv1a(text).toString(16)}:${fnv1a(text, FNV_SEED_2).toString(16)}`;
}

export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const debounceMs = deps.debounceMs ?? 2_000;
  const minIntervalMs = deps.minIntervalMs ?? 10_000;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let again = false;
  let lastRunAt = -Infinity;
  /** Times of recent write operations (remove/set calls). */
  const writeLog: number[] = [];
  /** JSON of what this device last wrote, to ignore the echo of its own writes. */
  const lastWritten = new Map<string, string>();

  // The engine writes through this wrapper, so the echo of its own writes is known before it arrives.
  const area: SyncArea = {
    get: (keys) => deps.area.get(keys),
    set: (items) => {
      for (const [k, v] of Object.entries(items)) lastWritten.set(k, JSON.stringify(v));
      return deps.area.set(items);
    },
    remove: (keys) => {
      for (const k of typeof keys === 'string' ? [keys] : keys) lastWritten.set(k, 'undefined');
      return deps.area.remove(keys);
    },
    getBytesInUse: deps.area.getBytesInUse ? (keys) => deps.area.getBytesInUse!(keys) : undefined,
    onChanged: deps.area.onChanged,
  };

  const writesWithin = (ms: number, now: number) => writeLog.filter((t) => now - t < ms).length;

  function delayNeeded(now: number): number {
    let wait = Math.max(0, lastRunAt + minIntervalMs - now);
    // Leave room for two more writes under both of Chrome's limits.
    if (writesWithin(60_000, now) > SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE - 10) wait = Math.max(wait, 60_000);
    if (writesWithin(3_600_000, now) > SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_HOUR - 100) wait = Math.max(wait, 600_000);
    return wait;
  }

  function schedule(ms: number) {
    if (timer !== null) return; // the pending run will pick this change up
    const now = deps.now();
    timer = setTimer(
      () => {
        timer = null;
        void flush(false);
      },
      Math.max(ms, delayNeeded(now)),
    );
  }

  /** This device has changed what sync carries since the last pass started (known in memory). */
  let dirtyMarked = false;
  function markDirty(): void {
    if (dirtyMarked) return;
    dirtyMarked = true;
    void deps.local.set({ [DIRTY_KEY]: deps.now() }).catch((err: unknown) => deps.onError?.(err));
  }
  /** The stories' dirty marks being written (a pass waits for them: it reads them first). */
  let marking: Promise<void> = Promise.resolve();
  function markKeys(keys: ChangedKeys): void {
    const at = deps.now();
    marking = marking
      .then(async () => markStories(await deps.db(), keys, at))
      .catch((err: unknown) => deps.onError?.(err));
  }

  /** Nothing changed here or in the sync area since the last pass: a pass would find nothing. */
  async function unchanged(): Promise<boolean> {
    const got = await deps.local.get([PASS_MARK_KEY, DIRTY_KEY]);
    const mark = got[PASS_MARK_KEY] as PassMark | undefined;
    const dirtyAt = got[DIRTY_KEY];
    if (!mark || typeof mark.at !== 'number' || typeof mark.remote !== 'string') return false;
    if (typeof dirtyAt === 'number' && dirtyAt >= mark.at) return false;
    // Stories marked without a poke (the WebDAV transport's merges) or left by a failed pass.
    if (await hasDirty(await deps.db())) return false;
    return (await areaFingerprint(deps.area)) === mark.remote;
  }

  async function runOnce(always: boolean): Promise<void> {
    if (!(await isSyncEnabled(deps.local))) return;
    const now = deps.now();
    const started = Date.now();
    if (!always && !dirtyMarked && (await unchanged())) {
      await deps.local.set({ [LAST_RUN_KEY]: { at: now, ms: Date.now() - started, pass: false } });
      return;
    }
    dirtyMarked = false;
    lastRunAt = now;
    await marking;
    const { push, full, storiesRead } = await syncOnce(await deps.db(), area, now, { local: deps.local, changedOnly: !always });
    if (push.removed.length) writeLog.push(now);
    if (push.written.length) writeLog.push(now);
    while (writeLog.length && now - writeLog[0] > 3_600_000) writeLog.shift();
    const mark: PassMark = { at: now, remote: await areaFingerprint(deps.area) };
    await deps.local.set({
      [PASS_MARK_KEY]: mark,
      [LAST_RUN_KEY]: { at: now, ms: Date.now() - started, pass: true, full, read: storiesRead },
    });
  }

  async function flush(force = true, always = force): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    if (!force) {
      const wait = delayNeeded(deps.now());
      if (wait > 0) return schedule(wait);
    }
    running = (async () => {
      try {
        await runOnce(always);
      } catch (err) {
        deps.onError?.(err);
      } finally {
        running = null;
        if (again) {
          again = false;
          schedule(debounceMs);
        }
      }
    })();
    return running;
  }

  const onRemote = (changes: Record<string, SyncChange>) => {
    const foreign = Object.entries(changes).some(
      ([k, c]) => lastWritten.get(k) !== (c.newValue === undefined ? 'undefined' : JSON.stringify(c.newValue)),
    );
    if (foreign) schedule(debounceMs);
  };
  const onStorage = (changes: Record<string, SyncChange>, areaName: string) => {
    if (areaName !== 'local') return;
    if (SYNC_ENABLED_KEY in changes && changes[SYNC_ENABLED_KEY].newValue !== false) {
      markDirty();
      markKeys(null); // turned on: the first pass after that reads the whole library
      schedule(0);
    } else if (SETTINGS_KEY in changes) {
      markDirty();
      schedule(debounceMs);
    }
  };

  return {
    start() {
      deps.area.onChanged.addListener(onRemote);
      deps.storageChanges?.addListener(onStorage);
      // Not at once: whatever woke the worker (a popup, the library page, a chapter) reads the
      // library first. A pass only holds short transactions (see engine.ts), but over a large
      // library it is seconds of reading and writing that would queue with that first read.
      schedule(deps.startDelayMs ?? 15_000);
    },
    stop() {
      deps.area.onChanged.removeListener(onRemote);
      deps.storageChanges?.removeListener(onStorage);
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    poke(keys = null) {
      markDirty();
      markKeys(keys);
      schedule(debounceMs);
    },
    flush: (force?: boolean) => flush(force ?? true),
    check: () => flush(false, false),
    async idle() {
      while (running) await running;
    },
  };
}
