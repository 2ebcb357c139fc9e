/**
 * Issue 21: the library page follows the browser's text size (Chromium's "Font size" setting, the
 * default font size): its rows grow with the text instead of clipping it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launch, READER_HOST, readStore, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const profile = mkdtempSync(join(tmpdir(), 'calm-reader-text-size-'));
let s: Session | undefined;
afterAll(async () => {
  await s?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('the browser text size', () => {
  it('grows the library rows with the text instead of clipping it', async () => {
    // "Very large" text: the profile's default font size, 24 px instead of 16.
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: 24 } } }));
    s = await launch({ userDataDir: profile });
    const page = await s.context.newPage();
    await page.goto(FFN);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await readStore<{ key: string }>(s!, 'stories')).length).toBe(1);
    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    const row = lib.locator('[data-testid=library-row]').first();
    await row.waitFor();
    expect(await lib.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px');
    const fit = await row.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const clipped = [...el.querySelectorAll<HTMLElement>('.lib-row-main > *, .lib-row-actions')]
        .filter((c) => {
          const r = c.getBoundingClientRect();
          return r.bottom > box.bottom + 0.5 || c.scrollHeight > c.clientHeight + 1;
        })
        .map((c) => c.className);
      return { clipped, rowHeight: box.height, overflow: el.scrollHeight - el.clientHeight };
    });
    expect(fit.clipped).toEqual([]);
    expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(fit.rowHeight).toBeGreaterThan(118);
  });
});
