/**
 * Issue #25 in Chromium: the library page exports the compressed backup (CompressionStream) and
 * imports it back (DecompressionStream), with the real IndexedDB; a damaged file is refused whole.
 * Every wait is on state (a download, an element, a store's contents), never on time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePages, launch, READER_HOST, readStore, type Session } from './harness';
import type { StoryRecord } from '../../lib/library/types';

const CHAPTER = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const KEY = 'ffnet:14022518';

const dir = mkdtempSync(join(tmpdir(), 'calm-reader-backup-'));
let s: Session | undefined;
/** The file the first test exported. */
let exported = '';
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup in Chromium', () => {
  it('exports a gzip file and imports it back; a damaged copy is refused and changes nothing', async () => {
    s = await launch({ pages: fixturePages() });
    const page = await s.context.newPage();
    await page.goto(CHAPTER);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    await expect.poll(async () => (await readStore<{ key: string }>(s!, 'stories')).some((r) => r.key === KEY)).toBe(true);

    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    await lib.locator(`[data-testid=library-row][data-story-key="${KEY}"]`).waitFor();
    const [download] = await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid=export-button]')]);
    expect(download.suggestedFilename()).toMatch(/^calm-reader-backup-\d{4}-\d\d-\d\d\.json\.gz$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    exported = file;
    const bytes = readFileSync(file);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    await lib.locator('[data-testid=backup-status]', { hasText: 'Exported 1 story and 1 chapter.' }).waitFor();

    // A truncated copy: refused whole, before any preview.
    const damaged = join(dir, 'damaged.json.gz');
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await lib.setInputFiles('[data-testid=import-input]', damaged);
    await lib.locator('[data-testid=import-error]', { hasText: /damaged or incomplete.*Nothing was changed/ }).waitFor();
    expect(await lib.locator('[data-testid=import-preview]').count()).toBe(0);

    // The library emptied, then the export imported back: the story and its chapter return.
    const before = { stories: await readStore<{ key: string }>(s, 'stories'), chapters: await readStore<{ key: string }>(s, 'chapters') };
    await lib.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open('calm-reader');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
      tx.objectStore('stories').clear();
      tx.objectStore('chapterSets').clear();
      await new Promise<void>((ok, no) => {
        tx.oncomplete = () => ok();
        tx.onabort = () => no(tx.error);
      });
      db.close();
    });
    expect(await readStore(s, 'stories')).toEqual([]);
    await lib.locator('[data-testid=import-mode-replace]').check({ force: true });
    await lib.setInputFiles('[data-testid=import-input]', file);
    await lib.locator('[data-testid=import-preview]', { hasText: '1 story added' }).waitFor();
    await lib.click('[data-testid=import-confirm]');
    await lib.locator('[data-testid=backup-status]', { hasText: 'Import finished: 1 story added' }).waitFor();
    expect(await readStore(s, 'stories')).toEqual(before.stories);
    expect(await readStore(s, 'chapters')).toEqual(before.chapters);
  });

  it('merges a file field by field with the one merge: the later check brings the chapter list, the later visit keeps the place', async () => {
    expect(exported).not.toBe('');
    const stored = (await readStore<StoryRecord>(s!, 'stories')).find((r) => r.key === KEY)!;
    // The file: checked after the library's last visit (one chapter more), but its news were found
    // before that visit, and it was read earlier (and followed then).
    const data = JSON.parse(gunzipSync(readFileSync(exported)).toString('utf8')) as { stories: Array<Record<string, unknown>> };
    const story = data.stories.find((x) => x.key === KEY)!;
    const toc = [...((story.toc as unknown[][] | undefined) ?? []), ['9999', 'A new chapter', 'https://www.fanfiction.net/s/14022518/9999/']];
    Object.assign(story, {
      toc,
      chapterCount: toc.length,
      lastCheckedAt: stored.lastReadAt + 1000,
      checkState: 'ok',
      newCount: 1,
      newChaptersAt: stored.lastReadAt - 1000,
      lastReadAt: stored.lastReadAt - 5000,
      followed: !stored.followed,
    });
    const crafted = join(dir, 'checked-later.json.gz');
    writeFileSync(crafted, gzipSync(JSON.stringify(data)));

    const lib = s!.context.pages().find((p) => p.url().endsWith('/library.html'))!;
    await lib.locator('[data-testid=import-mode-merge]').check({ force: true });
    await lib.setInputFiles('[data-testid=import-input]', crafted);
    const outcome = lib.locator('[data-testid=import-preview], [data-testid=import-error]');
    await outcome.first().waitFor();
    expect(await outcome.first().innerText()).toMatch(/\(merge\) would change your library: 0 stories added, 1 updated, 0 removed/);
    await lib.click('[data-testid=import-confirm]');
    await lib.locator('[data-testid=backup-status]', { hasText: /Import finished: 0 stories added, 1 updated/ }).waitFor();
    const merged = (await readStore<StoryRecord>(s!, 'stories')).find((r) => r.key === KEY)!;
    expect(merged.toc?.map((e) => e.id)).toEqual(toc.map((e) => e[0]));
    expect(merged).toMatchObject({
      chapterCount: toc.length,
      lastCheckedAt: stored.lastReadAt + 1000,
      // The reader's side from the library's later visit.
      lastReadAt: stored.lastReadAt,
      lastChapterId: stored.lastChapterId,
      followed: stored.followed,
      // News found before the latest visit are not new.
      newCount: 0,
    });
  });
});
