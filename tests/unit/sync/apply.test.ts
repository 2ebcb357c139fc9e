/** lib/sync/apply.ts: the write phase merges the remote into the library, story by story. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { recordVisit } from '../../../lib/library/store';
import { commit } from '../../../lib/sync/apply';
import { readLibrary, readStories, SHADOW_PREFIX } from '../../../lib/sync/observe';
import type { SyncEntry } from '../../../lib/sync/types';
import { ao3, freshName, T0, visit } from './helpers';
import { chapterIn } from '../../../lib/library/chapter-sets';

const remoteStory = (id: string, over: Partial<Extract<SyncEntry, { kind: 'story' }>['story']> = {}): SyncEntry => ({
  kind: 'story',
  story: {
    key: `ao3:${id}`, site: 'ao3', storyId: id, title: `Story ${id}`, url: `https://archiveofourown.org/works/${id}`,
    followed: true, followAt: T0 + 5000, readingStatus: 'reading', statusAt: T0 + 5000, readAt: T0 + 5000,
    chapterId: '1002', chapterIndex: 1, chapterUrl: `https://archiveofourown.org/works/${id}/chapters/1002`,
    position: { b: 4, r: 0.5, t: T0 + 5000 }, corrections: {},
    ...over,
  },
});

describe('the write phase', () => {
  it('takes what the remote changed last, stores the shadows, and a second pass writes nothing', async () => {
    const db = await openLibrary(freshName('apply'));
    await recordVisit(db, visit(ao3('1', 1)), T0);
    const remote = new Map([
      ['ao3:1', remoteStory('1')],
      ['ao3:2', remoteStory('2')],
    ]);
    const first = await commit(db, await readLibrary(db, T0 + 10_000), remote, T0 + 10_000);
    expect(first.applied.sort()).toEqual(['ao3:1', 'ao3:2']);
    const one = await db.get('stories', 'ao3:1');
    expect(one).toMatchObject({ followed: true, readingStatus: 'reading', lastChapterId: '1002' });
    expect(chapterIn(await db.get('chapterSets', 'ao3:1'), '1002')?.position).toEqual({ blockIndex: 4, offsetRatio: 0.5, updatedAt: T0 + 5000 });
    expect(await db.get('meta', SHADOW_PREFIX + 'ao3:2')).toMatchObject({ f: true, s: 'reading' });
    const second = await commit(db, await readStories(db, ['ao3:1', 'ao3:2'], T0 + 20_000), remote, T0 + 20_000);
    expect(second.applied).toEqual([]);
    expect([...second.local.keys()].sort()).toEqual(['ao3:1', 'ao3:2']);
    db.close();
  });
});
