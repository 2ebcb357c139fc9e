/**
 * The generic reader (popup button on a page no site adapter claims) and reader corrections of
 * author's notes that hold across reloads, in Chromium with the built extension.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, fixturePages, inReader, launch, openPopup, READER_HOST, readStore, type Session } from './harness';
import { casePage } from '../site-fixtures';

const BLOG = 'https://example.org/2024/05/the-lighthouse-keeper-part-2/';
const EMPTY = 'https://example.org/dashboard';
const LISTING = 'https://example.org/archive/';
const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';

/**
 * In a real browser, opening the popup grants activeTab on the tab, which lets the background
 * inject the generic reader. Automation cannot click the toolbar button, so the test build adds a
 * host permission for the test origin only (the shipped manifest has none for arbitrary sites).
 */
function buildWithTestOrigin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'calm-reader-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'https://example.org/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

let s: Session;
let extensionDir: string;
beforeAll(async () => {
  const shipped = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    host_permissions?: string[];
    permissions?: string[];
  };
  // The shipped build reads other pages only through activeTab.
  expect(shipped.host_permissions ?? []).not.toContain('<all_urls>');
  expect(shipped.host_permissions ?? []).not.toContain('https://example.org/*');
  expect(shipped.permissions).toEqual(expect.arrayContaining(['activeTab', 'scripting']));

  extensionDir = buildWithTestOrigin();
  const pages = fixturePages();
  pages.set(BLOG, casePage('blog-story.html'));
  pages.set(EMPTY, casePage('no-article.html'));
  pages.set(LISTING, casePage('link-listing.html'));
  s = await launch({ pages, extensionDir });
});
afterAll(async () => {
  await s?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

async function isOpen(note: ReturnType<typeof inReader>): Promise<boolean> {
  return (await note.getAttribute('data-expanded')) === 'true';
}

/** Index of the block at the top of the reader's viewport (below the toolbar). */
function topBlockIndex(page: Page): Promise<number> {
  return page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    const toolbar = root.querySelector<HTMLElement>('[data-testid=toolbar]')!.getBoundingClientRect().bottom;
    const blocks = [...root.querySelectorAll<HTMLElement>('[data-block-index]')];
    const top = blocks.find((b) => b.getBoundingClientRect().bottom > toolbar + 2 && b.getClientRects().length > 0);
    return top ? Number(top.dataset.blockIndex) : -1;
  }, READER_HOST);
}

async function openChapter(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  return page;
}

describe('generic reader', () => {
  it('opens an unsupported page in reader view from the popup, with its note collapsed', async () => {
    const page = await s.context.newPage();
    await page.goto(BLOG);
    const before = await page.locator('body').innerHTML();
    expect(await page.locator(READER_HOST).count()).toBe(0);

    const popup = await openPopup(s, page);
    await popup.locator('[data-testid=popup-status][data-state=unsupported]').waitFor();
    const button = popup.locator('[data-testid=open-generic]');
    await expect(button.textContent()).resolves.toBe('Open this page in reader view');
    await button.click();

    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    await expect(inReader(page, '[data-testid=chapter-title]').textContent()).resolves.toBe('The Lighthouse Keeper, Part 2');
    await expect(inReader(page, '[data-testid=author]').textContent()).resolves.toContain('Wren Holloway');
    const text = await inReader(page, '[data-testid=chapter-text]').innerText();
    expect(text).toContain('The storm came in the night, as Ada had known it would.');
    // Only a short preview of the collapsed note shows.
    expect(text).not.toContain('Updates every Sunday, and as always');
    expect(text).not.toContain('Recent posts');
    const note = inReader(page, '[data-testid=note]').first();
    expect(await isOpen(note)).toBe(false);
    await expect(note.innerText()).resolves.toContain("Author's note");
    // The host page underneath is untouched.
    expect(await page.locator('body').innerHTML()).toBe(before);

    // The popup now sees a reader tab.
    await popup.locator('[data-testid=popup-status][data-state=reader]').waitFor();
    await expect(popup.locator('[data-testid=story-title]').textContent()).resolves.toBe('The Lighthouse Keeper, Part 2');
    await expect(popup.locator('[data-testid=reader-switch]').isChecked()).resolves.toBe(true);

    // A second request toggles the reader already there instead of adding another.
    const again = await s.worker.evaluate(async (tabUrl) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const c = (globalThis as any).chrome;
      const [tab] = await c.tabs.query({ url: tabUrl });
      const [r] = await c.scripting.executeScript({ target: { tabId: tab.id }, files: ['/generic-reader.js'] });
      return r?.result;
    }, BLOG);
    expect(again).toBe('toggled');
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    expect(await page.locator(READER_HOST).count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('says so when a page has no article', async () => {
    const page = await s.context.newPage();
    await page.goto(EMPTY);
    const popup = await openPopup(s, page);
    await popup.locator('[data-testid=open-generic]').click();
    await popup.locator('[data-testid=error-message]').waitFor();
    await expect(popup.locator('[data-testid=error-message]').innerText()).resolves.toContain(
      "couldn't find a story or article on this page",
    );
    await page.locator(`${READER_HOST}[data-state="error"]`).waitFor();
    await popup.close();
    await page.close();
  });

  it('refuses a page that is mostly a list of links: "this page is not an article"', async () => {
    const page = await s.context.newPage();
    await page.goto(LISTING);
    const popup = await openPopup(s, page);
    await popup.locator('[data-testid=open-generic]').click();
    await popup.locator('[data-testid=error-message]').waitFor();
    await expect(popup.locator('[data-testid=error-message]').innerText()).resolves.toMatch(/list/i);
    const notice = inReader(page, '[data-testid=notice]');
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toContain('This page is not an article');
    expect(await page.locator(`${READER_HOST}[data-state="reader"]`).count()).toBe(0);
    await popup.close();
    await page.close();
  });
});

describe('reader corrections of author notes', () => {
  const STORY_KEY = 'ffnet:14022518';
  const corrections = async () => {
    const records = await readStore<{ storyKey: string; corrections: Record<string, string> }>(s, 'noteMemory');
    const r = records.find((x) => x.storyKey === STORY_KEY);
    return r ? Object.values(r.corrections) : [];
  };

  it('a note marked as story shows as story at once, without moving the reader', async () => {
    const page = await openChapter(FFN);
    const notes = inReader(page, '[data-testid=note]');
    const before = await notes.count();
    expect(before).toBeGreaterThanOrEqual(2);
    await expect(notes.first().innerText()).resolves.toContain('A/N: Thank you so much');

    // Read on a little: block 9 at the top of the view.
    await page.evaluate((host) => {
      const root = document.querySelector(host)!.shadowRoot!;
      const view = root.querySelector<HTMLElement>('[data-testid=reader-view]')!;
      const toolbar = root.querySelector<HTMLElement>('[data-testid=toolbar]')!.getBoundingClientRect().height;
      const block = root.querySelector<HTMLElement>('[data-block-index="9"]')!;
      view.scrollTop += block.getBoundingClientRect().top - toolbar;
    }, READER_HOST);
    expect(await topBlockIndex(page)).toBe(9);

    // The note above the reader opens up into story text; the reader stays on the same paragraph.
    // Pressed by the reader (trusted input: a page script's click() is ignored), without scrolling to it.
    await page.evaluate(
      (host) => document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('[data-testid=mark-story]')!.focus({ preventScroll: true }),
      READER_HOST,
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => notes.count()).toBe(before - 1);
    expect(await topBlockIndex(page)).toBe(9);
    const text = await inReader(page, '[data-testid=chapter-text]').innerText();
    expect(text).toContain('A/N: Thank you so much to everyone who reviewed');
    await expect.poll(corrections).toEqual(['story', 'story']);
    await page.close();
  });

  it('the correction holds after a reload; a note can be corrected from the keyboard', async () => {
    const page = await openChapter(FFN);
    await page.reload();
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const block0 = inReader(page, '[data-block-index="0"]');
    expect(await block0.getAttribute('data-kind')).toBe('story');
    expect(await block0.evaluate((el) => !!el.closest('[data-testid=note]'))).toBe(false);
    const notes = inReader(page, '[data-testid=note]');
    await expect.poll(() => notes.count()).toBe(1);

    // keyboard: Tab from the note's disclosure reaches its correction button
    const last = notes.last();
    await expect(last.innerText()).resolves.toContain('A/N: Next chapter');
    await last.locator('[data-testid=note-toggle]').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      (host) => document.querySelector(host)!.shadowRoot!.activeElement?.getAttribute('data-testid'),
      READER_HOST,
    );
    expect(focused).toBe('mark-story');
    await page.keyboard.press('Enter');
    await expect.poll(() => notes.count()).toBe(0);
    await expect.poll(corrections).toEqual(['story', 'story', 'story']);

    const records = await readStore<{ storyKey: string; learnedChapters?: string[] }>(s, 'noteMemory');
    expect(records.find((x) => x.storyKey === STORY_KEY)?.learnedChapters).toEqual(['3']);
    await page.close();
  });

  it('a paragraph at the chapter edge can be marked as a note; its button shows on hover', async () => {
    const page = await openChapter(FFN);
    const block = inReader(page, '[data-block-index]').filter({ hasText: 'The map was in a worse mood than usual' }).first();
    const mark = block.locator('[data-testid=mark-note]');
    expect(await mark.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    await block.hover();
    await expect.poll(() => mark.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await mark.click();
    await expect
      .poll(() => inReader(page, '[data-testid=note]').first().innerText())
      .toContain('The map was in a worse mood');
    await page.close();
  });
});
