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
import { FORMAT_VERSION, isStoryItem, itemKeyOf, storyKeyOfItem } from './codec';
import { commit } from './apply';
import {
  areaAfterPass,
  changedStories,
  clearDirty,
  markDirty,
  readAreaHashes,
  readDirty,
  writeAreaHashes,
  type AreaHashes,
  type DirtyMarks,
} from './dirty';
import { entryOfShadow, itemsOf, readLibrary, readStories, type LocalItem, type Snapshot } from './observe';
import { buildPlan, countStories, figuresOf, tierOf, type SyncOptions } from './plan';
import { preparePush, writePush, type PreparedPush, type PushResult } from './push';
import { bytesInUse, decodeRemote, readRemote, remoteVersion } from './remote';
import { pullSettings } from './settings';
import { getState, isSyncEnabled, patchState, type EngineState, type SyncFigures } from './state';
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

/** A full pass at least this often: a safety net for a mark lost with a crash, and time moves stories out of the "read lately" window. */
export const FULL_PASS_EVERY = 24 * 3_600_000;

export interface SyncOnceOptions extends SyncOptions {
  /**
   * Read only what changed since the last pass, as the dirty marks (dirty.ts) and the sync area
   * say, unless a full pass is due. Only for a caller that marks every write (the scheduler);
   * without it, a pass reads the whole library.
   */
  changedOnly?: boolean;
}

/** One pass: what it pulled, what it pushed, and whether it read the whole library. */
export interface PassResult {
  pull: PullResult;
  push: PushResult;
  /** false: only the stories marked dirty and the items another device changed were read. */
  full: boolean;
  /** Stories read (a full pass: the library). */
  storiesRead: number;
}

interface Pulled {
  result: PullResult;
  local: Map<string, LocalItem>;
  storiesRead: number;
}

/** Merge `remote` into the library as `snapshot` saw it, and take the other devices' settings. */
async function pullInto(
  db: LibraryDB,
  snapshot: Snapshot,
  all: Record<string, unknown>,
  remote: Map<string, SyncEntry>,
  now: number,
  options: SyncOptions,
): Promise<Pulled> {
  const { local, applied, removed } = await commit(db, snapshot, remote, now);
  const settingsApplied = options.local ? await pullSettings(db, all, options.local, now) : false;
  return { result: { applied, removed, settingsApplied }, local, storiesRead: snapshot.observed.size };
}

/** Read phase over the whole library, then write phase merging the remote in. */
async function pull(db: LibraryDB, all: Record<string, unknown>, now: number, options: SyncOptions): Promise<Pulled> {
  return pullInto(db, await readLibrary(db, now), all, decodeRemote(all, now), now, options);
}

/** Merge what storage.sync holds into the library. */
export async function pullRemote(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<PullResult> {
  return (await pull(db, await readRemote(db, area), now, options)).result;
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
  const prepared = await preparePush(db, area, local, now, options);
  return writePush(area, prepared, figuresOf(prepared.plan));
}

interface Passed {
  pulled: Pulled;
  prepared: PreparedPush;
  push: PushResult;
}

async function fullPass(db: LibraryDB, area: SyncArea, all: Record<string, unknown>, now: number, options: SyncOptions): Promise<Passed> {
  const pulled = await pull(db, all, now, options);
  const prepared = await preparePush(db, area, pulled.local, now, options);
  return { pulled, prepared, push: await writePush(area, prepared, figuresOf(prepared.plan)) };
}

/**
 * A pass over `keys` only (the stories marked dirty and those another device changed): they are
 * read, merged and pushed; every other story is taken to be as the area holds it. Returns null
 * when a full pass must run instead: the synced set shrank while stories were left out for want
 * of room (only a full pass knows which one comes next).
 */
async function partialPass(
  db: LibraryDB,
  area: SyncArea,
  all: Record<string, unknown>,
  keys: ReadonlySet<string>,
  prev: SyncFigures,
  now: number,
  options: SyncOptions,
): Promise<Passed | null> {
  const snapshot = await readStories(db, keys, now);
  const remote = decodeRemote(all, now);
  for (const key of remote.keys()) if (!keys.has(key)) remote.delete(key);
  const pulled = await pullInto(db, snapshot, all, remote, now, options);
  const prepared = await preparePush(db, area, pulled.local, now, options, keys);
  const figures = partialFigures(prev, prepared, snapshot, all, keys, now);
  if (!figures) return null;
  return { pulled, prepared, push: await writePush(area, prepared, figures) };
}

const storyItems = (all: Record<string, unknown>) => Object.keys(all).filter(isStoryItem);

/**
 * The status figures after a partial pass: the stories synced are the plan's; the stories that
 * should be synced are the last count, corrected for the stories read (counted before when the
 * area held them, or when their shadow says they qualified and some did not fit) and for the
 * area's stories that no longer qualify. null: room was freed while stories were left out.
 */
function partialFigures(
  prev: SyncFigures,
  prepared: PreparedPush,
  snapshot: Snapshot,
  all: Record<string, unknown>,
  keys: ReadonlySet<string>,
  now: number,
): SyncFigures | null {
  const { plan, again } = prepared;
  const planned = new Set([...plan.included, ...plan.excluded].filter((it) => it.entry.kind === 'story').map((it) => it.key));
  let total = prev.storiesTotal;
  for (const key of keys) {
    const wasSynced = isStoryEntryItem(all[itemKeyOf(key)]);
    const old = entryOfShadow(key, snapshot.before?.get(key));
    const counted = wasSynced || (prev.overflow && old?.kind === 'story' && tierOf(old, now) >= 0);
    total += (planned.has(key) ? 1 : 0) - (counted ? 1 : 0);
  }
  // The area's stories this pass planned (it leaves alone the items it cannot read).
  const decoded = decodeRemote(again, now);
  const known = storyItems(again).filter((k) => isStoryEntryItem(again[k]) && (decoded.has(storyKeyOfItem(k)) || keys.has(storyKeyOfItem(k))));
  for (const k of known) {
    const key = storyKeyOfItem(k);
    if (!keys.has(key) && !planned.has(key)) total--; // no longer qualifies (read too long ago)
  }
  const synced = countStories(plan.included);
  total = Math.max(total, synced + countStories(plan.excluded));
  const shrank = synced < known.length;
  if (total > synced && countStories(plan.excluded) === 0 && shrank) return null;
  return { storiesSynced: synced, storiesTotal: total, overflow: total > synced };
}

/** A story item (not a removal) as the area holds it. */
const isStoryEntryItem = (v: unknown) => Array.isArray(v);

/** Why this pass must read the whole library, or null when the marks say what changed. */
function fullPassReason(
  state: EngineState | undefined,
  marks: DirtyMarks,
  seen: AreaHashes | null,
  asked: boolean,
  now: number,
): string | null {
  if (asked) return 'asked';
  if (!state?.initialized || !state.figures) return 'first pass';
  if (marks.full !== null) return 'a change to unknown stories';
  if (!seen) return 'the area not seen yet';
  if (state.lastFullAt == null || now - state.lastFullAt >= FULL_PASS_EVERY || now < state.lastFullAt) return 'the periodic full pass';
  return null;
}

/**
 * Pull, then push (from the same read of the library). Records the outcome for syncStatus.
 * Reads only what changed since the last pass (dirty.ts) unless a full pass is due.
 */
export async function syncOnce(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOnceOptions = {},
): Promise<PassResult> {
  try {
    const [state, marks, seen] = await Promise.all([getState(db), readDirty(db), readAreaHashes(db)]);
    const all = await readRemote(db, area);
    const reason = fullPassReason(state, marks, seen, options.changedOnly !== true, now);
    let passed: Passed | null = null;
    if (reason === null && state?.figures && seen) {
      const keys = new Set([...marks.keys.keys(), ...changedStories(seen, all)]);
      passed = await partialPass(db, area, all, keys, state.figures, now, options);
    }
    const full = passed === null;
    if (!passed) passed = await fullPass(db, area, all, now, options);
    const { pulled, prepared, push } = passed;
    await clearDirty(db, marks);
    await writeAreaHashes(db, areaAfterPass(all, prepared.again, prepared.writes, prepared.removals));
    await patchState(db, {
      lastSyncAt: now,
      lastError: null,
      newerFormat: false,
      figures: push.figures,
      ...(full ? { lastFullAt: now } : {}),
    });
    return { pull: pulled.result, push, full, storiesRead: pulled.storiesRead };
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
  // What the other transport brought in goes out through browser sync too (its passes read only
  // marked stories; these writes are sync's own and announce nothing).
  await markDirty(db, [...applied, ...removed], now);
  const entries = new Map<string, SyncEntry>();
  for (const [key, item] of local) entries.set(key, item.entry);
  return { local: entries, applied, removed };
}
