/**
 * Writes to the library that change what sync carries (a visit, a position, a follow, a reading
 * status, a removal, the notes memory, a restored backup), announced after their transaction
 * committed. The sync transports listen here instead of to a list of message names, so any path
 * that writes through the store (a message handler, a list page, the options page, a test) is seen.
 * Sync's own merges write with their own transactions and announce nothing, so a sync never
 * starts another.
 */
export type LibraryChange = 'visit' | 'position' | 'follow' | 'status' | 'delete' | 'notes' | 'import';

/**
 * The stories a write touched, so sync passes only those (lib/sync/dirty.ts). null: not known
 * (a restored backup, stories added from a list): sync then passes over the whole library.
 */
export type ChangedKeys = readonly string[] | null;

type Listener = (change: LibraryChange, keys: ChangedKeys) => void;
const listeners = new Set<Listener>();

/** Listen to the library's changes; returns the function that stops listening. */
export function onLibraryChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tell every listener; a listener that throws does not keep the others from hearing it. */
export function announceChange(change: LibraryChange, keys: ChangedKeys = null): void {
  for (const l of [...listeners]) {
    try {
      l(change, keys);
    } catch (err) {
      console.warn('[calm-reader] a library change listener failed', err);
    }
  }
}

/** `work`'s result, once it succeeded, with `change` (to the stories `keys`) announced. */
export async function announced<T>(change: LibraryChange, work: Promise<T>, keys: ChangedKeys = null): Promise<T> {
  const result = await work;
  announceChange(change, keys);
  return result;
}
