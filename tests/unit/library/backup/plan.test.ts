/** Planning an import (lib/library/backup/plan.ts): pure, from the library as read and the checked file. */
import { describe, expect, it } from 'vitest';
import { parseBackup, planImport, sameRecord } from '../../../../lib/library/backup';
import type { Snapshot } from '../../../../lib/library/backup/io';
import { exportLibrary, exportLibraryJson } from '../../../../lib/library/backup';
import { recordVisit, savePosition, setFollowed } from '../../../../lib/library/store';
import { fresh, visit } from './fixtures';

const NOW = 1_765_000_000_000;
const FUTURE = NOW + 50 * 365 * 24 * 3600_000;

/** The library `db` as planning reads it. */
async function snapshot(db: Awaited<ReturnType<typeof fresh>>): Promise<Snapshot> {
  const { stories, chapters, noteMemory, meta } = await exportLibrary(db, 0);
  return { stories, chapters, noteMemory, meta };
}

describe('planImport', () => {
  it('merge writes only what the one merge changes, and recounts unread chapters of the stories it touches', async () => {
    const here = await fresh();
    const there = await fresh();
    const toc = [1, 2, 3].map((i) => ({ id: `c${i}`, title: null, url: `https://archiveofourown.org/works/123/chapters/c${i}` }));
    for (const db of [here, there]) await recordVisit(db, visit({ chapterId: 'c1', toc }), NOW - 9000);
    await recordVisit(there, visit({ chapterId: 'c2', chapterIndex: 1 }), NOW - 5000);
    const file = parseBackup((await exportLibraryJson(there, NOW)).json, NOW);
    const plan = planImport(await snapshot(here), file, 'merge', NOW);
    expect(plan.clear).toBe(false);
    expect(plan.put.chapters.map((c) => c.chapterId)).toEqual(['c2']);
    expect(plan.put.stories).toHaveLength(1);
    expect(plan.put.stories[0]).toMatchObject({ lastChapterId: 'c2', unread: 1 });
    expect(plan.report).toMatchObject({ added: 0, updated: 1, unchanged: 0, chapters: 1 });
    // The same file again: nothing to write.
    const here2 = await fresh();
    await recordVisit(here2, visit({ chapterId: 'c1', toc }), NOW - 9000);
    await recordVisit(here2, visit({ chapterId: 'c2', chapterIndex: 1 }), NOW - 5000);
    const again = planImport(await snapshot(here2), file, 'merge', NOW);
    expect(again.put.stories.length + again.put.chapters.length).toBe(0);
  });

  it('merge: a library record dated in the future does not win over the file', async () => {
    const here = await fresh();
    const there = await fresh();
    await recordVisit(here, visit({ chapterId: 'c1' }), NOW - 9000);
    await savePosition(here, 'ao3:123', 'c1', { blockIndex: 80, offsetRatio: 0, updatedAt: NOW - 9000 });
    await recordVisit(there, visit({ chapterId: 'c1' }), NOW - 9000);
    await savePosition(there, 'ao3:123', 'c1', { blockIndex: 3, offsetRatio: 0, updatedAt: NOW - 1000 });
    const current = await snapshot(here);
    current.chapters[0] = { ...current.chapters[0], position: { blockIndex: 80, offsetRatio: 0, updatedAt: FUTURE } };
    const plan = planImport(current, parseBackup((await exportLibraryJson(there, NOW)).json, NOW), 'merge', NOW);
    expect(plan.put.chapters[0].position).toEqual({ blockIndex: 3, offsetRatio: 0, updatedAt: NOW - 1000 });
  });

  it('replace puts the whole file after clearing, and reports what the library loses', async () => {
    const here = await fresh();
    const there = await fresh();
    await recordVisit(here, visit({ storyId: 'only-here' }), NOW - 1000);
    await recordVisit(there, visit(), NOW - 1000);
    await setFollowed(there, 'ao3:123', true);
    const file = parseBackup((await exportLibraryJson(there, NOW)).json, NOW);
    const plan = planImport(await snapshot(here), file, 'replace', NOW);
    expect(plan.clear).toBe(true);
    expect(plan.put.stories.map((s) => s.key)).toEqual(['ao3:123']);
    expect(plan.report).toMatchObject({ added: 1, removed: 1, updated: 0, chapters: 1 });
  });
});

describe('sameRecord', () => {
  it('ignores key order and undefined fields, and sees any other difference', () => {
    expect(sameRecord({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(sameRecord({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameRecord([1, 2], [2, 1])).toBe(false);
    expect(sameRecord({ a: [] }, { a: {} })).toBe(false);
  });
});
