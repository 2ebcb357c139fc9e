/** Import (lib/library/backup/import.ts): merge and replace, progress, writes only what differs, undo of a failed write. */
import { describe, expect, it, vi } from 'vitest';
import { WRITE_BATCH, exportBackup, exportLibraryJson, importBackup, parseBackup, previewImport, readBackup, type BackupFile } from '../../../../lib/library/backup';
import { getStory, recordVisit, savePosition, setFollowed, setMeta, setReadingStatus } from '../../../../lib/library/store';
import { bulk, everything, fresh, populate, rawStories, visit } from './fixtures';

describe('a failed write changes nothing', () => {
  it('changes nothing when a write fails half-way (the library before is put back)', async () => {
    const db = await fresh();
    await populate(db);
    const before = await everything(db);
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 2) throw new DOMException('disk full', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const { json } = await exportLibraryJson(db, 1);
    const report = await importBackup(db, json.replace(/"lastReadAt":2000/g, '"lastReadAt":2001'), 'replace');
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/storage .* is full/);
    vi.restoreAllMocks();
    expect(await everything(db)).toEqual(before);
  });

  it('puts the library back when a batch fails after others committed', async () => {
    const db = await fresh();
    await bulk(db, 20, 10);
    const before = await everything(db);
    const rawBefore = await rawStories(db);
    const source = await fresh();
    // More records than one batch: a story and its chapter set each.
    await bulk(source, WRITE_BATCH / 2 + 100, 3);
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
    const { createMemorySyncBackend } = await import('../../../../lib/sync/memory-area');
    const { device } = await import('../../sync/helpers');
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

describe('large imports', () => {
  it('reports progress while it exports, checks and writes', async () => {
    const source = await fresh();
    await bulk(source, 250, 30);
    const exported: [number, number][] = [];
    const { data } = await exportBackup(source, 1, (d, t) => exported.push([d, t]));
    // Exported: stories and chapter sets (one per story); checked: stories and chapters.
    expect(exported[0]).toEqual([0, 250 + 250]);
    expect(exported.at(-1)).toEqual([500, 500]);
    expect(exported.every(([d], i) => i === 0 || d >= exported[i - 1][0])).toBe(true);
    const checked: [number, number][] = [];
    const file = await readBackup(data, Date.now(), (d, t) => checked.push([d, t]));
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every(([d, t]) => d > 0 && d <= t && t === 7750)).toBe(true);
    const written: [number, number][] = [];
    await importBackup(await fresh(), file, 'replace', Date.now(), (d, t) => written.push([d, t]));
    // Written: records (a story and its chapter set each).
    expect(written[0]).toEqual([0, 500]);
    expect(written.at(-1)).toEqual([500, 500]);
    expect(written.length).toBe(2 + Math.floor(500 / WRITE_BATCH));
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
});
