/**
 * Issue #25 in Chromium: the library page exports the compressed backup (CompressionStream) and
 * imports it back (DecompressionStream), with the real IndexedDB; a damaged file is refused whole.
 * Every wait is on state (a download, an element, a store's contents), never on time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePages, launch, READER_HOST, readStore, type Session } from './harness';

const CHAPTER = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const KEY = 'ffnet:14022518';

const dir = mkdtempSync(join(tmpdir(), 'calm-reader-backup-'));
let s: Session | undefined;
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
      const tx = db.transaction(['stories', 'chapters'], 'readwrite');
      tx.objectStore('stories').clear();
      tx.objectStore('chapters').clear();
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
});
