/**
 * Push: storage.sync is read again (what another device wrote during the pass is merged, not
 * overwritten) and the plan written: at most one remove and one set per pass.
 */
import type { LibraryDB } from '../library/schema';
import type { SyncFigures } from './state';
import type { LocalItem } from './observe';
import { buildPlan, figuresOf, type SyncOptions } from './plan';
import { readRemote } from './remote';
import type { SyncArea } from './types';

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

/**
 * Push phase: merge `local` with what storage.sync holds now (read again, so what another device
 * wrote during the pass is merged, not overwritten) and write it, within the budget.
 */
export async function push(
  db: LibraryDB,
  area: SyncArea,
  local: Map<string, LocalItem>,
  now: number,
  options: SyncOptions,
): Promise<PushResult> {
  const all = await readRemote(db, area);
  const { plan, writes, removals } = await buildPlan(db, all, local, now, options, false);
  // Remove first: it frees room for what is written next.
  if (removals.length) await area.remove(removals);
  const written = Object.keys(writes);
  if (written.length) await area.set(writes);
  const figures = figuresOf(plan);
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
