/**
 * The sync engine: IndexedDB is the source of truth, storage.sync the transport. This file only
 * coordinates a pass; each step has its own module (and a test of the same name):
 *
 * - observe.ts: how sync sees a story (its shadow: reader-owned values as last seen and when they
 *   changed) and the read phase: read-only transactions, READ_PAGE stories each.
 * - apply.ts: the write phase: WRITE_BATCH stories per read-write transaction, each story read
 *   again inside it and merged as it is then (a save made during the pass is stamped and kept).
 * - plan.ts: what storage.sync should hold within its budget, most recently read first.
 * - push.ts: storage.sync read again and the plan written (one remove, one set at most).
 * - remote.ts: the area's items decoded and checked; settings.ts: reader settings;
 *   state.ts: the engine's record (first pass done, last outcome, figures) and the on/off switch.
 *
 * - pullRemote: merge every synced record into the library (never loses newer local data).
 * - pushLocal: write merge(library, synced) for the stories that fit the budget.
 * - syncOnce: both, from one read of the library. syncStatus: the read and the plan only.
 *
 * A run never holds a read-write transaction over the library (at 10,000 stories that took
 * 10–18 s, and every read and save of the extension waited for it). Pages and batches are read at
 * slightly different times: a story the reader changes during a run may go out as it was at the
 * read; the change itself asks for another run, which pushes it.
 */
import type { LibraryDB } from '../library/schema';
import { FORMAT_VERSION } from './codec';
import { commit } from './apply';
import { itemsOf, readLibrary, type LocalItem } from './observe';
import { buildPlan, figuresOf, type SyncOptions } from './plan';
import { push, type PushResult } from './push';
import { bytesInUse, decodeRemote, readRemote, remoteVersion } from './remote';
import { pullSettings } from './settings';
import { getState, isSyncEnabled, patchState } from './state';
import { SYNC_QUOTA, type LocalArea, type SyncArea, type SyncEntry, type SyncStatus } from './types';

export { SHADOW_PREFIX, READ_PAGE, RECENT_WINDOW, TOMBSTONE_TTL, type Shadow } from './observe';
export { WRITE_BATCH } from './apply';
export { tierOf, type SyncOptions } from './plan';
export type { PushResult } from './push';
export { NewerSyncFormatError } from './remote';
export { SETTINGS_SHADOW_KEY } from './settings';
export { isSyncEnabled, setSyncEnabled, STATE_KEY, SYNC_ENABLED_KEY, type SyncFigures } from './state';

export interface PullResult {
  /** Story keys whose library record changed. */
  applied: string[];
  removed: string[];
  settingsApplied: boolean;
}

/** Read phase, then write phase merging the remote in. Returns the library as sync then sees it. */
async function pull(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions,
): Promise<{ result: PullResult; local: Map<string, LocalItem> }> {
  const all = await readRemote(db, area);
  const snapshot = await readLibrary(db, now);
  const { local, applied, removed } = await commit(db, snapshot, decodeRemote(all, now), now);
  const settingsApplied = options.local ? await pullSettings(db, all, options.local, now) : false;
  return { result: { applied, removed, settingsApplied }, local };
}

/** Merge what storage.sync holds into the library. */
export async function pullRemote(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<PullResult> {
  return (await pull(db, area, now, options)).result;
}

/** Write the library (merged with what is synced) to storage.sync, within the budget. */
export async function pushLocal(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<PushResult> {
  await readRemote(db, area); // a newer format: touch nothing
  const { local } = await commit(db, await readLibrary(db, now), null, now);
  return push(db, area, local, now, options);
}

/** Pull, then push (from the same read of the library). Records the outcome for syncStatus. */
export async function syncOnce(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<{ pull: PullResult; push: PushResult }> {
  try {
    const pulled = await pull(db, area, now, options);
    const pushed = await push(db, area, pulled.local, now, options);
    await patchState(db, { lastSyncAt: now, lastError: null, newerFormat: false, figures: pushed.figures });
    return { pull: pulled.result, push: pushed };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await patchState(db, { lastError: message }).catch(() => undefined);
    throw err;
  }
}

/**
 * For the settings page: what is synced, what does not fit. Writes nothing.
 * After a run, the figures are that run's (changes sync within seconds, and the run records new
 * ones); `fresh` plans again from the whole library (turning sync on, before any run).
 */
export async function syncStatus(
  db: LibraryDB,
  area: SyncArea,
  local: LocalArea,
  now: number,
  options: Omit<SyncOptions, 'local'> & { fresh?: boolean } = {},
): Promise<SyncStatus> {
  const [enabled, all, state] = await Promise.all([isSyncEnabled(local), area.get(null), getState(db)]);
  let figures = !options.fresh && state?.lastSyncAt != null ? state.figures : undefined;
  if (!figures) {
    // Only reading (read-only transactions block no reader); the shadows are not stamped.
    const snapshot = await readLibrary(db, now);
    figures = figuresOf((await buildPlan(db, all, itemsOf(snapshot.observed), now, { ...options, local }, true)).plan);
  }
  return {
    enabled,
    ...figures,
    bytesUsed: await bytesInUse(area, all),
    quotaBytes: SYNC_QUOTA.QUOTA_BYTES,
    newerFormat: remoteVersion(all) > FORMAT_VERSION,
    lastSyncAt: state?.lastSyncAt ?? null,
    lastError: state?.lastError ?? null,
  };
}

/**
 * For another transport (lib/sync/webdav): the same read and write phases as a storage.sync run.
 * Reads the library, stamps what changed, merges `remote` (already decoded and clamped) into it
 * with the shared rules (merge.ts), and returns every story and removal as sync then sees it.
 * Passing no remote only observes (a push without a pull).
 */
export async function mergeIntoLibrary(
  db: LibraryDB,
  remote: Map<string, SyncEntry> | null,
  now: number,
  /** After each write batch: stories written so far, of how many. */
  onProgress?: (done: number, total: number) => void,
): Promise<{ local: Map<string, SyncEntry>; applied: string[]; removed: string[] }> {
  const { local, applied, removed } = await commit(db, await readLibrary(db, now), remote, now, onProgress);
  const entries = new Map<string, SyncEntry>();
  for (const [key, item] of local) entries.set(key, item.entry);
  return { local: entries, applied, removed };
}
