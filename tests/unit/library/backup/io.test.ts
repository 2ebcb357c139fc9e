/** Reading and writing the whole library (lib/library/backup/io.ts). */
import { describe, expect, it } from 'vitest';
import { ALL_STORES, readChapters, readStored } from '../../../../lib/library/backup/io';
import { inTx } from '../../../../lib/library/store';
import type { ChapterRecord } from '../../../../lib/library/types';
import { bulk, fresh } from './fixtures';

describe('readChapters', () => {
  it.each([1, 7, 45, 20_000])('reads every chapter once, in key order, in pages of about %i (orphans and odd keys too)', async (pageSize) => {
    const db = await fresh();
    await bulk(db, 40, 6);
    // Chapters whose story is not stored, sorting before, between and after the stories' keys.
    const orphan = (storyKey: string, id: string): ChapterRecord => ({
      key: `${storyKey}#${id}`, storyKey, chapterId: id, index: null, title: null, url: '', firstReadAt: 1, lastReadAt: 1, position: null,
    });
    for (const c of [orphan('a', '1'), orphan('ao3:1!', 'x'), orphan('ao3:5', 'y'), orphan('zz', '9')]) await db.put('chapters', c);
    const pages: ChapterRecord[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readChapters(tx, (p) => pages.push(p), pageSize));
    const keys = pages.flat().map((c) => c.key);
    expect(keys).toEqual((await db.getAllKeys('chapters')).map(String));
    expect(keys).toHaveLength(244);
    if (pageSize < 240) expect(pages.length).toBeGreaterThan(1);
    expect((await readStored(db, true)).chapters.map((c) => c.key)).toEqual(keys);
  });

  it('reads an empty library', async () => {
    const db = await fresh();
    const pages: ChapterRecord[][] = [];
    await inTx(db, [...ALL_STORES], 'readonly', 'read', (tx) => readChapters(tx, (p) => pages.push(p)));
    expect(pages).toEqual([]);
  });
});
