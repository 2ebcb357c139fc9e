/** Checks (lib/library/backup/validate.ts): a corrupt, unknown or hostile file is refused whole, and nothing changes. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { LibraryDB } from '../../../../lib/library/schema';
import { BackupError, MAX_BACKUP_CHARS, backupText, exportBackup, exportLibraryJson, importBackup, parseBackup, previewImport, readBackup, type BackupFile } from '../../../../lib/library/backup';
import { recordVisit } from '../../../../lib/library/store';
import { bulk, everything, fresh, gzip, populate, visit } from './fixtures';

describe('a corrupt or hostile file is refused whole', () => {
  let db: LibraryDB;
  let good: BackupFile;
  beforeEach(async () => {
    db = await fresh();
    await populate(db);
    const other = await fresh();
    await recordVisit(other, visit({ storyId: 'new', chapterId: 'n1' }), 10);
    good = JSON.parse((await exportLibraryJson(other, 1)).json) as BackupFile;
  });

  const mutate = (f: (b: Record<string, any>) => void) => {
    const copy = structuredClone(good) as unknown as Record<string, any>;
    f(copy);
    return JSON.stringify(copy);
  };

  const cases: Array<[string, () => unknown, RegExp]> = [
    ['bad JSON', () => '{"format": "calm-reader-backup", "version": 1,', /damaged/],
    ['not text', () => 42, /not a text file/],
    ['an array', () => '[]', /not a Calm Reader backup/],
    ['another format', () => mutate((b) => (b.format = 'other-app')), /not a Calm Reader backup/],
    ['a newer version', () => mutate((b) => (b.version = 3)), /newer Calm Reader.*version 3/],
    ['a version that is text', () => mutate((b) => (b.version = '1')), /unknown version/],
    ['version 0', () => mutate((b) => (b.version = 0)), /unknown version/],
    ['too large', () => ' '.repeat(MAX_BACKUP_CHARS + 1), /larger than 400 MB/],
    ['__proto__ key', () => JSON.stringify(good).replace('"stories":[{', '"stories":[{"__proto__":{"followed":true},'), /forbidden field name "__proto__"/],
    ['constructor key', () => mutate((b) => (b.noteMemory = [{ storyKey: 'x', noteFingerprints: [], corrections: {}, edgeCounts: { constructor: 1 }, updatedAt: 1 }])), /forbidden field name "constructor"/],
    ['stories missing', () => mutate((b) => delete b.stories), /stories is not a list/],
    ['a story that is not an object', () => mutate((b) => (b.stories = ['x'])), /stories\[0\] is not an object/],
    ['a number as text', () => mutate((b) => (b.stories[0].lastReadAt = '5')), /stories\[0\]\.lastReadAt is not a number/],
    ['a negative count', () => mutate((b) => (b.stories[0].chapterCount = -1)), /chapterCount is not a whole number/],
    ['an unknown reading status', () => mutate((b) => (b.stories[0].readingStatus = 'binged')), /readingStatus is not one of/],
    ['a boolean as text', () => mutate((b) => (b.stories[0].followed = 'true')), /followed is not true or false/],
    ['a javascript: story URL', () => mutate((b) => (b.stories[0].url = 'javascript:alert(1)')), /stories\[0\]\.url is not an http\(s\) web address/],
    ['a javascript: chapter URL', () => mutate((b) => (b.chapters[0].url = 'javascript:alert(1)')), /chapters\[0\]\.url/],
    ['a data: last chapter URL', () => mutate((b) => (b.stories[0].lastChapterUrl = 'data:text/html,x')), /lastChapterUrl/],
    ['a javascript: toc URL', () => mutate((b) => (b.stories[0].toc = [{ id: '1', title: null, url: 'JavaScript:alert(1)' }])), /toc\[0\]\.url/],
    ['a key that does not match', () => mutate((b) => (b.stories[0].key = 'ao3:other')), /does not match/],
    ['a bad position', () => mutate((b) => (b.chapters[0].position = { blockIndex: 1, offsetRatio: 7, updatedAt: 1 })), /not a reading position/],
    ['an unknown check state', () => mutate((b) => (b.stories[0].checkState = 'maybe')), /checkState/],
    ['a duplicate story', () => mutate((b) => b.stories.push(b.stories[0])), /holds "ao3:new" twice/],
    ['bad settings', () => mutate((b) => (b.meta = [{ key: 'updateSettings', value: { intervalMinutes: 'often', notify: true } }])), /intervalMinutes/],
  ];

  it.each(cases)('refuses %s, and nothing changes', async (_name, make, message) => {
    const before = await everything(db);
    const input = make();
    for (const mode of ['merge', 'replace'] as const) {
      const preview = await previewImport(db, input, mode);
      expect(preview).toMatchObject({ ok: false, added: 0, updated: 0, removed: 0, chapters: 0 });
      expect(preview.error).toMatch(message);
      const report = await importBackup(db, input, mode);
      expect(report.ok).toBe(false);
      expect(report.error).toMatch(message);
      expect(report.error).toMatch(/Nothing was changed/);
    }
    expect(await everything(db)).toEqual(before);
    expect(({} as Record<string, unknown>).followed).toBeUndefined();
  });

  it('accepts the unmodified file (the cases above break only what they name)', async () => {
    expect(() => parseBackup(JSON.stringify(good))).not.toThrow();
    expect((await previewImport(db, JSON.stringify(good), 'merge')).ok).toBe(true);
  });

  it('refuses an unknown mode', async () => {
    const before = await everything(db);
    expect(await importBackup(db, JSON.stringify(good), 'append' as 'merge')).toMatchObject({ ok: false });
    expect(await everything(db)).toEqual(before);
  });
});

describe('a damaged, truncated or hostile version 2 file is refused whole', () => {
  async function setup() {
    const db = await fresh();
    await populate(db);
    const other = await fresh();
    await recordVisit(other, visit({ storyId: 'new', chapterId: 'n1' }), 10);
    await bulk(other, 50, 20);
    const { data } = await exportBackup(other, 1);
    const text = await backupText(data);
    return { db, data, text };
  }

  const edit = (text: string, f: (b: Record<string, any>) => void) => {
    const b = JSON.parse(text) as Record<string, any>;
    f(b);
    return JSON.stringify(b);
  };

  const cases: Array<[string, (data: Uint8Array, text: string) => Promise<Uint8Array>, RegExp]> = [
    ['truncated', async (d) => d.slice(0, Math.floor(d.length / 2)), /damaged or incomplete/],
    ['missing its last bytes (checksum)', async (d) => d.slice(0, d.length - 4), /damaged or incomplete/],
    ['corrupt in the middle', async (d) => {
      const c = d.slice();
      for (let i = 100; i < 140; i++) c[i] ^= 0x5a;
      return c;
    }, /damaged/],
    ['only a gzip header', async (d) => d.slice(0, 10), /damaged or incomplete/],
    ['not JSON inside', async () => gzip('{"format":"calm-reader-backup","version":2,'), /not valid JSON/],
    ['a newer version inside', async (_d, t) => gzip(edit(t, (b) => (b.version = 3))), /newer Calm Reader.*version 3/],
    ['another format inside', async (_d, t) => gzip(edit(t, (b) => (b.format = 'x'))), /not a Calm Reader backup/],
    ['a javascript: chapter URL', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0][3] = 'javascript:alert(1)'))), /chapters\[0\]\[1\]\[0\]\[3\] is not an http\(s\) web address/],
    ['a javascript: TOC URL', async (_d, t) => gzip(edit(t, (b) => (b.stories[0].toc[0][2] = 'javascript:alert(1)'))), /stories\[0\]\.toc\[0\]\[2\]/],
    ['a fractional chapter index', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0][1] = 1.5))), /chapters\[0\]\[1\]\[0\]\[1\] is not a whole number/],
    ['an empty chapter id', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0][0] = ''))), /chapters\[0\]\[1\]\[0\]\[0\] is empty/],
    ['a negative read time', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0][5] = -1))), /chapters\[0\]\[1\]\[0\]\[5\] is negative/],
    ['a chapter title that is a number', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0][2] = 7))), /chapters\[0\]\[1\]\[0\]\[2\] is not text/],
    ['a negative position time', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0] = ['1', 0, null, '', 1, 1, 0, 0.5, -5]))), /updatedAt is negative/],
    ['a negative TOC date', async (_d, t) => gzip(edit(t, (b) => (b.stories[0].toc = [['1', null, '', -3]]))), /stories\[0\]\.toc\[0\]\[3\] is negative/],
    ['an empty TOC id', async (_d, t) => gzip(edit(t, (b) => (b.stories[0].toc = [['', null, '']]))), /stories\[0\]\.toc\[0\]\[0\] is empty/],
    ['a TOC entry that is an object', async (_d, t) => gzip(edit(t, (b) => (b.stories[0].toc = [{ id: '1', title: null, url: '' }]))), /stories\[0\]\.toc\[0\] is not a list/],
    ['a short chapter row', async (_d, t) => gzip(edit(t, (b) => b.chapters[0][1][0].pop())), /is not a chapter/],
    ['a bad position', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0][1][0] = ['1', 0, null, '', 1, 1, 0, 9, 1]))), /not a reading position/],
    ['a duplicate chapter', async (_d, t) => gzip(edit(t, (b) => b.chapters.push(b.chapters[0]))), /chapters holds .* twice/],
    ['a group without a story key', async (_d, t) => gzip(edit(t, (b) => (b.chapters[0] = [b.chapters[0][1]]))), /not a story key and its chapters/],
    ['a __proto__ field', async (_d, t) => gzip(t.replace('"stories":[{', '"stories":[{"__proto__":{"followed":true},')), /forbidden field name "__proto__"/],
    ['a constructor field in settings', async (_d, t) => gzip(edit(t, (b) => (b.meta = [{ key: 'updateSettings', value: { intervalMinutes: 5, notify: true, nested: JSON.parse('{"constructor":1}') } }]))), /forbidden field name "constructor"/],
  ];

  it.each(cases)('refuses a file %s, and nothing changes', async (_name, make, message) => {
    const { db, data, text } = await setup();
    const before = await everything(db);
    const bad = await make(data, text);
    await expect(readBackup(bad)).rejects.toThrow(BackupError);
    await expect(readBackup(bad)).rejects.toThrow(message);
    await expect(readBackup(bad)).rejects.toThrow(/Nothing was changed/);
    // The text route (the background's messages) refuses it too.
    let asText: string | null = null;
    try {
      asText = await backupText(bad);
    } catch (err) {
      expect(err).toBeInstanceOf(BackupError);
    }
    if (asText !== null) {
      for (const mode of ['merge', 'replace'] as const) {
        expect((await previewImport(db, asText, mode)).error).toMatch(message);
        expect((await importBackup(db, asText, mode)).ok).toBe(false);
      }
    }
    expect(await everything(db)).toEqual(before);
    expect(({} as Record<string, unknown>).followed).toBeUndefined();
  });

  it('accepts the unmodified file (the cases above break only what they name)', async () => {
    const { data, text } = await setup();
    expect((await readBackup(data)).stories).toHaveLength(51);
    expect((await readBackup(await gzip(edit(text, () => undefined)))).chapters).toHaveLength(1001);
  });

  it("joins a story's chapters given in two groups into one set, each chapter once", async () => {
    const { text } = await setup();
    const split = edit(text, (b) => {
      const [sKey, rows] = b.chapters[1] as [string, unknown[]];
      b.chapters[1] = [sKey, rows.slice(0, 5)];
      b.chapters.push([sKey, rows.slice(5)]);
    });
    const whole = await readBackup(await gzip(edit(text, () => undefined)));
    const file = await readBackup(await gzip(split));
    expect(file.chapterSets).toEqual(whole.chapterSets);
    expect(file.chapters).toEqual(whole.chapters);
  });

  it('clamps times from the future, as version 1 does', async () => {
    const { text } = await setup();
    const now = Date.now();
    const file = await readBackup(await gzip(edit(text, (b) => (b.chapters[0][1][0][5] = 4_102_444_800_000))), now);
    expect(Math.max(...file.chapters.map((c) => c.lastReadAt))).toBeLessThanOrEqual(now + 5 * 60_000);
  });
});

describe('old files', () => {
  it('still reads version 1 JSON files (old exports), as text or as the chosen file', async () => {
    const source = await fresh();
    await populate(source);
    const { json } = await exportLibraryJson(source, 1);
    expect(JSON.parse(json)).toMatchObject({ version: 1 });
    const file = await readBackup(new TextEncoder().encode(json));
    expect(file.version).toBe(1);
    const a = await fresh();
    expect(await importBackup(a, file, 'replace')).toMatchObject({ ok: true, version: 1, added: 4, chapters: 4 });
    expect(await everything(a)).toEqual(await everything(source));
    const b = await fresh();
    expect(await importBackup(b, json, 'merge')).toMatchObject({ ok: true, version: 1, added: 4 });
    expect((await everything(b)).chapters).toEqual((await everything(source)).chapters);
    // A version 1 file someone gzipped themselves.
    expect((await readBackup(await gzip(json))).version).toBe(1);
  });
});
