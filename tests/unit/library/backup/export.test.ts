/** Export (lib/library/backup/export.ts): version 1 JSON and version 2 gzip, exact round trips, progress. */
import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_VERSION, backupText, exportBackup, exportLibraryJson, importBackup, previewImport, readBackup, type BackupFile } from '../../../../lib/library/backup';
import { withIndexKeys } from '../../../../lib/library/derived';
import { getStory, recordVisit } from '../../../../lib/library/store';
import { bulk, everything, fresh, populate, rawStories, visit } from './fixtures';

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

  it('round-trips exactly with the compact, compressed file (version 2) too', async () => {
    const source = await fresh();
    await populate(source);
    const { data } = await exportBackup(source, 1);
    const target = await fresh();
    const report = await importBackup(target, await readBackup(data), 'replace');
    expect(report).toEqual({ ok: true, version: 2, added: 4, updated: 0, removed: 0, unchanged: 0, chapters: 4 });
    expect(await everything(target)).toEqual(await everything(source));
    expect((await exportLibraryJson(target, 1)).json).toBe((await exportLibraryJson(source, 1)).json);
  });
});

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
});
