/** lib/sync/push.ts: the area read again, the plan made, then one remove and one set at most. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { encodeEntry } from '../../../lib/sync/codec';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { figuresOf } from '../../../lib/sync/plan';
import { preparePush, writePush } from '../../../lib/sync/push';
import type { SyncEntry } from '../../../lib/sync/types';
import { DAY, freshName, T0 } from './helpers';

const entry = (id: string, readAt: number): SyncEntry => ({
  kind: 'story',
  story: {
    key: `ao3:${id}`, site: 'ao3', storyId: id, title: `Story ${id}`, url: `https://archiveofourown.org/works/${id}`,
    followed: false, followAt: 0, readingStatus: null, statusAt: 0, readAt,
    chapterId: null, chapterIndex: null, chapterUrl: null, position: null, corrections: {},
  },
});

describe('push', () => {
  it('writes the plan in one set, removes what no longer qualifies in one remove, and then has nothing to do', async () => {
    const db = await openLibrary(freshName('push'));
    const backend = createMemorySyncBackend();
    const area = backend.device('A');
    const now = T0 + 60 * DAY;
    // An item read long ago (no longer synced) that this library holds as well.
    await area.set({ 's:ao3:9': encodeEntry(entry('9', T0)) });
    const local = new Map([
      ['ao3:1', { entry: entry('1', now - 1000) }],
      ['ao3:9', { entry: entry('9', T0) }],
    ]);
    const ops = area.writeOps;
    const prepared = await preparePush(db, area, local, now, {});
    const result = await writePush(area, prepared, figuresOf(prepared.plan));
    expect(result.written.sort()).toEqual(['s:ao3:1', 'v']);
    expect(result.removed).toEqual(['s:ao3:9']);
    expect(area.writeOps - ops).toBe(2);
    expect(Object.keys(backend.snapshot()).sort()).toEqual(['s:ao3:1', 'v']);
    const again = await preparePush(db, area, local, now, {});
    expect(again.writes).toEqual({});
    expect(again.removals).toEqual([]);
    db.close();
  });
});
