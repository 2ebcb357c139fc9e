/** Reading and writing the whole library (lib/library/backup/io.ts). */
import { describe, expect, it } from 'vitest';
import { ALL_STORES, readAhead, readPaged, readStored } from '../../../../lib/library/backup/io';
import { setsOf, type ChapterSet } from '../../../../lib/library/chapter-sets';
import { inTx } from '../../../../lib/library/store';
import type { ChapterRecord } from '../../../../lib/library/types';
import { bulk, fresh } from './fixtures';

describe('readPaged (chapter sets)', () => {
  it.each([1, 7, 45, 20_000])('reads every chapter set once, in key order, in pages of %i (orphans and odd keys too)', async (pageSize) => {
    const db = await fresh();
    await bulk(db, 40, 6);
    // Chapters whose story is not stored, sorting before, between and after the stories' keys.
    const orphan = (storyKey: string, id: string): ChapterRecord => ({
      key: `${storyKey}#${id}`, storyKey, chapterId: id, index: null, title: null, url: '', firstReadAt: 1, lastReadAt: 1, position: null,
    });
    for (const set of setsOf([orphan('a', '1'), orphan('ao3:1!', 'x'), orphan('ao3:5!', 'y'), orphan('zz', '9')])) await db.put('chapterSets', set);
    const pages: ChapterSet[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readPaged(tx, 'chapterSets', (p) => pages.push(p), pageSize));
    const keys = pages.flat().map((c) => c.storyKey);
    expect(keys).toEqual((await db.getAllKeys('chapterSets')).map(String));
    expect(keys).toHaveLength(44);
    expect(pages.flat().reduce((n, s) => n + s.rows.length, 0)).toBe(244);
    if (pageSize < 40) expect(pages.length).toBeGreaterThan(1);
    expect((await readStored(db, true)).chapterSets.map((c) => c.storyKey)).toEqual(keys);
  });

  it('reads an empty library', async () => {
    const db = await fresh();
    const pages: ChapterSet[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readPaged(tx, 'chapterSets', (p) => pages.push(p)));
    expect(pages).toEqual([]);
  });
});

describe('readAhead', () => {
  it.each([1, 7, 45, 1000])('reads every chapter set once, in key order, in pages of %i', async (pageSize) => {
    const db = await fresh();
    await bulk(db, 40, 3);
    const pages: ChapterSet[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readAhead(tx, 'chapterSets', (p) => pages.push(p), pageSize));
    expect(pages.flat().map((s) => s.storyKey)).toEqual((await db.getAllKeys('chapterSets')).map(String));
    expect(pages.length).toBe(Math.ceil(40 / pageSize));
    expect(pages.every((p) => p.length <= pageSize)).toBe(true);
  });

  it('reads an empty store', async () => {
    const db = await fresh();
    const pages: ChapterSet[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readAhead(tx, 'chapterSets', (p) => pages.push(p)));
    expect(pages).toEqual([]);
  });
});
