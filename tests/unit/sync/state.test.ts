/** lib/sync/state.ts: the engine's own record and the reader's on/off switch. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { getState, isSyncEnabled, patchState, setSyncEnabled } from '../../../lib/sync/state';
import { freshName, memoryLocal } from './helpers';

describe('sync state', () => {
  it('patches the record field by field, starting from "never ran"', async () => {
    const db = await openLibrary(freshName('state'));
    expect(await getState(db)).toBeUndefined();
    await patchState(db, { lastError: 'offline' });
    expect(await getState(db)).toEqual({ initialized: false, lastSyncAt: null, lastError: 'offline' });
    await patchState(db, { lastSyncAt: 5, lastError: null, lastFullAt: 5 });
    expect(await getState(db)).toEqual({ initialized: false, lastSyncAt: 5, lastError: null, lastFullAt: 5 });
    db.close();
  });

  it('sync is on unless the reader turned it off', async () => {
    const local = memoryLocal();
    expect(await isSyncEnabled(local)).toBe(true);
    await setSyncEnabled(local, false);
    expect(await isSyncEnabled(local)).toBe(false);
    await setSyncEnabled(local, true);
    expect(await isSyncEnabled(local)).toBe(true);
  });
});
