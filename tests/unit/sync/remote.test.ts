/** lib/sync/remote.ts: the sync area's items decoded and checked. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { itemBytes } from '../../../lib/sync/codec';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { bytesInUse, decodeRemote, NewerSyncFormatError, readRemote, remoteVersion } from '../../../lib/sync/remote';
import { getState } from '../../../lib/sync/state';
import { freshName, T0 } from './helpers';

describe('the sync area', () => {
  it('decodes story items and removals, and ignores settings, the version and malformed items', () => {
    const all = {
      v: { v: 1 },
      cfg: [0, {}],
      's:ao3:1': ['One', 'archiveofourown.org/works/1', 1],
      's:ao3:2': { x: 1000 },
      's:ao3:3': 'not an item',
      's:ao3:4': ['Elsewhere', 'evil.example/works/4'],
    };
    const out = decodeRemote(all, T0);
    expect([...out.keys()].sort()).toEqual(['ao3:1', 'ao3:2']);
    expect(out.get('ao3:1')).toMatchObject({ kind: 'story', story: { followed: true, title: 'One' } });
    expect(out.get('ao3:2')?.kind).toBe('tombstone');
    expect(remoteVersion(all)).toBe(1);
    expect(remoteVersion({ v: 'x' })).toBe(0);
  });

  it('a newer format is left alone, and the engine records why', async () => {
    const db = await openLibrary(freshName('remote'));
    const area = createMemorySyncBackend().device('A');
    await area.set({ v: { v: 99 } });
    await expect(readRemote(db, area)).rejects.toBeInstanceOf(NewerSyncFormatError);
    expect((await getState(db))?.newerFormat).toBe(true);
    db.close();
  });

  it('counts the bytes in use as Chrome does when the area cannot say', async () => {
    const all = { v: { v: 1 }, 's:ao3:1': ['One', 'archiveofourown.org/works/1'] };
    const area = { ...createMemorySyncBackend().device('A'), getBytesInUse: undefined };
    expect(await bytesInUse(area, all)).toBe(itemBytes('v', all.v) + itemBytes('s:ao3:1', all['s:ao3:1']));
  });
});
