import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import {
  BACKUP_FORMAT,
  MAX_BACKUP_CHARS,
  exportLibrary,
  exportLibraryJson,
  importBackup,
  parseBackup,
  previewImport,
  type BackupFile,
} from '../../../lib/library/backup';
import {
  applyUpdate,
  getStory,
  markChecked,
  putNoteMemory,
  recordVisit,
  savePosition,
  setFollowed,
  setMeta,
  setReadingStatus,
} from '../../../lib/library/store';
import type { StoryRecord } from '../../../lib/library/types';
import { freshName, visit } from './helpers';

const W = 'https://archiveofourown.org/works/123';
const opened: LibraryDB[] = [];
async function fresh(): Promise<LibraryDB> {
  const db = await openLibrary(freshName('backup'));
  opened.push(db);
  return db;
}
afterEach(() => {
  vi.restoreAllMocks();
  while (opened.length) opened.pop()!.close();
});

/** A library with one of everything, including a v1-era story without the v2 fields. */
async function populate(db: LibraryDB): Promise<void> {
  await recordVisit(db, visit({ chapterId: 'c1', chapterIndex: 1, toc: [{ id: 'c1', title: 'One', url: `${W}/chapters/c1` }, { id: 'c2', title: null, url: `${W}/chapters/c2` }] }), 1000);
  await recordVisit(db, visit({ chapterId: 'c2', chapterIndex: 2 }), 2000);
  await savePosition(db, 'ao3:123', 'c2', { blockIndex: 4, offsetRatio: 0.25, updatedAt: 2100 });
  await setFollowed(db, 'ao3:123', true);
  await setReadingStatus(db, 'ao3:123', 'reading');
  await recordVisit(db, visit({ site: 'ffnet', storyId: '9', chapterId: '1', storyUrl: 'https://www.fanfiction.net/s/9/1/', url: 'https://www.fanfiction.net/s/9/1/' }), 1500);
  await applyUpdate(db, 'ffnet:9', { toc: [{ id: '1', title: 'A', url: 'https://www.fanfiction.net/s/9/1/', date: 5 }, { id: '2', title: 'B', url: 'https://www.fanfiction.net/s/9/2/' }], chapterCount: 2, siteUpdatedAt: 7 }, 3000);
  await recordVisit(db, visit({ storyId: 'w', chapterId: 'full', chapterIndex: null, url: '' }), 1200);
  await markChecked(db, 'ao3:w', 'visit', 3100);
  const legacy: StoryRecord = { ...(await getStory(db, 'ao3:123')).story!, key: 'ao3:old', storyId: 'old' };
  for (const k of ['toc', 'unread', 'siteUpdatedAt', 'lastCheckedAt', 'checkState', 'newChaptersAt'] as const) delete legacy[k];
  await db.put('stories', legacy);
  await putNoteMemory(db, { storyKey: 'ao3:123', noteFingerprints: ['f1'], corrections: { f2: 'story', f3: 'note' }, edgeCounts: { f1: 3 }, updatedAt: 900 });
  await setMeta(db, 'updateSettings', { intervalMinutes: 120, notify: true });
  // This device's sync bookkeeping: never part of a backup.
  await setMeta(db, 'sync:state', { initialized: true, lastSyncAt: 1, lastError: null });
}

async function everything(db: LibraryDB) {
  const { exportedAt: _t, ...rest } = await exportLibrary(db, 0);
  const byKey = <T>(list: T[], k: (t: T) => string) => [...list].sort((a, b) => (k(a) < k(b) ? -1 : 1));
  return {
    ...rest,
    stories: byKey(rest.stories, (s) => s.key),
    chapters: byKey(rest.chapters, (c) => c.key),
    noteMemory: byKey(rest.noteMemory, (n) => n.storyKey),
    meta: byKey(rest.meta, (m) => m.key),
  };
}

describe('export', () => {
  it('writes every record of every store in a versioned file', async () => {
    const db = await fresh();
    await populate(db);
    const { json, file } = await exportLibraryJson(db, 5555);
    const parsed = JSON.parse(json) as BackupFile;
    expect(parsed).toMatchObject({ format: BACKUP_FORMAT, version: 1, exportedAt: 5555 });
    expect(parsed.stories).toHaveLength(4);
    expect(parsed.chapters).toHaveLength(4);
    expect(parsed.noteMemory).toHaveLength(1);
    expect(parsed.meta).toEqual([{ key: 'updateSettings', value: { intervalMinutes: 120, notify: true } }]);
    expect(file.stories.find((s) => s.key === 'ao3:old')).not.toHaveProperty('toc');
  });

  it('round-trips exactly: export, replace into an empty library, export again', async () => {
    const source = await fresh();
    await populate(source);
    const { json } = await exportLibraryJson(source, 1);
    const target = await fresh();
    const report = await importBackup(target, json, 'replace');
    expect(report).toEqual({ ok: true, version: 1, added: 4, updated: 0, removed: 0, unchanged: 0, chapters: 4 });
    expect(await everything(target)).toEqual(await everything(source));
    expect((await exportLibraryJson(target, 1)).json.length).toBe(json.length);
  });
});

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
    ['a newer version', () => mutate((b) => (b.version = 2)), /newer Calm Reader.*version 2/],
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

  it('writes nothing when a write fails half-way (one transaction)', async () => {
    const before = await everything(db);
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 3) throw new DOMException('disk full', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const { json } = await exportLibraryJson(db, 1);
    const report = await importBackup(db, json.replace(/"lastReadAt":2000/g, '"lastReadAt":2001'), 'replace');
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/storage .* is full/);
    vi.restoreAllMocks();
    expect(await everything(db)).toEqual(before);
  });
});

describe('merge and replace', () => {
  /** Library: A (read at 1000), B (only here), D. File: A newer (read at 5000, unfollowed), C (new), D the same. */
  async function setup() {
    const db = await fresh();
    const other = await fresh();
    for (const target of [db, other]) {
      await recordVisit(target, visit({ storyId: 'A', chapterId: 'a1' }), 1000);
      await recordVisit(target, visit({ storyId: 'D', chapterId: 'd1' }), 1000);
    }
    await setFollowed(db, 'ao3:A', true);
    await savePosition(db, 'ao3:A', 'a1', { blockIndex: 9, offsetRatio: 0.5, updatedAt: 6000 });
    await recordVisit(db, visit({ storyId: 'B', chapterId: 'b1' }), 1000);
    await savePosition(other, 'ao3:A', 'a1', { blockIndex: 2, offsetRatio: 0.5, updatedAt: 4000 });
    await recordVisit(other, visit({ storyId: 'A', chapterId: 'a2', chapterIndex: 1 }), 5000);
    await setReadingStatus(other, 'ao3:A', 'on-hold');
    await recordVisit(other, visit({ storyId: 'C', chapterId: 'c1' }), 1000);
    const { json } = await exportLibraryJson(other, 1);
    return { db, json };
  }

  it('previews both modes without writing', async () => {
    const { db, json } = await setup();
    const before = await everything(db);
    expect(await previewImport(db, json, 'replace')).toEqual({ ok: true, version: 1, added: 1, updated: 1, removed: 1, unchanged: 1, chapters: 4 });
    // merge: a1 is newer here (its position was saved later) and stays; a2 and c1 are new; d1 the same
    expect(await previewImport(db, json, 'merge')).toEqual({ ok: true, version: 1, added: 1, updated: 1, removed: 0, unchanged: 1, chapters: 2 });
    expect(await everything(db)).toEqual(before);
  });

  it('merge: newer wins per record and nothing here is lost', async () => {
    const { db, json } = await setup();
    const report = await importBackup(db, json, 'merge');
    expect(report).toMatchObject({ ok: true, added: 1, updated: 1, removed: 0, unchanged: 1 });
    const a = await getStory(db, 'ao3:A');
    // the file's record is the more recently read: its reader state wins (followed false there)
    expect(a.story).toMatchObject({ lastReadAt: 5000, lastChapterId: 'a2', readingStatus: 'on-hold', followed: false, addedAt: 1000 });
    expect(a.chapters.map((c) => c.chapterId)).toEqual(['a1', 'a2']);
    // the position saved here is newer than the file's
    expect(a.chapters[0].position).toEqual({ blockIndex: 9, offsetRatio: 0.5, updatedAt: 6000 });
    expect((await getStory(db, 'ao3:B')).story).not.toBeNull();
    expect((await getStory(db, 'ao3:C')).story).not.toBeNull();
    // importing the same file again changes nothing
    expect(await previewImport(db, json, 'merge')).toMatchObject({ added: 0, updated: 0, unchanged: 3, chapters: 0 });
  });

  it('merge keeps the newer position from the file and the local settings', async () => {
    const db = await fresh();
    const other = await fresh();
    for (const t of [db, other]) await recordVisit(t, visit({ chapterId: 'x' }), 1000);
    await savePosition(db, 'ao3:123', 'x', { blockIndex: 1, offsetRatio: 0, updatedAt: 2000 });
    await savePosition(other, 'ao3:123', 'x', { blockIndex: 30, offsetRatio: 0.5, updatedAt: 3000 });
    await setMeta(db, 'updateSettings', { intervalMinutes: 60, notify: false });
    await setMeta(other, 'updateSettings', { intervalMinutes: 600, notify: true });
    await setMeta(other, 'sync:s:ao3:gone', { f: false, fa: 0, s: null, sa: 0, c: {}, x: 5 });
    await importBackup(db, (await exportLibraryJson(other, 1)).json, 'merge');
    const { chapters } = await getStory(db, 'ao3:123');
    expect(chapters[0].position).toEqual({ blockIndex: 30, offsetRatio: 0.5, updatedAt: 3000 });
    expect(await db.get('meta', 'updateSettings')).toEqual({ intervalMinutes: 60, notify: false });
    expect(await db.get('meta', 'sync:s:ao3:gone')).toBeUndefined();
  });

  it('replace: the library becomes the file', async () => {
    const { db, json } = await setup();
    expect(await importBackup(db, json, 'replace')).toMatchObject({ ok: true, removed: 1 });
    expect((await getStory(db, 'ao3:B')).story).toBeNull();
    expect((await getStory(db, 'ao3:A')).chapters[0].position?.updatedAt).toBe(4000);
  });
});

describe('meta entries a backup may carry', () => {
  /** A tombstone for ao3:123 planted as sync bookkeeping, dated far in the future. */
  const planted = (json: string) => {
    const file = JSON.parse(json) as BackupFile;
    file.meta.push({ key: 'sync:s:ao3:123', value: { f: false, fa: 0, s: null, sa: 0, c: {}, x: 4_102_444_800_000 } });
    file.meta.push({ key: 'sync:state', value: { initialized: true, lastSyncAt: 4_102_444_800_000, lastError: null } });
    file.meta.push({ key: 'syncEnabled', value: true });
    return JSON.stringify(file);
  };

  it('imports only the keys it knows: a planted sync tombstone never reaches the library, in merge or replace', async () => {
    for (const mode of ['merge', 'replace'] as const) {
      const db = await fresh();
      await recordVisit(db, visit(), 1000);
      await setMeta(db, 'updateSettings', { intervalMinutes: 90, notify: false });
      const json = planted((await exportLibraryJson(db, 2000)).json);
      expect(parseBackup(json).meta.map((m) => m.key)).toEqual(['updateSettings']);
      expect(await importBackup(db, json, mode)).toMatchObject({ ok: true });
      expect(await db.getAllKeys('meta')).toEqual(['updateSettings']);
      expect((await getStory(db, 'ao3:123')).story).not.toBeNull();
    }
  });

  it('a crafted backup cannot delete a story on the next sync', async () => {
    const { createMemorySyncBackend } = await import('../../../lib/sync/memory-area');
    const { device } = await import('../sync/helpers');
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    const T = 1_748_736_000_000;
    await a.visit(T);
    await setFollowed(a.db, 'ao3:123', true);
    await a.sync(T + 2000);
    await b.sync(T + 3000);
    expect((await b.story('ao3:123')).story).not.toBeNull();
    const json = planted((await exportLibraryJson(a.db, T + 4000)).json);
    expect(await importBackup(a.db, json, 'merge')).toMatchObject({ ok: true });
    await a.sync(T + 5000);
    await b.sync(T + 6000);
    expect((await a.story('ao3:123')).story).not.toBeNull();
    expect((await b.story('ao3:123')).story).not.toBeNull();
  });
});
