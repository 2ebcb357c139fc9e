/**
 * The reader view's late parts in Chromium with the built extension (components/reader/late.ts,
 * lib/background/late-parts.ts): the chapter list, the in-view settings panel and the end of
 * chapter are not in the site's content script; the worker injects them after the first frame
 * (no web-accessible file), they work from the keyboard, their rules apply, and a list opened
 * before they arrive opens when they do. Waits are on state, never on time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, fixturePages, inReader, launch, READER_HOST, type Session } from './harness';

const AO3_MIDDLE = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_THIRD = 'https://archiveofourown.org/works/51842093/chapters/131802245';

let s: Session;
beforeAll(async () => {
  s = await launch({ pages: fixturePages() });
});
afterAll(async () => {
  await s?.close();
});

async function openChapter(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 20_000 });
  return page;
}

/** Where the focus is in the reader's shadow root. */
const focused = (page: Page) =>
  page.evaluate((h) => document.querySelector(h)!.shadowRoot!.activeElement?.getAttribute('data-testid') ?? null, READER_HOST);

describe('late parts of the reader view', () => {
  it('are in their own file, not in the sites’ content scripts, and not web-accessible', () => {
    const dir = join(EXTENSION_DIR, 'content-scripts');
    const scripts = readdirSync(dir).filter((f) => f.startsWith('reader-') && f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThanOrEqual(7);
    for (const f of scripts) {
      const code = readFileSync(join(dir, f), 'utf8');
      for (const id of ['chapter-list', 'view-settings', 'chapter-end']) expect(code.includes(`"${id}"`), `${f} ${id}`).toBe(false);
    }
    const late = readFileSync(join(EXTENSION_DIR, 'reader-late.js'), 'utf8');
    for (const id of ['chapter-list', 'view-settings', 'chapter-end']) expect(late).toContain(`"${id}"`);
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { web_accessible_resources?: unknown[] };
    expect(JSON.stringify(manifest.web_accessible_resources ?? [])).not.toContain('reader-late');
  });

  it('arrive after the first frame: the end of chapter with its rules; list and panel open from the keyboard', async () => {
    const page = await openChapter(AO3_MIDDLE);
    const end = inReader(page, '[data-testid=chapter-end]');
    await end.waitFor();
    await expect(end.innerText()).resolves.toContain('End of chapter 2');
    // reader-late.css joined the reader's one stylesheet.
    await expect(end.evaluate((el) => getComputedStyle(el).borderTopStyle)).resolves.toBe('solid');
    await expect(page.evaluate((h) => document.querySelector(h)!.shadowRoot!.querySelectorAll('style').length, READER_HOST)).resolves.toBe(1);

    // The settings panel: focus its button, Enter opens it, Tab reaches its first control.
    await inReader(page, '[data-testid=view-settings-toggle]').focus();
    await page.keyboard.press('Enter');
    const panel = inReader(page, '[data-testid=view-settings]');
    await panel.waitFor();
    await expect(panel.evaluate((el) => getComputedStyle(el).display)).resolves.toBe('flex');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });

    // The chapter list: Enter opens it with the focus on this chapter, Esc closes it, ↓ Enter jumps.
    await inReader(page, '[data-testid=chapters-toggle]').focus();
    await page.keyboard.press('Enter');
    const list = inReader(page, '[data-testid=chapter-list]');
    await list.waitFor();
    await expect(list.evaluate((el) => getComputedStyle(el.closest('.cr-drawer') ?? el).position)).resolves.toBe('fixed');
    await expect.poll(() => page.evaluate((h) => document.querySelector(h)!.shadowRoot!.activeElement?.getAttribute('aria-current'), READER_HOST)).toBe('page');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    // The focus goes back to the button that opened the list, not to the page.
    await expect.poll(() => focused(page)).toBe('chapters-toggle');
    expect(page.url()).toBe(AO3_MIDDLE);
    await inReader(page, '[data-testid=chapters-toggle]').focus();
    await page.keyboard.press('Enter');
    await list.waitFor();
    await expect.poll(() => page.evaluate((h) => document.querySelector(h)!.shadowRoot!.activeElement?.getAttribute('aria-current'), READER_HOST)).toBe('page');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(AO3_THIRD), page.keyboard.press('Enter')]);
    await page.close();
  });

  it('a chapter list opened before they arrive opens as soon as they do', async () => {
    // Hold the worker's injection until released, so the reader asks before the parts exist.
    await s.worker.evaluate(() => {
      const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      g.__lateHeld = 0;
      g.__lateRelease = null;
      const hold = new Promise<void>((r) => (g.__lateRelease = r));
      for (const api of [g.chrome?.scripting, g.browser?.scripting]) {
        if (!api || api.__lateOrig) continue;
        const orig = api.executeScript.bind(api);
        api.__lateOrig = orig;
        api.executeScript = async (...args: unknown[]) => {
          g.__lateHeld++;
          await hold;
          return orig(...args);
        };
      }
    });
    try {
      const page = await openChapter(AO3_MIDDLE);
      await expect.poll(() => s.worker.evaluate(() => (globalThis as any).__lateHeld as number)).toBeGreaterThan(0); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(await inReader(page, '[data-testid=chapter-end]').count()).toBe(0);
      await inReader(page, '[data-testid=chapters-toggle]').focus();
      await page.keyboard.press('Enter');
      await expect(inReader(page, '[data-testid=chapters-toggle]').getAttribute('aria-expanded')).resolves.toBe('true');
      expect(await inReader(page, '[data-testid=chapter-list]').count()).toBe(0);
      expect(await focused(page)).toBe('chapters-toggle');
      await s.worker.evaluate(() => (globalThis as any).__lateRelease()); // eslint-disable-line @typescript-eslint/no-explicit-any
      const list = inReader(page, '[data-testid=chapter-list]');
      await list.waitFor();
      await expect.poll(() => page.evaluate((h) => document.querySelector(h)!.shadowRoot!.activeElement?.getAttribute('aria-current'), READER_HOST)).toBe('page');
      await inReader(page, '[data-testid=chapter-end]').waitFor();
      await page.close();
    } finally {
      await s.worker.evaluate(() => {
        const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        g.__lateRelease?.();
        for (const api of [g.chrome?.scripting, g.browser?.scripting]) {
          if (api?.__lateOrig) {
            api.executeScript = api.__lateOrig;
            delete api.__lateOrig;
          }
        }
      });
    }
  });
});
