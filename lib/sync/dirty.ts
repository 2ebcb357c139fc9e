/**
 * What changed since the last pass, so a pass reads and pushes only that (issue 25):
 *
 * - Dirty marks, one record per story in the library's meta store (`sync:d:<storyKey>` = when it
 *   was marked), written when the store announces a write to that story (lib/library/changes.ts).
 *   In IndexedDB, not in the worker's memory: MV3 may stop the worker between the write and the pass.
 * - A full-pass mark (`sync:full`): a write whose stories are not known (a restored backup,
 *   stories added from a list), sync switched on, "Sync now".
 * - The sync area as this device last saw it (`sync:area`: a hash per item), so a pass finds the
 *   items another device changed, even those whose onChanged event reached no running worker.
 *
 * A pass reads the marks, then clears only the marks it read (a mark set again meanwhile keeps
 * its newer time, and the next pass takes it).
 */
import type { LibraryDB } from '../library/schema';
import { fnv1a, FNV_SEED_2 } from '../shared/fnv';
import { isStoryItem, storyKeyOfItem } from './codec';

export const DIRTY_PREFIX = 'sync:d:';
export const FULL_KEY = 'sync:full';
export const AREA_KEY = 'sync:area';

const dirtyRange = () => IDBKeyRange.bound(DIRTY_PREFIX, DIRTY_PREFIX + '\uffff');

export interface DirtyMarks {
  /** Story key → when it was marked. */
  keys: Map<string, number>;
  /** When a full pass was asked for (null: none). */
  full: number | null;
}

/** Mark stories dirty; `keys` null (not known) asks for a full pass. */
export async function markDirty(db: LibraryDB, keys: readonly string[] | null, at: number): Promise<void> {
  if (keys !== null && keys.length === 0) return;
  const tx = db.transaction('meta', 'readwrite');
  if (keys === null) void tx.store.put(at, FULL_KEY);
  else for (const key of new Set(keys)) void tx.store.put(at, DIRTY_PREFIX + key);
  await tx.done;
}

export async function readDirty(db: LibraryDB): Promise<DirtyMarks> {
  const tx = db.transaction('meta', 'readonly');
  const [keys, values, full] = await Promise.all([
    tx.store.getAllKeys(dirtyRange()),
    tx.store.getAll(dirtyRange()),
    tx.store.get(FULL_KEY),
  ]);
  const marks = new Map<string, number>();
  keys.forEach((k, i) => marks.set(String(k).slice(DIRTY_PREFIX.length), Number(values[i])));
  return { keys: marks, full: typeof full === 'number' ? full : null };
}

/** Whether any mark waits for a pass (a key count over the marks, not a read of the library). */
export async function hasDirty(db: LibraryDB): Promise<boolean> {
  const tx = db.transaction('meta', 'readonly');
  const [marks, full] = await Promise.all([tx.store.count(dirtyRange()), tx.store.count(FULL_KEY)]);
  return marks + full > 0;
}

/** Clear the marks `seen` holds, unless one was set again since it was read. */
export async function clearDirty(db: LibraryDB, seen: DirtyMarks): Promise<void> {
  if (seen.keys.size === 0 && seen.full === null) return;
  const tx = db.transaction('meta', 'readwrite');
  const drop = async (id: string, at: number) => {
    if ((await tx.store.get(id)) === at) await tx.store.delete(id);
  };
  await Promise.all([
    ...[...seen.keys].map(([key, at]) => drop(DIRTY_PREFIX + key, at)),
    ...(seen.full === null ? [] : [drop(FULL_KEY, seen.full)]),
  ]);
  await tx.done;
}

/** A short hash of one item's value. */
export function itemHash(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return `${fnv1a(text).toString(36)}${fnv1a(text, FNV_SEED_2).toString(36)}`;
}

export type AreaHashes = Record<string, string>;

export async function readAreaHashes(db: LibraryDB): Promise<AreaHashes | null> {
  const got = await db.get('meta', AREA_KEY);
  return got && typeof got === 'object' ? (got as AreaHashes) : null;
}

/**
 * The sync area as this device knows it after a pass: the items as the pass read them before its
 * own writes, then its writes and removals. A key another device changed between that read and
 * the writes keeps the hash of the first read, so the next pass sees it differ and takes it.
 */
export function areaAfterPass(
  before: Record<string, unknown>,
  again: Record<string, unknown>,
  writes: Record<string, unknown>,
  removals: readonly string[],
): AreaHashes {
  const out: AreaHashes = {};
  for (const [k, v] of Object.entries(before)) out[k] = itemHash(v);
  for (const [k, v] of Object.entries(writes))
    if (itemHash(again[k]) === itemHash(before[k])) out[k] = itemHash(v);
  for (const k of removals) if (itemHash(again[k]) === itemHash(before[k])) delete out[k];
  return out;
}

export async function writeAreaHashes(db: LibraryDB, hashes: AreaHashes): Promise<void> {
  await db.put('meta', hashes, AREA_KEY);
}

/** The stories whose items differ between what this device saw (`seen`) and the area now. */
export function changedStories(seen: AreaHashes, all: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(all)) if (isStoryItem(k) && seen[k] !== itemHash(v)) out.push(storyKeyOfItem(k));
  return out;
}
