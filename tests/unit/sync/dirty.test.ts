/** lib/sync/dirty.ts: what changed since the last pass, kept in the library's meta store. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { areaAfterPass, changedStories, clearDirty, hasDirty, itemHash, markDirty, readDirty } from '../../../lib/sync/dirty';
import { freshName } from './helpers';

describe('dirty marks', () => {
  it('marks stories, asks for a full pass when the stories are not known, and clears only what a pass read', async () => {
    const db = await openLibrary(freshName('dirty'));
    expect(await hasDirty(db)).toBe(false);
    await markDirty(db, ['ao3:1', 'ao3:2', 'ao3:1'], 100);
    expect(await hasDirty(db)).toBe(true);
    await markDirty(db, [], 150); // nothing touched: nothing marked
    const seen = await readDirty(db);
    expect([...seen.keys]).toEqual([['ao3:1', 100], ['ao3:2', 100]]);
    expect(seen.full).toBeNull();
    // Marked again during the pass: kept for the next one.
    await markDirty(db, ['ao3:2'], 200);
    await markDirty(db, null, 210);
    await clearDirty(db, seen);
    const left = await readDirty(db);
    expect([...left.keys]).toEqual([['ao3:2', 200]]);
    expect(left.full).toBe(210);
    await clearDirty(db, left);
    expect(await readDirty(db)).toEqual({ keys: new Map(), full: null });
    expect(await hasDirty(db)).toBe(false);
    db.close();
  });
});

describe('the sync area as last seen', () => {
  it("finds the story items another device changed", () => {
    const seen = { v: itemHash({ v: 1 }), 's:ao3:1': itemHash(['A']), 's:ao3:2': itemHash(['B']) };
    const now = { v: { v: 1 }, 's:ao3:1': ['A'], 's:ao3:2': ['B2'], 's:ao3:3': ['C'], cfg: [1, {}] };
    expect(changedStories(seen, now)).toEqual(['ao3:2', 'ao3:3']);
  });

  it("after a pass: its own writes are seen; an item another device changed meanwhile is not, so the next pass takes it", () => {
    const before = { 's:ao3:1': ['A'], 's:ao3:2': ['B'], 's:ao3:3': ['C'] };
    const again = { 's:ao3:1': ['A'], 's:ao3:2': ['B-other-device'], 's:ao3:3': ['C'] };
    const writes = { 's:ao3:1': ['A2'], 's:ao3:2': ['B2'] };
    const hashes = areaAfterPass(before, again, writes, ['s:ao3:3']);
    const after = { 's:ao3:1': ['A2'], 's:ao3:2': ['B2'] };
    expect(changedStories(hashes, after)).toEqual(['ao3:2']);
    expect('s:ao3:3' in hashes).toBe(false);
  });
});
