/** The file's layouts and packing (lib/library/backup/format.ts). */
import { describe, expect, it } from 'vitest';
import { BackupError, backupText, chapterRow, compactStory, refusal } from '../../../../lib/library/backup/format';
import type { ChapterRecord, StoryRecord } from '../../../../lib/library/types';
import { gzip } from './fixtures';

describe('version 2 layout', () => {
  it('writes chapters as rows, with the position only when there is one', () => {
    const c: ChapterRecord = { key: 's#1', storyKey: 's', chapterId: '1', index: 0, title: 'T', url: 'https://x.org/1', firstReadAt: 1, lastReadAt: 2, position: null };
    expect(chapterRow(c)).toEqual(['1', 0, 'T', 'https://x.org/1', 1, 2]);
    expect(chapterRow({ ...c, position: { blockIndex: 3, offsetRatio: 0.5, updatedAt: 4 } })).toEqual(['1', 0, 'T', 'https://x.org/1', 1, 2, 3, 0.5, 4]);
  });

  it('writes TOC entries as tuples, a date only when the entry has one', () => {
    const s = { key: 'a:1', toc: [{ id: '1', title: null, url: 'u' }, { id: '2', title: 'B', url: 'v', date: null }] } as unknown as StoryRecord;
    expect((compactStory(s) as { toc: unknown[] }).toc).toEqual([['1', null, 'u'], ['2', 'B', 'v', null]]);
    const legacy = { key: 'a:2' } as unknown as StoryRecord;
    expect(compactStory(legacy)).toBe(legacy);
  });
});

describe('backupText', () => {
  it('unpacks gzip and reads plain UTF-8 as it is', async () => {
    const text = '{"format":"calm-reader-backup","title":"Où — 世界"}';
    expect(await backupText(await gzip(text))).toBe(text);
    expect(await backupText(new TextEncoder().encode(text))).toBe(text);
  });

  it('refuses a damaged gzip with a message that nothing changed', async () => {
    const packed = await gzip('x'.repeat(10_000));
    await expect(backupText(packed.slice(0, packed.length - 6))).rejects.toThrow(BackupError);
    await expect(backupText(packed.slice(0, packed.length - 6))).rejects.toThrow(/Nothing was changed/);
    expect(refusal('backupDamaged').message).toMatch(/Nothing was changed/);
  });
});
