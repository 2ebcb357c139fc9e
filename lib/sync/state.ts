/**
 * Sync's bookkeeping: the engine's own record in the library's meta store (whether a first pass
 * ran, the last outcome, the last plan's figures) and the reader's on/off switch (storage.local).
 */
import type { LibraryDB } from '../library/schema';
import type { LocalArea } from './types';

export const STATE_KEY = 'sync:state';
export const SYNC_ENABLED_KEY = 'syncEnabled';

export interface EngineState {
  initialized: boolean;
  lastSyncAt: number | null;
  lastError: string | null;
  /** The sync data was written by a newer format: stay away from it. */
  newerFormat?: boolean;
  /**
   * What the last run synced (its plan), so the status answers without planning again: planning
   * reads the whole library (about a second of the worker's time at 10,000 stories, during which
   * the popup and the library page wait for their answers).
   */
  figures?: SyncFigures;
  /** When the last pass over the whole library ran (passes after a change read only what changed). */
  lastFullAt?: number;
}

/** How much of the library the last run fitted into sync storage. */
export interface SyncFigures {
  storiesSynced: number;
  storiesTotal: number;
  /** Some story did not fit. */
  overflow: boolean;
}

export async function getState(db: LibraryDB): Promise<EngineState | undefined> {
  return (await db.get('meta', STATE_KEY)) as EngineState | undefined;
}

export async function patchState(db: LibraryDB, patch: Partial<EngineState>): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const cur = ((await tx.store.get(STATE_KEY)) as EngineState | undefined) ?? {
    initialized: false,
    lastSyncAt: null,
    lastError: null,
  };
  await tx.store.put({ ...cur, ...patch }, STATE_KEY);
  await tx.done;
}

export async function isSyncEnabled(local: LocalArea): Promise<boolean> {
  const got = await local.get(SYNC_ENABLED_KEY);
  return got[SYNC_ENABLED_KEY] !== false;
}

export async function setSyncEnabled(local: LocalArea, enabled: boolean): Promise<void> {
  await local.set({ [SYNC_ENABLED_KEY]: enabled });
}
