/**
 * The storage.sync side of a pass: what the area holds, decoded and checked (a newer format is
 * left alone), and how many bytes it uses.
 */
import type { LibraryDB } from '../library/schema';
import { decodeEntry, FORMAT_VERSION, itemBytes, storyKeyOfItem, VERSION_KEY } from './codec';
import { patchState } from './state';
import type { SyncArea, SyncEntry } from './types';

export function decodeRemote(all: Record<string, unknown>, now: number): Map<string, SyncEntry> {
  const out = new Map<string, SyncEntry>();
  for (const [k, v] of Object.entries(all)) {
    const e = decodeEntry(k, v, now);
    if (e) out.set(storyKeyOfItem(k), e);
  }
  return out;
}

export function remoteVersion(all: Record<string, unknown>): number {
  const v = all[VERSION_KEY];
  return v && typeof v === 'object' && typeof (v as { v?: unknown }).v === 'number' ? (v as { v: number }).v : 0;
}

export class NewerSyncFormatError extends Error {
  constructor() {
    super('The synced library was written by a newer version of Calm Reader: update this one to sync.');
    this.name = 'NewerSyncFormatError';
  }
}

/** What storage.sync holds, unless a newer version of the extension wrote it. */
export async function readRemote(db: LibraryDB, area: SyncArea): Promise<Record<string, unknown>> {
  const all = await area.get(null);
  if (remoteVersion(all) > FORMAT_VERSION) {
    await patchState(db, { newerFormat: true });
    throw new NewerSyncFormatError();
  }
  return all;
}

export async function bytesInUse(area: SyncArea, all: Record<string, unknown>): Promise<number> {
  if (area.getBytesInUse) {
    try {
      return await area.getBytesInUse(null);
    } catch {
      // this browser has no getBytesInUse for sync: count as Chrome does
    }
  }
  return Object.entries(all).reduce((n, [k, v]) => n + itemBytes(k, v), 0);
}
