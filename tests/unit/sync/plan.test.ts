/** lib/sync/plan.ts: what storage.sync should hold, within its budget. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { encodeEntry } from '../../../lib/sync/codec';
import { buildPlan, figuresOf, planItems, tierOf } from '../../../lib/sync/plan';
import { DEFAULT_BUDGET, type SyncEntry, type SyncStory } from '../../../lib/sync/types';
import { DAY, freshName, T0 } from './helpers';

const syncStory = (id: string, over: Partial<SyncStory> = {}): SyncEntry => ({
  kind: 'story',
  story: {
    key: `ao3:${id}`,
    site: 'ao3',
    storyId: id,
    title: `Story ${id}`,
    url: `https://archiveofourown.org/works/${id}`,
    followed: false,
    followAt: 0,
    readingStatus: null,
    statusAt: 0,
    readAt: T0,
    chapterId: null,
    chapterIndex: null,
    chapterUrl: null,
    position: null,
    corrections: {},
    ...over,
  },
});

describe('tiers', () => {
  it("reader-owned data first, then stories read lately; old reading is not synced", () => {
    const now = T0 + 40 * DAY;
    expect(tierOf(syncStory('1', { followed: true, followAt: T0 }), now)).toBe(0);
    expect(tierOf(syncStory('2', { readAt: now - DAY }), now)).toBe(1);
    expect(tierOf(syncStory('3'), now)).toBe(-1);
    expect(tierOf({ kind: 'tombstone', tombstone: { key: 'ao3:4', removedAt: now - DAY } }, now)).toBe(0);
  });
});

describe('planning', () => {
  it('fills the budget most recent first, and never drops what only the remote knows', () => {
    const entries = new Map<string, SyncEntry>();
    for (let i = 1; i <= 20; i++) entries.set(`ao3:${i}`, syncStory(String(i), { readAt: T0 + i * 1000 }));
    const budget = { ...DEFAULT_BUDGET, bytes: 600 };
    const plan = planItems(entries, 0, 0, budget, T0 + 30_000, new Set(['ao3:1']));
    const included = plan.included.map((it) => it.key);
    expect(included).toContain('ao3:1'); // kept whatever its rank
    expect(included).toContain('ao3:20');
    expect(included).not.toContain('ao3:2');
    expect(figuresOf(plan)).toEqual({ storiesSynced: included.length, storiesTotal: 20, overflow: true });
  });

  it('after a change, a story it did not read is taken as the area holds it: not rewritten, not kept at any cost', async () => {
    const db = await openLibrary(freshName('plan'));
    const one = syncStory('1', { readAt: T0 });
    const two = syncStory('2', { readAt: T0 + 1000, followed: true, followAt: T0 + 1000 });
    const all = { v: { v: 1 }, 's:ao3:1': encodeEntry(one), 's:ao3:2': encodeEntry(syncStory('2', { readAt: T0 })) };
    const local = new Map([['ao3:2', { entry: two }]]);
    const { writes, removals, plan } = await buildPlan(db, all, local, T0 + 2000, {}, true, new Set(['ao3:2']));
    expect(Object.keys(writes)).toEqual(['s:ao3:2']);
    expect(removals).toEqual([]);
    expect(plan.included.map((it) => it.key).sort()).toEqual(['ao3:1', 'ao3:2']);
    // An item it cannot read (a site of a newer version) for a story it did not read stays, and counts.
    const foreign = { ...all, 's:newsite:7': ['Elsewhere', 'newsite.example/7'] };
    const withForeign = await buildPlan(db, foreign, local, T0 + 2000, {}, true, new Set(['ao3:2']));
    expect(withForeign.removals).toEqual([]);
    expect(withForeign.plan.bytes).toBeGreaterThan(plan.bytes);
    // Without `read`, the same call sees story 1 as missing from the library: kept as the remote's.
    const full = await buildPlan(db, all, local, T0 + 2000, {}, true);
    expect(full.writes).toEqual(writes);
    db.close();
  });
});
