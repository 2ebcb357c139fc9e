/**
 * Issue 25 in Chromium: the library's search typed with the keyboard on a library of a few hundred
 * stories (rows are updated in place as the results change, not made anew: each row must still
 * show its own story, its labels and its place in the list), and the popup's first screen (one
 * script, the library read first) with the worker running and stopped, drawn from the list as last
 * seen and corrected by the library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Session } from './harness';

const STORIES = 300;
const WORDS = 'tide lamp harbour ember salt keeper ledger stairs fog signal rope lantern map ink letter winter'.split(' ');
/** Story i: "The <word i%16> of <word 7i%16> <i>", last read i minutes ago (0 most recent). */
const titleOf = (i: number) => `The ${WORDS[i % 16]} of ${WORDS[(i * 7) % 16]} ${i}`;

let s: Session;
beforeAll(async () => {
  s = await launch({ pages: new Map() });
  // The extension creates its database when a page first reads it.
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/library.html`);
  await page.locator('[data-testid=library-empty]').waitFor();
  await page.close();
  await s.worker.evaluate(async (n) => {
    const words = 'tide lamp harbour ember salt keeper ledger stairs fog signal rope lantern map ink letter winter'.split(' ');
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('calm-reader');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const tx = db.transaction('stories', 'readwrite');
    const now = Date.now();
    for (let i = 0; i < n; i++) {
      const id = String(100000 + i);
      tx.objectStore('stories').put({
        key: `ao3:${id}`, site: 'ao3', storyId: id, title: `The ${words[i % 16]} of ${words[(i * 7) % 16]} ${i}`, author: `author_${i}`,
        summary: '', url: `https://archiveofourown.org/works/${id}`, chapterCount: 3, words: 9000, status: 'in-progress', tags: ['Slow Burn'],
        followed: false, readingStatus: null, addedAt: now - i * 60_000, lastReadAt: now - i * 60_000, lastChapterId: '2', lastChapterIndex: 2,
        lastChapterUrl: `https://archiveofourown.org/works/${id}/chapters/2`, lastChapterTitle: 'Chapter 2', toc: [], unread: 1, lastCheckedAt: null,
      });
    }
    await new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onerror = () => no(tx.error))));
    db.close();
  }, STORIES);
});
afterAll(async () => {
  await s?.close();
});

/** Every row in the DOM: its story key, title, position and the label it points to. */
const rowsOf = (page: Page) =>
  page.locator('[data-testid=library-row]').evaluateAll((rows) =>
    rows.map((r) => ({
      key: r.getAttribute('data-story-key'),
      title: r.querySelector('h3')?.textContent ?? '',
      pos: Number(r.getAttribute('aria-posinset')),
      size: Number(r.getAttribute('aria-setsize')),
      label: document.getElementById(r.getAttribute('aria-labelledby') ?? '')?.textContent ?? null,
      continueLabel: r.querySelector('[data-testid=continue]')?.getAttribute('aria-label') ?? '',
    })),
  );

describe('the library search, typed', () => {
  it('filters as each key is typed, and every row stays its own story, labelled and counted', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    await expect.poll(() => page.locator('[data-testid=library-count]').innerText()).toContain(String(STORIES));
    await expect.poll(() => page.locator('[data-testid=library-count]').innerText()).not.toContain('loading the rest');
    const before = await rowsOf(page);
    expect(before[0].title).toBe(titleOf(0));

    await page.locator('[data-testid=library-search]').focus();
    // "keeper": stories 5, 21, 37, ... by title (i % 16 == 5) and those whose second word is keeper (7i % 16 == 5).
    const matching = [...Array(STORIES).keys()].filter((i) => titleOf(i).includes('keeper'));
    await page.keyboard.type('keeper');
    await expect.poll(async () => (await rowsOf(page)).every((r) => r.title.includes('keeper'))).toBe(true);
    const rows = await rowsOf(page);
    // The rows in view are the first matches, most recently read first, each one whole.
    expect(rows.map((r) => r.title)).toEqual(matching.slice(0, rows.length).map(titleOf));
    for (const [n, r] of rows.entries()) {
      expect(r.key).toBe(`ao3:${100000 + matching[n]}`);
      expect(r.pos).toBe(n + 1);
      expect(r.size).toBe(matching.length);
      expect(r.label).toBe(r.title);
      expect(r.continueLabel).toContain(r.title);
    }
    // The count says how many match (the search box is described by it, and it is a polite live region).
    const count = page.locator('[data-testid=library-count]');
    await expect.poll(() => count.innerText()).toContain(String(matching.length));
    expect(await count.getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('[data-testid=library-search]').getAttribute('aria-describedby')).toBe('lib-count');

    // More keys narrow it further; Backspace widens it again; a query with no match says so.
    await page.keyboard.type(' 21');
    // Every word must match the title, author or tags: "keeper" and "21" (as in author_213).
    const both = [...Array(STORIES).keys()].filter((i) => `${titleOf(i)} author_${i}`.includes('keeper') && `${titleOf(i)} author_${i}`.includes('21'));
    expect(both.length).toBeGreaterThan(1);
    await expect.poll(async () => (await rowsOf(page)).map((r) => r.title)).toEqual(both.map(titleOf));
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await rowsOf(page)).length).toBe(rows.length);
    expect((await rowsOf(page)).map((r) => r.title)).toEqual(rows.map((r) => r.title));
    await page.keyboard.type('zzz');
    await page.locator('[data-testid=no-matches]').waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await expect.poll(async () => (await rowsOf(page)).map((r) => r.title)).toEqual(rows.map((r) => r.title));

    // Into the list with Tab: the first row is the one tab stop; arrows move the focus row by row.
    let tabs = 0;
    while (!(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'listitem')) && tabs++ < 30) await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.querySelector('h3')?.textContent ?? null);
    expect(await focused()).toBe(titleOf(matching[0]));
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe(titleOf(matching[1]));
    await page.keyboard.press('End');
    await expect.poll(focused).toBe(titleOf(matching[matching.length - 1]));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe(String(matching.length));
    await page.close();
  });
});

describe('the popup', () => {
  /** Stops the extension's service worker, as Chromium does when it is idle. */
  async function stopWorker(via: Page) {
    const cdp = await s.context.newCDPSession(via);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; targetId: string }[] };
    const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${s.extensionId}/`));
    if (sw) await cdp.send('Target.closeTarget', { targetId: sw.targetId });
    await cdp.detach();
  }

  for (const asleep of [false, true]) {
    it(`shows "Continue reading", the settings and this page's state${asleep ? ' with the worker stopped' : ''}`, async () => {
      const blank = await s.context.newPage();
      if (asleep) await stopWorker(blank);
      const popup = await s.context.newPage();
      await popup.setViewportSize({ width: 360, height: 700 });
      await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
      // The five most recently read, most recent first.
      const items = popup.locator('[data-testid=continue-list] .cr-continue-title');
      await expect.poll(() => items.allInnerTexts()).toEqual([0, 1, 2, 3, 4].map(titleOf));
      // Settings read from storage (defaults here), and the page it was opened on (not a story page).
      await popup.locator('[data-testid=font-size]').waitFor();
      await expect.poll(() => popup.locator('[data-testid=popup-status]').getAttribute('data-state')).toBe('unsupported');
      await popup.close();
      await blank.close();
    });
  }

  it('draws "Continue reading" as last seen at once, then corrects it when the library changed while it was closed', async () => {
    /** Init script: the titles and source of the first list the page shows. */
    const firstList = `(() => {
      const obs = new MutationObserver(() => {
        const list = document.querySelector('[data-testid=continue-list]');
        if (!list || window.__firstList) return;
        window.__firstList = { source: list.getAttribute('data-source'), titles: [...list.querySelectorAll('.cr-continue-title')].map((t) => t.textContent) };
        obs.disconnect();
      });
      obs.observe(document, { childList: true, subtree: true });
    })();`;
    const open = async () => {
      const popup = await s.context.newPage();
      await popup.addInitScript({ content: firstList });
      await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
      await popup.locator('[data-testid=continue-list][data-source=library]').waitFor();
      const first = await popup.evaluate(() => (window as unknown as { __firstList: { source: string; titles: string[] } }).__firstList);
      const shown = await popup.locator('[data-testid=continue-list] .cr-continue-title').allInnerTexts();
      await popup.close();
      return { first, shown };
    };
    const before = [0, 1, 2, 3, 4].map(titleOf);
    // Opened before: the list as it was is kept for the next first frame.
    expect((await open()).shown).toEqual(before);
    // While neither the popup nor the library page is open, a chapter is read in a tab and recorded
    // (written here from another page of the extension: the worker may have been stopped above).
    const READ = 'Read while the popup was closed';
    const other = await s.context.newPage();
    await other.goto(`chrome-extension://${s.extensionId}/options.html`);
    /** Puts a story record into the library, or deletes one by its key. */
    const inLibrary = (change: { put: Record<string, unknown> } | { delete: string }) =>
      other.evaluate(async (c) => {
        const db = await new Promise<IDBDatabase>((ok, no) => {
          const r = indexedDB.open('calm-reader');
          r.onsuccess = () => ok(r.result);
          r.onerror = () => no(r.error);
        });
        const tx = db.transaction('stories', 'readwrite');
        if ('put' in c) tx.objectStore('stories').put(c.put);
        else tx.objectStore('stories').delete(c.delete);
        await new Promise<void>((ok, no) => ((tx.oncomplete = () => ok()), (tx.onerror = () => no(tx.error))));
        db.close();
      }, change);
    const now = Date.now() + 60_000;
    await inLibrary({
      put: {
        key: 'ao3:999999', site: 'ao3', storyId: '999999', title: READ, author: 'someone', summary: '', url: 'https://archiveofourown.org/works/999999',
        chapterCount: 3, words: 9000, status: 'in-progress', tags: [], followed: false, readingStatus: null, addedAt: now, lastReadAt: now,
        lastChapterId: '1', lastChapterIndex: 1, lastChapterUrl: 'https://archiveofourown.org/works/999999/chapters/1', lastChapterTitle: null,
        toc: [], unread: 2, lastCheckedAt: null,
      },
    });
    const after = [READ, ...before.slice(0, 4)];
    // The first frame is the list as last seen; the library read corrects it.
    const next = await open();
    expect(next.first).toEqual({ source: 'snapshot', titles: before });
    expect(next.shown).toEqual(after);
    // ...and the next popup's first frame is right.
    expect((await open()).first).toEqual({ source: 'snapshot', titles: after });

    // A snapshot that is not one the popup wrote (hostile or broken) is ignored: the library decides.
    await other.evaluate(() => localStorage.setItem('calm-reader:popup-continue', JSON.stringify({ v: 1, stories: [{ key: 'x', title: '<img src=x onerror=alert(1)>' }] })));
    const hostile = await open();
    expect(hostile.first).toEqual({ source: 'library', titles: after });
    expect(hostile.shown).toEqual(after);

    await inLibrary({ delete: 'ao3:999999' });
    await other.close();
  });
});
