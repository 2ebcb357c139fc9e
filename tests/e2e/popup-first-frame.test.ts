/**
 * Issue 25 in Chromium: the popup's first frame is drawn by its small classic script
 * (popup-first.js, lib/popup/first-frame.ts) while popup.html is still being parsed, before the
 * page's module (the Preact UI) has run; the UI then takes that markup over (the same elements, a
 * focused row keeps the focus) and works from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Session } from './harness';

const TITLES = ['Harbour lights', 'The ember keeper', 'Salt and ledger'];
const ID = (i: number) => String(200000 + i);
const chapterUrl = (i: number) => `https://archiveofourown.org/works/${ID(i)}/chapters/2`;

let s: Session;
let popupUrl: string;
beforeAll(async () => {
  s = await launch({ pages: new Map() });
  popupUrl = `chrome-extension://${s.extensionId}/popup.html`;
  // The extension creates its database when a page first reads it.
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/library.html`);
  await page.locator('[data-testid=library-empty]').waitFor();
  await page.close();
  await s.worker.evaluate(async (titles) => {
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('calm-reader');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const tx = db.transaction('stories', 'readwrite');
    const now = Date.now();
    titles.forEach((title, i) => {
      const id = String(200000 + i);
      tx.objectStore('stories').put({
        key: `ao3:${id}`, site: 'ao3', storyId: id, title, author: `author_${i}`, summary: '', url: `https://archiveofourown.org/works/${id}`,
        chapterCount: 3, words: 9000, status: 'in-progress', tags: [], followed: false, readingStatus: null, addedAt: now - i * 60_000,
        lastReadAt: now - i * 60_000, lastChapterId: '2', lastChapterIndex: 2, lastChapterUrl: `https://archiveofourown.org/works/${id}/chapters/2`,
        lastChapterTitle: 'Chapter 2', toc: [], unread: 1, lastCheckedAt: null,
      });
    });
    await new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onerror = () => no(tx.error))));
    db.close();
  }, TITLES);
  // A first popup reads the library and keeps "Continue reading" as seen for the next first frame.
  const first = await s.context.newPage();
  await first.goto(popupUrl);
  await first.locator('[data-testid=continue-list][data-source=library]').waitFor();
  await first.close();
});
afterAll(async () => {
  await s?.close();
});

/** Init script: what the document was when the first "Continue reading" row appeared. */
const FIRST_ROWS = `(() => {
  const obs = new MutationObserver(() => {
    const list = document.querySelector('[data-testid=continue-list]');
    if (!list || !list.querySelector('li') || window.__first) return;
    window.__first = {
      readyState: document.readyState,
      source: list.getAttribute('data-source'),
      busy: list.closest('section').getAttribute('aria-busy'),
      titles: [...list.querySelectorAll('.cr-continue-title')].map((t) => t.textContent),
      theme: document.documentElement.dataset.theme,
      labels: [...list.querySelectorAll('button')].map((b) => b.textContent),
    };
    window.__firstButton = list.querySelector('button');
    obs.disconnect();
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

interface First {
  readyState: string;
  theme: string;
  source: string;
  busy: string;
  titles: string[];
  labels: string[];
}

async function openPopup(): Promise<Page> {
  const popup = await s.context.newPage();
  await popup.setViewportSize({ width: 360, height: 700 });
  await popup.addInitScript({ content: FIRST_ROWS });
  return popup;
}

describe('the popup first frame', () => {
  it('draws the rows while the page is parsed, before the UI module ran; the UI takes the same elements over', async () => {
    const popup = await openPopup();
    await popup.goto(popupUrl);
    await popup.locator('[data-testid=continue-list][data-source=library]').waitFor();
    const first = await popup.evaluate(() => (window as unknown as { __first: First }).__first);
    // Still parsing: module scripts run only after the whole document is parsed, so these rows are
    // the classic script's, drawn from the snapshot.
    expect(first.readyState).toBe('loading');
    expect(first).toMatchObject({ source: 'snapshot', busy: 'true', titles: TITLES });
    expect(first.labels.every((l) => l.includes('Chapter 2'))).toBe(true);
    // The UI reused the first frame's elements (no second set of rows drawn over them).
    const same = await popup.evaluate(() => {
      const w = window as unknown as { __firstButton: Element };
      return w.__firstButton.isConnected && w.__firstButton === document.querySelector('[data-testid=continue-list] button');
    });
    expect(same).toBe(true);
    expect(await popup.locator('[data-testid=continue-list] li').count()).toBe(TITLES.length);
    expect(await popup.locator('main').count()).toBe(1);
    // The rest of the UI is the Preact one: settings and this page's state arrive.
    await popup.locator('[data-testid=font-size]').waitFor();
    await expect.poll(() => popup.locator('[data-testid=popup-status]').getAttribute('data-state')).toBe('unsupported');
    await popup.close();
  });

  it('keeps a row focused before the UI took over, and Enter opens its chapter after the takeover', async () => {
    const popup = await openPopup();
    // Hold the UI module back: only the first frame is there meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked = false;
    await popup.route(/\/chunks\/popup-[\w-]+\.js$/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    const loaded = popup.goto(popupUrl);
    await popup.locator('[data-testid=continue-list][data-source=snapshot] li').first().waitFor();
    await expect.poll(() => asked).toBe(true);
    // Tab to the first "continue" row of the first frame.
    for (let i = 0; i < 10 && !(await popup.evaluate(() => document.activeElement?.classList.contains('cr-continue-item'))); i++) await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toContain(TITLES[0]);
    expect(await popup.evaluate(() => document.readyState)).not.toBe('complete');
    release();
    await loaded;
    // The UI took over (the library's list), and the row kept the focus.
    await popup.locator('[data-testid=continue-list][data-source=library]').waitFor();
    await popup.locator('[data-testid=font-size]').waitFor();
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toContain(TITLES[0]);
    // Enter opens that story's chapter in a new tab, once (the first frame's handler is gone).
    const opened = s.context.waitForEvent('page');
    await popup.keyboard.press('Enter');
    const tab = await opened;
    await expect.poll(() => s.requests.filter((u) => u === chapterUrl(0)).length).toBe(1);
    expect(s.context.pages().filter((p) => p.url() === chapterUrl(0)).length).toBeLessThanOrEqual(1);
    await tab.close();
    await popup.close();
  });

  it('draws the first frame in the theme the popup last applied (a dark theme never starts light)', async () => {
    const setTheme = (theme: string) =>
      s.worker.evaluate((t) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ readerSettings: { theme: t } }), theme);
    await setTheme('dark');
    const open = async () => {
      const popup = await openPopup();
      await popup.goto(popupUrl);
      await popup.locator('[data-testid=font-size]').waitFor();
      await expect.poll(() => popup.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const first = await popup.evaluate(() => (window as unknown as { __first: First }).__first);
      await popup.close();
      return first;
    };
    // The popup that applied the dark theme keeps it; the next one draws its first frame in it.
    await open();
    const next = await open();
    expect(next).toMatchObject({ readyState: 'loading', source: 'snapshot', theme: 'dark' });
    await setTheme('system');
  });

  it('shows nothing from a hostile snapshot: the library read decides', async () => {
    const other = await s.context.newPage();
    await other.goto(`chrome-extension://${s.extensionId}/options.html`);
    await other.evaluate(() =>
      localStorage.setItem(
        'calm-reader:popup-continue',
        JSON.stringify({ v: 1, stories: [{ key: 'ao3:1', site: 'ao3', storyId: '1', title: '<img src=x onerror="window.__pwned=1">', url: 'javascript:alert(1)' }] }),
      ),
    );
    await other.close();
    const popup = await openPopup();
    await popup.goto(popupUrl);
    await popup.locator('[data-testid=continue-list][data-source=library]').waitFor();
    const first = await popup.evaluate(() => (window as unknown as { __first: First }).__first);
    expect(first).toMatchObject({ source: 'library', titles: TITLES });
    expect(await popup.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBe(null);
    expect(await popup.locator('img').count()).toBe(0);
    await popup.close();
  });
});
