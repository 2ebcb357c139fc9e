/**
 * Issue 21, the options page in Chromium: it opens from the popup's "All settings" link, a reading
 * setting changed there applies to an open reader tab, undoing a note correction removes it from
 * the library, and a site turned off is left alone by the content script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inReader, launch, openPopup, READER_HOST, readStore, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const FFN_KEY = 'ffnet:14022518';
const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';

let s: Session;
let reader: Page;
let options: Page;

beforeAll(async () => {
  s = await launch();
  reader = await s.context.newPage();
  await reader.goto(FFN);
  await reader.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await s?.close();
});

/** The reader view's text size, as its shadow root computes it. */
const readerFontSize = (page: Page) =>
  page.evaluate((host) => {
    const view = document.querySelector(host)!.shadowRoot!.querySelector('[data-testid=reader-view]')!;
    return getComputedStyle(view).getPropertyValue('--cr-font-size').trim();
  }, READER_HOST);

describe('the options page', () => {
  it('opens from the popup link "All settings"', async () => {
    const popup = await openPopup(s, reader);
    const link = popup.getByRole('link', { name: 'All settings' });
    await link.waitFor();
    const opened = s.context.waitForEvent('page', (p) => p.url().endsWith('/options.html'));
    await link.click();
    options = await opened;
    await options.getByRole('heading', { level: 1, name: 'Calm Reader settings' }).waitFor();
    await popup.close();
  });

  it('applies a reading setting changed there to an open reader tab', async () => {
    const before = await readerFontSize(reader);
    expect(before).toBe('19px');
    await options.getByRole('button', { name: 'Increase text size' }).click();
    await options.getByRole('button', { name: 'Increase text size' }).click();
    await expect.poll(() => readerFontSize(reader)).toBe('21px');
    await options.locator('[data-testid=theme-dark]').check();
    await expect.poll(() => options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('undoes a note correction: the library forgets it', async () => {
    // A correction made in the reader view: "This is story" on the chapter's first tucked-away note.
    await reader.bringToFront();
    await inReader(reader, '[data-testid=note] [data-testid=mark-story]').first().click();
    const corrections = async () =>
      Object.keys((await readStore<{ storyKey: string; corrections: Record<string, string> }>(s, 'noteMemory')).find((r) => r.storyKey === FFN_KEY)?.corrections ?? {}).length;
    // One correction per paragraph of the note.
    await expect.poll(corrections).toBeGreaterThan(0);
    const n = await corrections();
    await options.bringToFront();
    await options.reload();
    const story = options.locator(`[data-testid=corrections] [data-story-key="${FFN_KEY}"]`);
    await story.waitFor();
    expect(await story.innerText()).toContain("The Cartographer's Apprentice");
    expect(await story.locator('[data-testid=correction]').count()).toBe(n);
    for (let left = n; left > 0; left--) {
      await story.getByRole('button', { name: /^Undo correction 1 of/ }).click();
      await expect.poll(corrections).toBe(left - 1);
      await expect.poll(() => options.locator('[data-testid=correction]').count()).toBe(left - 1);
    }
    await expect.poll(() => options.locator('[data-testid=correction]').count()).toBe(0);
    await expect.poll(() => options.locator('[data-testid=corrections-status]').innerText()).toContain('undone');
  });

  it('leaves the page of a site turned off alone, and still reads the others', async () => {
    const ffnet = options.locator('[data-testid=site-ffnet]');
    await ffnet.click();
    await expect.poll(() => ffnet.getAttribute('aria-checked')).toBe('false');
    await expect
      .poll(() => s.worker.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('readerSettings')).readerSettings?.disabledSites)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toEqual(['ffnet']);

    const page = await s.context.newPage();
    await page.goto(FFN);
    // The content script says it stopped for this site (a performance mark), then nothing more.
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:site-off').length > 0);
    expect(await page.locator(READER_HOST).count()).toBe(0);
    expect(await page.locator('#calm-reader-early-hide').count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).visibility)).toBe('visible');
    await page.close();

    // Another site still opens in the reader view.
    const ao3 = await s.context.newPage();
    await ao3.goto(AO3);
    await ao3.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    await ao3.close();

    // Turned on again: the reader view is back.
    await ffnet.click();
    await expect.poll(() => ffnet.getAttribute('aria-checked')).toBe('true');
    const again = await s.context.newPage();
    await again.goto(FFN);
    await again.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    await again.close();
  });
});
