/**
 * The compact, compressed backup (version 2, issue #25): exact round trip, old JSON files still
 * read, damaged / truncated / hostile files refused whole, batched writes, progress.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import {
  BACKUP_VERSION,
  BackupError,
  WRITE_BATCH,
  backupText,
  exportBackup,
  exportLibrary,
  exportLibraryJson,
  importBackup,
  previewImport,
  readBackup,
} from '../../../lib/library/backup';
import { withIndexKeys } from '../../../lib/library/derived';
import { applyUpdate, getStory, markChecked, putNoteMemory, recordVisit, savePosition, setFollowed, setMeta, setReadingStatus } from '../../../lib/library/store';
import { chapterKey, type ChapterRecord, type StoryRecord } from '../../../lib/library/types';
import { freshName, visit } from './helpers';

const W = 'https://archiveofourown.org/works/123';
const opened: LibraryDB[] = [];
async function fresh(): Promise<LibraryDB> {
  const db = await openLibrary(freshName('backup2'));
  opened.push(db);
  return db;
}
afterEach(() => {
  vi.restoreAllMocks();
  while (opened.length) opened.pop()!.close();
});

/** One of everything (as in backup.test.ts): a v1-era story, a TOC with and without dates, positions, notes, settings. */
async function populate(db: LibraryDB): Promise<void> {
  await recordVisit(db, visit({ chapterId: 'c1', chapterIndex: 1, toc: [{ id: 'c1', title: 'One', url: `${W}/chapters/c1` }, { id: 'c2', title: null, url: `${W}/chapters/c2` }] }), 1000);
  await recordVisit(db, visit({ chapterId: 'c2', chapterIndex: 2 }), 2000);
  await savePosition(db, 'ao3:123', 'c2', { blockIndex: 4, offsetRatio: 0.25, updatedAt: 2100 });
  await setFollowed(db, 'ao3:123', true);
  await setReadingStatus(db, 'ao3:123', 'reading');
  await recordVisit(db, visit({ site: 'ffnet', storyId: '9', chapterId: '1', storyUrl: 'https://www.fanfiction.net/s/9/1/', url: 'https://www.fanfiction.net/s/9/1/' }), 1500);
  await applyUpdate(db, 'ffnet:9', { toc: [{ id: '1', title: 'A', url: 'https://www.fanfiction.net/s/9/1/', date: 5 }, { id: '2', title: 'B', url: 'https://www.fanfiction.net/s/9/2/', date: null }], chapterCount: 2, siteUpdatedAt: 7 }, 3000);
  await recordVisit(db, visit({ storyId: 'w', chapterId: 'full', chapterIndex: null, url: '' }), 1200);
  await markChecked(db, 'ao3:w', 'visit', 3100);
  const legacy: StoryRecord = { ...(await getStory(db, 'ao3:123')).story!, key: 'ao3:old', storyId: 'old' };
  for (const k of ['toc', 'unread', 'siteUpdatedAt', 'lastCheckedAt', 'checkState', 'newChaptersAt'] as const) delete legacy[k];
  await db.put('stories', legacy);
  await putNoteMemory(db, { storyKey: 'ao3:123', noteFingerprints: ['f1'], corrections: { f2: 'story', f3: 'note' }, edgeCounts: { f1: 3 }, updatedAt: 900, learnedChapters: ['c1'] });
  await setMeta(db, 'updateSettings', { intervalMinutes: 120, notify: true });
  await setMeta(db, 'sync:state', { initialized: true, lastSyncAt: 1, lastError: null });
}

/** `stories` stories of `per` chapters each (every third with a position), written directly. */
async function bulk(db: LibraryDB, stories: number, per: number): Promise<void> {
  const tx = db.transaction(['stories', 'chapters'], 'readwrite');
  for (let i = 0; i < stories; i++) {
    const key = `ao3:${i}`;
    const url = `https://archiveofourown.org/works/${i}`;
    const toc = Array.from({ length: per }, (_, j) => ({ id: String(j + 1), title: `Chapter ${j + 1}`, url: `${url}/chapters/${j + 1}`, ...(j % 2 ? { date: 1000 + j } : {}) }));
    const story: StoryRecord = {
      key, site: 'ao3', storyId: String(i), title: `Story ${i}`, author: 'a', summary: null, url, chapterCount: per, words: 1000, status: 'in-progress',
      tags: ['x'], followed: i % 2 === 0, readingStatus: null, addedAt: 1, lastReadAt: 2 + i, lastChapterId: '1', lastChapterIndex: 0,
      lastChapterUrl: `${url}/chapters/1`, lastChapterTitle: 'Chapter 1', toc, unread: per - 1, siteUpdatedAt: null, lastCheckedAt: 5, checkState: 'ok', newChaptersAt: null,
    };
    void tx.objectStore('stories').put(withIndexKeys(story));
    for (let j = 0; j < per; j++) {
      const c: ChapterRecord = {
        key: chapterKey(key, String(j + 1)), storyKey: key, chapterId: String(j + 1), index: j, title: `Chapter ${j + 1}`, url: `${url}/chapters/${j + 1}`,
        firstReadAt: 10, lastReadAt: 20 + j, position: j % 3 === 0 ? { blockIndex: j, offsetRatio: 0.5, updatedAt: 30 } : null,
      };
      void tx.objectStore('chapters').put(c);
    }
  }
  await tx.done;
}

async function everything(db: LibraryDB) {
  const { exportedAt: _t, version: _v, ...rest } = await exportLibrary(db, 0);
  const byKey = <T>(list: T[], k: (t: T) => string) => [...list].sort((a, b) => (k(a) < k(b) ? -1 : 1));
  return {
    ...rest,
    stories: byKey(rest.stories, (s) => s.key),
    chapters: byKey(rest.chapters, (c) => c.key),
    noteMemory: byKey(rest.noteMemory, (n) => n.storyKey),
    meta: byKey(rest.meta, (m) => m.key),
  };
}
/** Raw stored story records (with their derived index keys), for an exact comparison. */
const rawStories = (db: LibraryDB) => db.getAll('stories');

async function gzip(text: string): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip');
  const w = cs.writable.getWriter();
  void w.write(new TextEncoder().encode(text));
  void w.close();
  const parts: Uint8Array[] = [];
  const r = cs.readable.getReader();
  for (;;) {
    const { done, value } = await r.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

describe('version 2: compact and compressed', () => {
  it('round-trips every record exactly: export, replace into an empty library, export again', async () => {
    const source = await fresh();
    await populate(source);
    const { data, stories, chapters } = await exportBackup(source, 5555);
    expect([data[0], data[1]]).toEqual([0x1f, 0x8b]);
    expect({ stories, chapters }).toEqual({ stories: 4, chapters: 4 });
    const file = await readBackup(data);
    expect(file).toMatchObject({ version: BACKUP_VERSION, exportedAt: 5555 });
    const target = await fresh();
    expect(await previewImport(target, file, 'replace')).toEqual({ ok: true, version: 2, added: 4, updated: 0, removed: 0, unchanged: 0, chapters: 4 });
    expect(await importBackup(target, file, 'replace')).toEqual({ ok: true, version: 2, added: 4, updated: 0, removed: 0, unchanged: 0, chapters: 4 });
    expect(await everything(target)).toEqual(await everything(source));
    // As stored: the derived index keys are recomputed (the legacy record was put without them).
    expect(await rawStories(target)).toEqual((await rawStories(source)).map(withIndexKeys));
    // A TOC entry with a date keeps it; one without a date has none.
    const toc = (await getStory(target, 'ffnet:9')).story!.toc!;
    expect(toc.find((e) => e.id === '1')).toHaveProperty('date', 5);
    expect((await getStory(target, 'ao3:123')).story!.toc![0]).not.toHaveProperty('date');
    expect(await backupText((await exportBackup(target, 5555)).data)).toBe(await backupText(data));
  });

  it('is several times smaller than the JSON file, and round-trips a larger library', async () => {
    const source = await fresh();
    await bulk(source, 300, 30);
    const { data, chapters } = await exportBackup(source, 1);
    expect(chapters).toBe(9000);
    const { json } = await exportLibraryJson(source, 1);
    expect(json.length / data.length).toBeGreaterThan(8);
    const target = await fresh();
    await recordVisit(target, visit({ storyId: 'gone' }), 1);
    expect(await importBackup(target, await readBackup(data), 'replace')).toMatchObject({ ok: true, added: 300, removed: 1, chapters: 9000 });
    expect(await everything(target)).toEqual(await everything(source));
    expect(await rawStories(target)).toEqual(await rawStories(source));
  });

  it('round-trips exactly when records are read in many small pages (chapters of one story split across pages)', async () => {
    const source = await fresh();
    await populate(source);
    await bulk(source, 30, 7);
    const whole = await backupText((await exportBackup(source, 9)).data);
    const paged = await exportBackup(source, 9, undefined, 5);
    expect(paged).toMatchObject({ stories: 34, chapters: 214 });
    const target = await fresh();
    expect(await importBackup(target, await readBackup(paged.data), 'replace')).toMatchObject({ ok: true, added: 34, chapters: 214 });
    expect(await everything(target)).toEqual(await everything(source));
    expect((await readBackup(paged.data)).chapters.length).toBe(JSON.parse(whole).chapters.reduce((n: number, g: unknown[]) => n + (g[1] as unknown[]).length, 0));
  });

  it('reports progress while it exports, checks and writes', async () => {
    const source = await fresh();
    await bulk(source, 250, 30);
    const exported: [number, number][] = [];
    const { data } = await exportBackup(source, 1, (d, t) => exported.push([d, t]));
    expect(exported[0]).toEqual([0, 250 + 7500]);
    expect(exported.at(-1)).toEqual([7750, 7750]);
    expect(exported.every(([d], i) => i === 0 || d >= exported[i - 1][0])).toBe(true);
    const checked: [number, number][] = [];
    const file = await readBackup(data, Date.now(), (d, t) => checked.push([d, t]));
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every(([d, t]) => d > 0 && d <= t && t === 7750)).toBe(true);
    const written: [number, number][] = [];
    await importBackup(await fresh(), file, 'replace', Date.now(), (d, t) => written.push([d, t]));
    expect(written[0]).toEqual([0, 7750]);
    expect(written.at(-1)).toEqual([7750, 7750]);
    expect(written.length).toBe(2 + Math.floor(7750 / WRITE_BATCH));
  });

  it('replace over a library that holds most of the file writes only the differences, and ends the same', async () => {
    const source = await fresh();
    await bulk(source, 100, 20);
    await setMeta(source, 'updateSettings', { intervalMinutes: 60, notify: true });
    const file = await readBackup((await exportBackup(source, 1)).data);
    const target = await fresh();
    await bulk(target, 100, 20);
    await recordVisit(target, visit({ storyId: 'extra', chapterId: 'x1' }), 5); // not in the file: removed
    await savePosition(target, 'ao3:3', '2', { blockIndex: 99, offsetRatio: 0, updatedAt: 50 }); // differs: written
    await setMeta(target, 'sync:state', { initialized: true, lastSyncAt: 1, lastError: null }); // replace drops it, as before
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    const deletes = vi.spyOn(IDBObjectStore.prototype, 'delete');
    const report = await importBackup(target, file, 'replace');
    expect(report).toMatchObject({ ok: true, added: 0, removed: 1, chapters: 2000 });
    expect(puts.mock.calls.length).toBe(2); // the chapter, and updateSettings
    expect(deletes.mock.calls.length).toBe(3); // the extra story, its chapter, sync:state
    vi.restoreAllMocks();
    expect(await everything(target)).toEqual(await everything(source));
    expect(await rawStories(target)).toEqual(await rawStories(source));
    expect(await target.getAllKeys('meta')).toEqual(['updateSettings']);
  });

  it('puts the library back when a batch fails after others committed', async () => {
    const db = await fresh();
    await bulk(db, 20, 10);
    const before = await everything(db);
    const rawBefore = await rawStories(db);
    const source = await fresh();
    await bulk(source, 250, 30);
    const file = await readBackup((await exportBackup(source, 1)).data);
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === WRITE_BATCH + 10) throw new DOMException('disk full', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const report = await importBackup(db, file, 'replace');
    expect(calls).toBeGreaterThan(WRITE_BATCH + 10);
    expect(report).toMatchObject({ ok: false });
    expect(report.error).toMatch(/storage .* is full.*Nothing was saved/);
    vi.restoreAllMocks();
    expect(await everything(db)).toEqual(before);
    expect(await rawStories(db)).toEqual(rawBefore);
  });

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

  it('clamps times from the future, as version 1 does', async () => {
    const { text } = await setup();
    const now = Date.now();
    const file = await readBackup(await gzip(edit(text, (b) => (b.chapters[0][1][0][5] = 4_102_444_800_000))), now);
    expect(Math.max(...file.chapters.map((c) => c.lastReadAt))).toBeLessThanOrEqual(now + 5 * 60_000);
  });
});
