/**
 * Issue #19, "a reader view that readers trust", in Chromium with the built extension:
 * - the work card (rating, archive warnings, category always visible; tags folded) on a real AO3
 *   page from ../shared/real-pages served at its real address, and a real embedded video;
 * - the end of a chapter on the last chapter of a work in progress and of a complete work;
 * - jumping from the chapter list with the keyboard; the view's own panel changing the width;
 * - following a story read up to chapter 1: unread chapters, but nothing on the toolbar badge;
 * - an embedded video becomes a labelled link;
 * - the welcome page on install.
 * Waits are on state, never on time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixturePages, inReader, launch, READER_HOST, readStore, ROOT, type Session } from './harness';
import { pageHtml } from '../site-fixtures';

const REAL_DIR = process.env.CALM_REAL_PAGES ?? join(ROOT, '../shared/real-pages');
const REAL_WIP = { file: 'ao3/mp-work-36425557-ch1-of-wip.html', url: 'https://archiveofourown.org/works/36425557/chapters/90823714' };
const REAL_VIDEO = { file: 'ao3/ao3js-work-4491333-oneshot-video.html', url: 'https://archiveofourown.org/works/4491333' };
const present = existsSync(REAL_DIR);

const AO3_MIDDLE = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_THIRD = 'https://archiveofourown.org/works/51842093/chapters/131802245';
const AO3_LAST_COMPLETE = 'https://archiveofourown.org/collections/orchard_fest_2023/works/55510987/chapters/141000033';
const AO3_LAST_WIP = 'https://archiveofourown.org/works/61234500/chapters/151111002';
const FFN_FIRST = 'https://www.fanfiction.net/s/14100777/1/Tea-at-the-Burrow';
/** The fixture one-shot with an embedded video in its text, at another work's address. */
const AO3_VIDEO = 'https://archiveofourown.org/works/49066399';

let s: Session;
let welcomeSeen: Promise<Page>;

beforeAll(async () => {
  const pages = fixturePages();
  const oneshot = pageHtml('ao3-oneshot');
  pages.set(
    AO3_VIDEO,
    oneshot.replace('<div class="userstuff">', '<div class="userstuff"><p><iframe src="https://www.youtube.com/embed/cr19video" width="560" height="315"></iframe></p>'),
  );
  if (present) for (const p of [REAL_WIP, REAL_VIDEO]) pages.set(p.url, readFileSync(join(REAL_DIR, p.file), 'utf8'));
  s = await launch({ pages });
  // The welcome tab opens as the extension installs, perhaps before anyone listens for it.
  welcomeSeen = (async () => {
    const isWelcome = (p: Page) => p.url().endsWith('/welcome.html');
    const open = s.context.pages().find(isWelcome);
    if (open) return open;
    return s.context.waitForEvent('page', { predicate: isWelcome, timeout: 30_000 });
  })();
  welcomeSeen.catch(() => undefined);
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

describe('first run', () => {
  it('installing opens the welcome page: what it does, the sites, reader view and sync switches, private windows', async () => {
    const page = await welcomeSeen;
    await page.locator('[data-testid=welcome]').waitFor();
    await expect(page.locator('h1').innerText()).resolves.toBe('Welcome to Calm Reader');
    await expect(page.locator('[data-testid=welcome-sites]').innerText()).resolves.toContain('Archive of Our Own');
    await expect(page.locator('[data-testid=welcome-private]').innerText()).resolves.toMatch(/private windows/i);
    const reader = page.locator('[data-testid=welcome-reader]');
    await reader.waitFor();
    expect(await reader.getAttribute('aria-checked')).toBe('true');
    await page.locator('[data-testid=welcome-sync]').waitFor();
    // Reader view off, then on again: stored where every tab reads it.
    await reader.click();
    await expect
      .poll(() => s.worker.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('readerSettings')).readerSettings?.enabled)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toBe(false);
    await reader.click();
    await expect
      .poll(() => s.worker.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('readerSettings')).readerSettings?.enabled)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toBe(true);
    await page.close();
  });
});

describe('work card and end of chapter', () => {
  it('the last chapter of a complete work says "The end"', async () => {
    const page = await openChapter(AO3_LAST_COMPLETE);
    const end = inReader(page, '[data-testid=chapter-end]');
    await expect(end.getAttribute('data-end')).resolves.toBe('the-end');
    await expect(end.innerText()).resolves.toContain('The end');
    await expect(inReader(page, '[data-testid=end-feedback]').getAttribute('href')).resolves.toMatch(/#feedback$/);
    // At a collection's address too, the site's kudos and comments are on this page: the view steps aside there.
    await inReader(page, '[data-testid=end-feedback]').click();
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    expect(page.url()).toBe(AO3_LAST_COMPLETE);
    await expect.poll(() => page.evaluate(() => document.getElementById('feedback')!.getBoundingClientRect().top)).toBeLessThan(900);
    await page.close();
  });

  it("the last chapter of a work in progress: you're caught up, last updated, Follow from the view", async () => {
    const page = await openChapter(AO3_LAST_WIP);
    const end = inReader(page, '[data-testid=chapter-end]');
    await expect(end.getAttribute('data-end')).resolves.toBe('caught-up');
    await expect(end.innerText()).resolves.toContain("You're caught up");
    await expect(inReader(page, '[data-testid=end-status]').innerText()).resolves.toMatch(/Work in progress\. Last updated \w+ \d+, \d{4}\./);
    await expect(inReader(page, '[data-testid=chapter-line]').innerText()).resolves.toBe('Chapter 2 of 2?');
    const follow = inReader(page, '[data-testid=end-follow]');
    await follow.waitFor({ timeout: 15_000 });
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await readStore<{ key: string; followed: boolean }>(s, 'stories')).find((x) => x.key === 'ao3:61234500')?.followed).toBe(true);
    // The site's own comments: the view steps aside and the page is at its feedback section.
    await inReader(page, '[data-testid=end-feedback]').click();
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    await page.close();
  });
});

describe('the top of a chapter', () => {
  it('work notes one click from the card; the time left in the chapter and the story', async () => {
    const page = await openChapter(AO3_MIDDLE);
    await expect(inReader(page, '[data-testid=card-warnings]').innerText()).resolves.toBe('No Archive Warnings Apply');
    const workNote = inReader(page, '[data-testid=note]').first();
    expect(await workNote.getAttribute('data-expanded')).toBe('false');
    await inReader(page, '[data-testid=card-work-notes]').click();
    await expect.poll(() => workNote.getAttribute('data-expanded')).toBe('true');
    await expect(inReader(page, '[data-testid=time-left]').innerText()).resolves.toMatch(/^About .+ left in this chapter · .+ in the story/);
    await page.close();
  });
});

describe('chapter list and the view settings panel', () => {
  it('jumps to another chapter from the chapter list with the keyboard', async () => {
    const page = await openChapter(AO3_MIDDLE);
    await inReader(page, '[data-testid=chapters-toggle]').click();
    const list = inReader(page, '[data-testid=chapter-list]');
    await list.waitFor();
    await expect(list.locator('li').count()).resolves.toBe(4);
    await expect(list.locator('[aria-current=page]').innerText()).resolves.toContain('The Tidewater Market');
    // Focus starts on the chapter open now; ↓ then Enter opens the next one.
    await expect.poll(() => page.evaluate((h) => document.querySelector(h)!.shadowRoot!.activeElement?.getAttribute('aria-current'), READER_HOST)).toBe('page');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(AO3_THIRD), page.keyboard.press('Enter')]);
    await page.close();
  });

  it('the panel in the view changes the text width at once', async () => {
    const page = await openChapter(AO3_MIDDLE);
    const article = inReader(page, '.cr-article');
    const before = (await article.boundingBox())!.width;
    await inReader(page, '[data-testid=view-settings-toggle]').click();
    const width = inReader(page, '[data-testid=view-width]');
    await width.waitFor();
    // The reader's own keys on the slider (trusted input: only that is saved).
    await width.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await article.boundingBox())!.width).toBeLessThan(before * 0.7);
    await expect
      .poll(() => s.worker.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('readerSettings')).readerSettings?.width)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toBe(30);
    // Still on this chapter (the slider's arrow keys never turn the page); put the width back.
    expect(page.url()).toBe(AO3_MIDDLE);
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => s.worker.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('readerSettings')).readerSettings?.width)) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toBe(32);
    await page.keyboard.press('End');
    await expect.poll(async () => (await article.boundingBox())!.width).toBeGreaterThan(before * 0.9);
    expect(page.url()).toBe(AO3_MIDDLE);
    await page.close();
  });
});

describe('new and unread', () => {
  it('following a story after reading chapter 1 of 3: 2 unread, nothing new, no count on the toolbar icon', async () => {
    const page = await openChapter(FFN_FIRST);
    await expect(inReader(page, '[data-testid=chapter-line]').innerText()).resolves.toBe('Chapter 1 of 3?');
    await expect(inReader(page, '[data-testid=card-rating]').innerText()).resolves.toBe('K');
    await expect(inReader(page, '[data-testid=card-genres]').innerText()).resolves.toBe('Family');
    const follow = inReader(page, '[data-testid=view-follow]');
    await follow.waitFor({ timeout: 15_000 });
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    type Stored = { key: string; followed: boolean; unread?: number; newCount?: number };
    await expect.poll(async () => (await readStore<Stored>(s, 'stories')).find((x) => x.key === 'ffnet:14100777')?.followed).toBe(true);
    const story = (await readStore<Stored>(s, 'stories')).find((x) => x.key === 'ffnet:14100777')!;
    expect(story.unread).toBe(2);
    expect(story.newCount ?? 0).toBe(0);
    // The badge is redrawn after every follow: it stays empty.
    await expect
      .poll(() => s.worker.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}))) // eslint-disable-line @typescript-eslint/no-explicit-any
      .toBe('');
    await page.close();
  });
});

describe('lost content is said', () => {
  it('an embedded video becomes a labelled link to it', async () => {
    const page = await openChapter(AO3_VIDEO);
    const link = inReader(page, '[data-testid=chapter-text] a[href="https://www.youtube.com/embed/cr19video"]');
    await link.waitFor();
    await expect(link.innerText()).resolves.toMatch(/^\[Embedded video from www\.youtube\.com: .*Open it on the site\]$/);
    expect(await inReader(page, 'iframe').count()).toBe(0);
    await page.close();
  });
});

if (!present) {
  if (process.env.CI) {
    it('finds the real pages', () => {
      throw new Error(`${REAL_DIR} is missing: the real-page checks of issue #19 cannot run (CI requires them).`);
    });
  } else {
    it.skip(`real AO3 pages: ${REAL_DIR} is missing, skipped outside CI`, () => undefined);
  }
} else {
  describe('real AO3 pages at their real addresses', () => {
    it('rating, archive warning and categories always show; tags are folded; warnings never hidden', async () => {
      const page = await openChapter(REAL_WIP.url);
      await expect(inReader(page, '[data-testid=card-rating]').innerText()).resolves.toBe('Not Rated');
      const warnings = inReader(page, '[data-testid=card-warnings]');
      await expect(warnings.innerText()).resolves.toBe('Creator Chose Not To Use Archive Warnings');
      expect(await warnings.isVisible()).toBe(true);
      await expect(inReader(page, '[data-testid=card-categories]').innerText()).resolves.toBe('F/M, Gen, M/M');
      expect(await inReader(page, '[data-testid=card-categories]').isVisible()).toBe(true);
      // Fandoms, relationships, characters and additional tags: folded, one click away.
      const characters = inReader(page, '[data-testid=card-characters]');
      expect(await characters.isVisible()).toBe(false);
      await inReader(page, '[data-testid=card-tag-list] summary').click();
      await expect.poll(() => characters.isVisible()).toBe(true);
      await expect(inReader(page, '[data-testid=card-words]').innerText()).resolves.toBe('16,071');
      // "Chapter 1: Chapter 1" is said once.
      await expect(inReader(page, '[data-testid=chapter-title]').innerText()).resolves.toBe('Chapter 1');
      await expect(inReader(page, '[data-testid=chapter-end]').getAttribute('data-end')).resolves.toBe('caught-up');
      await page.close();
    });

    it('the embedded video of a real vid post becomes a labelled link', async () => {
      const page = await openChapter(REAL_VIDEO.url);
      const link = inReader(page, '[data-testid=chapter-text] a[href^="https://www.youtube.com/embed/"]');
      await link.waitFor();
      await expect(link.innerText()).resolves.toContain('Embedded video');
      await page.close();
    });
  });
}
