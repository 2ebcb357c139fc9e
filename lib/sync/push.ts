/**
 * Push: storage.sync is read again (what another device wrote during the pass is merged, not
 * overwritten), the plan made, then written: at most one remove and one set per pass.
 */
import type { LibraryDB } from '../library/schema';
import type { SyncFigures } from './state';
import { buildPlan, type Plan, type SyncOptions } from './plan';
import { readRemote } from './remote';
import type { SyncArea, SyncEntry } from './types';

export interface PushResult {
  /** Items written (one set call). */
  written: string[];
  /** Items removed (one remove call). */
  removed: string[];
  storiesSynced: number;
  storiesTotal: number;
  overflow: boolean;
  bytes: number;
  /** As the status reports them (overflow = a story did not fit, not only a correction). */
  figures: SyncFigures;
}

/** A push planned, not yet written. */
export interface PreparedPush {
  /** The sync area as read again for this push. */
  again: Record<string, unknown>;
  plan: Plan;
  writes: Record<string, unknown>;
  removals: string[];
}

/**
 * Read storage.sync again and plan what to write for `local` merged with it (`read`: only these
 * stories were read, see buildPlan).
 */
export async function preparePush(
  db: LibraryDB,
  area: SyncArea,
  local: Map<string, { entry: SyncEntry }>,
  now: number,
  options: SyncOptions,
  read?: ReadonlySet<string>,
): Promise<PreparedPush> {
  const again = await readRemote(db, area);
  return { again, ...(await buildPlan(db, again, local, now, options, false, read)) };
}

/** Write a prepared push: removals first (they free room for what is written next), then one set. */
export async function writePush(area: SyncArea, prepared: PreparedPush, figures: SyncFigures): Promise<PushResult> {
  const { plan, writes, removals } = prepared;
  if (removals.length) await area.remove(removals);
  const written = Object.keys(writes);
  if (written.length) await area.set(writes);
  return {
    written,
    removed: removals,
    storiesSynced: figures.storiesSynced,
    storiesTotal: figures.storiesTotal,
    overflow: plan.excluded.length > 0,
    bytes: plan.bytes,
    figures,
  };
}
