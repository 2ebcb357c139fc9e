/**
 * Issue 25, the reader's start path in the built extension: a 10k-word chapter (~150 paragraphs)
 * draws the blocks around the reading place in its first frame and the rest of the chapter right
 * after it, without the reader scrolling; a saved place deep in such a chapter is where the first
 * frame opens; a keyboard user reaches the end of the chapter and its next-chapter link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ffnChapter } from '../../scripts/bench/pages';
import { inReader, launch, READER_HOST, readStore, type Session } from './harness';

let s: Session;
const FFN = ffnChapter(10_000);

beforeAll(async () => {
  s = await launch({ pages: new Map([[FFN.url, FFN.html]]) });
});
afterAll(async () => {
  await s?.close();
});

async function open(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => performance.getEntriesByName('calm-reader:ready').length > 0);
  return page;
}

/** Every block of the page's chapter text (the site's paragraphs), counted in the host page. */
const hostParagraphs = (page: Page) => page.evaluate(() => document.querySelectorAll('#storytext > *, #chapters .userstuff > *').length);

/** Rendered blocks and placeholders of chunks not rendered yet, in the view. */
const drawn = (page: Page) =>
  page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    return {
      blocks: root.querySelectorAll('[data-block-index]').length,
      pending: root.querySelectorAll('[data-pending-chunk]').length,
      last: Math.max(...[...root.querySelectorAll<HTMLElement>('[data-block-index]')].map((b) => Number(b.dataset.blockIndex))),
    };
  }, READER_HOST);

/** Index of the block at the top of the reader's viewport. */
const topBlockIndex = (page: Page) =>
  page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    const blocks = [...root.querySelectorAll<HTMLElement>('[data-block-index]')];
    const top = blocks.find((b) => b.getBoundingClientRect().bottom > 5);
    return top ? Number(top.dataset.blockIndex) : -1;
  }, READER_HOST);

describe('the first screen first (issue 25)', () => {
  it('draws the rest of a 10k-word chapter after the first screen, without the reader scrolling', async () => {
    const page = await open(FFN.url);
    expect(await hostParagraphs(page)).toBeGreaterThan(140);
    // The first screen is there at once: the chapter's first text (after its collapsed notes) is at the top of the view.
    const first = await topBlockIndex(page);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(5);
    // Then every block, and no placeholder left.
    await page.waitForFunction((host) => {
      const root = document.querySelector(host)!.shadowRoot!;
      return root.querySelectorAll('[data-pending-chunk]').length === 0 && root.querySelectorAll('[data-block-index]').length > 140;
    }, READER_HOST);
    const d = await drawn(page);
    expect(d.pending).toBe(0);
    // The author's notes at both ends are grouped (a few blocks fewer than paragraphs), the text is whole.
    expect(d.blocks).toBeGreaterThan(140);
    expect(await inReader(page, '[data-testid=chapter-text]').textContent()).toContain('staircases');
    // Still at the top: filling in the rest did not move the text the reader sees.
    expect(await topBlockIndex(page)).toBe(first);
    await page.close();
  });

  it('opens deep in a 10k-word chapter exactly where the reader was, in its first frame', async () => {
    let page = await open(FFN.url);
    await page.waitForFunction((host) => !document.querySelector(host)!.shadowRoot!.querySelector('[data-pending-chunk]'), READER_HOST);
    const target = inReader(page, '[data-block-index="130"]');
    await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const before = await topBlockIndex(page);
    expect(before).toBeGreaterThanOrEqual(125);
    // Saved within a few seconds of scrolling.
    await expect
      .poll(async () => {
        const sets = await readStore<{ rows: unknown[][] }>(s, 'chapterSets');
        const row = sets.flatMap((set) => set.rows).find((r) => String(r[3]).includes('/s/14990010/3/'));
        return row ? Number(row[6]) : -1;
      })
      .toBe(before);
    await page.close();
    page = await open(FFN.url);
    // At the saved paragraph when the view is first shown (not scrolled there later)...
    expect(await topBlockIndex(page)).toBe(before);
    // ...and still there once the chapter above it was filled in.
    await page.waitForFunction((host) => !document.querySelector(host)!.shadowRoot!.querySelector('[data-pending-chunk]'), READER_HOST);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await topBlockIndex(page)).toBe(before);
    await page.close();
  });

  it('a keyboard user reaches the end of a 10k-word chapter and its next-chapter link', async () => {
    const page = await open(FFN.url);
    // The view takes the keys once shown (focus moves into it after the first frame).
    await page.waitForFunction((host) => !!document.querySelector(host)!.shadowRoot!.activeElement, READER_HOST);
    // End until the bottom of the chapter is in view (the rest may still be filling in).
    await expect
      .poll(async () => {
        await page.keyboard.press('End');
        return page.evaluate((host) => {
          const root = document.querySelector(host)!.shadowRoot!;
          const view = root.querySelector<HTMLElement>('[data-testid=reader-view]')!;
          const next = root.querySelector<HTMLElement>('[data-testid=next-chapter][data-place=bottom]');
          const r = next?.getBoundingClientRect();
          return !root.querySelector('[data-pending-chunk]') && !!r && r.top >= 0 && r.bottom <= view.getBoundingClientRect().bottom + 1;
        }, READER_HOST);
      })
      .toBe(true);
    // The chapter's last paragraph was passed on the way: every block is drawn, the last in order.
    const d = await drawn(page);
    expect(d.pending).toBe(0);
    expect(d.blocks).toBeGreaterThan(140);
    expect(await inReader(page, '[data-testid=next-chapter][data-place=bottom]').getAttribute('href')).toMatch(/\/s\/14990010\/4\//);
    await page.close();
  });
});
