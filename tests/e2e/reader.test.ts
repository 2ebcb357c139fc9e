import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ao3EntireWork } from '../../scripts/bench/pages';
import { fixturePages, inReader, launch, openPopup, READER_HOST, readStore, type Session } from './harness';

const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_NEXT = 'https://archiveofourown.org/works/51842093/chapters/131802245';
const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';

let s: Session;
/** A 100k-word entire work (the bench's page): read in slices, the position far down. */
const BIG = ao3EntireWork(100_000);

beforeAll(async () => {
  const pages = fixturePages();
  pages.set(BIG.url, BIG.html);
  s = await launch({ pages });
});
afterAll(async () => {
  await s?.close();
});

async function openChapter(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  return page;
}

/** Index of the block at the top of the reader's viewport. */
function topBlockIndex(page: Page): Promise<number> {
  return page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    const blocks = [...root.querySelectorAll<HTMLElement>('[data-block-index]')];
    const top = blocks.find((b) => b.getBoundingClientRect().bottom > 5);
    return top ? Number(top.dataset.blockIndex) : -1;
  }, READER_HOST);
}

describe('reader view in Chromium', () => {
  it('shows an AO3 chapter with its titles, text and collapsed notes, over an intact host page', async () => {
    const page = await openChapter(AO3);
    await expect(inReader(page, '[data-testid=chapter-title]').textContent()).resolves.toContain('The Tidewater Market');
    await expect(inReader(page, '[data-testid=story-title]').textContent()).resolves.toContain('Salt and Ember');
    await expect(inReader(page, '[data-testid=author]').textContent()).resolves.toContain('tidewatcher_ink');
    const text = await inReader(page, '[data-testid=reader-view]').innerText();
    expect(text).toContain('The market at Tidewater opened before th');
    expect(text).not.toContain('Post Comment');
    // The host page is still there underneath.
    expect(await page.locator('#workskin').count()).toBe(1);

    const notes = inReader(page, '[data-testid=note]');
    expect(await notes.count()).toBeGreaterThanOrEqual(2);
    const first = notes.first();
    expect(await isOpen(first)).toBe(false);
    await expect(first.innerText()).resolves.not.toContain('A quick content note: there is');
    await first.locator('summary, button').first().click();
    expect(await isOpen(first)).toBe(true);
    await page.close();
  });

  it('shows a FanFiction.net chapter with its inline author notes collapsed', async () => {
    const page = await openChapter(FFN);
    await expect(inReader(page, '[data-testid=chapter-title]').textContent()).resolves.toContain('Ink and Iron');
    const notes = inReader(page, '[data-testid=note]');
    expect(await notes.count()).toBeGreaterThanOrEqual(1);
    for (const n of await notes.all()) expect(await isOpen(n)).toBe(false);
    const story = await inReader(page, '[data-testid=reader-view]').innerText();
    expect(story).toContain('The map was in a worse mood than usual');
    await page.close();
  });

  it('goes back to the site and returns with the on-page control', async () => {
    const page = await openChapter(AO3);
    await inReader(page, '[data-testid=back-to-site]').click();
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden');
    await inReader(page, '[data-testid=reader-toggle]').click();
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    await page.close();
  });

  it('applies a theme chosen in the popup to the open tab at once', async () => {
    const page = await openChapter(AO3);
    await page.bringToFront();
    const popup = await openPopup(s, page);
    // The popup asks the tab for its status first (it says "Checking this page…" meanwhile): wait for
    // the tab's answer, however long a busy machine takes to give it.
    await popup.locator('[data-testid=popup-status]', { hasText: 'Salt and Ember' }).waitFor();
    await popup.locator('[data-testid=theme-dark]').check();
    await expect
      .poll(() => inReader(page, '[data-theme]').first().getAttribute('data-theme'))
      .toBe('dark');
    await popup.locator('[data-testid=theme-sepia]').check();
    await expect
      .poll(() => inReader(page, '[data-theme]').first().getAttribute('data-theme'))
      .toBe('sepia');
    await popup.close();
    await page.close();
  });

  it('answers the keyboard inside the view: N toggles notes, Esc returns to the site, → goes on', async () => {
    const page = await openChapter(AO3);
    await inReader(page, '[data-testid=chapter-title]').click();
    const note = inReader(page, '[data-testid=note]').first();
    expect(await note.getAttribute('data-expanded')).toBe('false');
    await page.keyboard.press('n');
    await expect.poll(() => note.getAttribute('data-expanded')).toBe('true');
    await page.keyboard.press('n');
    await expect.poll(() => note.getAttribute('data-expanded')).toBe('false');
    await page.keyboard.press('Escape');
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    await inReader(page, '[data-testid=reader-toggle]').click();
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    await inReader(page, '[data-testid=chapter-title]').click();
    await Promise.all([page.waitForURL(AO3_NEXT), page.keyboard.press('ArrowRight')]);
    await page.close();
  });

  it('registers the reader commands in the manifest so readers can remap them', async () => {
    const commands = await s.worker.evaluate(() =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (globalThis as any).chrome.commands.getAll(),
    );
    const names = (commands as Array<{ name: string }>).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['toggle-reader', 'next-chapter', 'prev-chapter', 'toggle-notes']));
  });

  it('follows the next-chapter link', async () => {
    const page = await openChapter(AO3);
    await Promise.all([page.waitForURL(AO3_NEXT), inReader(page, '[data-testid=next-chapter]').first().click()]);
    expect(page.url()).toBe(AO3_NEXT);
    await page.close();
  });

  it('reopens a huge chapter exactly where the reader was, deep down, in its first frame', async () => {
    const page = await openChapter(BIG.url);
    // Scroll to a paragraph far down; the slice it is in renders on the way.
    // Each scroll asks for the slices around it; the paragraph is there once its slice rendered.
    await page.waitForFunction((host) => {
      const view = document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('[data-testid=reader-view]')!;
      if (view.querySelector('[data-block-index="1100"]')) return true;
      view.scrollTop = view.scrollHeight * 0.7;
      return false;
    }, READER_HOST);
    await inReader(page, '[data-block-index="1100"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    // Two frames: the scroll and the slices it rendered are laid out.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const before = await topBlockIndex(page);
    expect(before).toBeGreaterThan(1000);
    // The position is saved within a few seconds of scrolling.
    await expect
      .poll(async () => {
        const chapters = await readStore<{ chapterId: string; position: { blockIndex: number } | null }>(s, 'chapters');
        return chapters.find((c) => c.chapterId === 'full')?.position?.blockIndex;
      })
      .toBe(before);
    await page.reload();
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    // Shown at the right paragraph from the first frame the page shows (not scrolled there later).
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:ready').length > 0);
    expect(await topBlockIndex(page)).toBe(before);
    await page.close();
  });

  it('restores the reading position after a reload, and keeps the library record in IndexedDB', async () => {
    const page = await openChapter(FFN);
    const target = inReader(page, '[data-block-index="9"]');
    await target.scrollIntoViewIfNeeded();
    await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const before = await topBlockIndex(page);
    expect(before).toBeGreaterThanOrEqual(8);
    await page.reload();
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    await expect.poll(() => topBlockIndex(page)).toBe(before);

    const stories = await readStore<{ key: string; title: string; chapterCount: number }>(s, 'stories');
    const story = stories.find((r) => r.key === 'ffnet:14022518');
    expect(story?.title).toBe("The Cartographer's Apprentice");
    expect(story?.chapterCount).toBe(7);
    const chapters = await readStore<{ storyKey: string; position: { blockIndex: number } | null }>(s, 'chapters');
    const ch = chapters.find((c) => c.storyKey === 'ffnet:14022518');
    expect(ch?.position?.blockIndex).toBe(before);
    await page.close();
  });
});

async function isOpen(note: ReturnType<typeof inReader>): Promise<boolean> {
  return note.evaluate((el) => {
    if (el instanceof HTMLDetailsElement) return el.open;
    const d = el.querySelector('details');
    if (d) return d.open;
    const b = el.querySelector('[aria-expanded]') ?? el;
    return b.getAttribute('aria-expanded') === 'true';
  });
}
