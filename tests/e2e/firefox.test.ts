/**
 * The built Firefox extension (.output/firefox-mv3) in Debian's Firefox ESR, driven over WebDriver
 * BiDi (tests/e2e/firefox-harness.ts): the site content script opens the reader view with the
 * chapter and its notes collapsed; the late parts the background injects after the first frame
 * (scripting.executeScript into the content script's world) arrive and work from the keyboard;
 * the background's library (IndexedDB) keeps the reading position, which a reload and a later visit
 * restore; the lists content script marks that story on the site's list page; the popup and the
 * library page list the stories read. Waits are on state, never on time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePages, READER_HOST, ROOT } from './harness';
import { KEY, launchFirefox, type FirefoxSession } from './firefox-harness';

const AO3_MIDDLE = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_THIRD = 'https://archiveofourown.org/works/51842093/chapters/131802245';
const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';

/** An expression for an element inside the reader's shadow root. */
const inReader = (selector: string) => `document.querySelector(${JSON.stringify(READER_HOST)})?.shadowRoot?.querySelector(${JSON.stringify(selector)})`;
const readerShown = `document.querySelector(${JSON.stringify(`${READER_HOST}[data-state="reader"]`)}) && ${inReader('[data-testid=reader-view]')}`;
/** The index of the first block whose bottom is in view. */
const topBlock = `(() => {
  const root = document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot;
  const top = [...root.querySelectorAll('[data-block-index]')].find((b) => b.getBoundingClientRect().bottom > 5);
  return top ? Number(top.dataset.blockIndex) : -1;
})()`;

/** AO3's reading history page (a hand-made list fixture) with its first work made the one read here. */
const READINGS_DIR = join(ROOT, 'lib/sites/ao3/list-fixtures/ao3-readings');
const READINGS_URL = (JSON.parse(readFileSync(join(READINGS_DIR, 'expected.json'), 'utf8')) as { url: string }).url;
const READINGS_HTML = readFileSync(join(READINGS_DIR, 'page.html'), 'utf8').replaceAll('1000001', '51842093');

let ff: FirefoxSession;
beforeAll(async () => {
  const pages = fixturePages();
  pages.set(READINGS_URL, READINGS_HTML);
  ff = await launchFirefox({ pages });
});
afterAll(async () => {
  await ff?.close();
});

describe('Firefox: the built extension in Firefox ESR', () => {
  it('opens the reader view on an AO3 chapter: the chapter text, its notes collapsed, the host page kept', async () => {
    await ff.goto(AO3_MIDDLE);
    await ff.waitFor(readerShown, 'the reader view');
    const view = await ff.evaluate<{ title: string; text: string; notes: string[]; host: boolean }>(`(() => {
      const root = document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot;
      return {
        title: root.querySelector('h1')?.textContent ?? '',
        text: root.querySelector('[data-testid=reader-view]').textContent,
        notes: [...root.querySelectorAll('[data-testid=note]')].map((n) => n.getAttribute('data-expanded')),
        host: !!document.querySelector('#workskin'),
      };
    })()`);
    expect(view.title).toContain('The Tidewater Market');
    expect(view.text).toContain('The Tidewater Market');
    // The chapter's notes are there, collapsed (AO3 marks them; the chapter has notes before and after).
    expect(view.notes.length).toBeGreaterThanOrEqual(2);
    expect(view.notes.every((x) => x === 'false')).toBe(true);
    // An overlay: the site's own page is still in the document under it.
    expect(view.host).toBe(true);
  });

  it('hides the notes the detector finds in an Italian FanFiction.net chapter (the background decides them)', async () => {
    // FanFiction.net does not mark notes: the page sends its blocks to the background, which tells
    // the language and runs the detector (lib/notes, notes/detect).
    await ff.goto('https://www.fanfiction.net/s/14200888/1/La-casa-sul-lago');
    await ff.waitFor(readerShown, 'the reader view');
    const notes = await ff.evaluate<string[]>(
      `[...document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot.querySelectorAll('[data-testid=note]')].map((n) => n.getAttribute('data-expanded'))`,
    );
    expect(notes).toEqual(['false', 'false']);
  });

  it('the late parts arrive after the first frame; the chapter list works from the keyboard', async () => {
    await ff.goto(AO3_MIDDLE);
    await ff.waitFor(readerShown, 'the reader view');
    // Injected by the background into the content script's world (scripting.executeScript).
    const end = await ff.waitFor<string>(`${inReader('[data-testid=chapter-end]')}?.innerText`, 'the end of chapter');
    expect(end).toContain('End of chapter 2');
    const hasFocus = `document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot.activeElement?.getAttribute('aria-current') === 'page'`;

    // Headless Firefox driven over BiDi delivers keys to the focused element but does not turn
    // Enter on a button into a click (a plain button of the page's own does not click either), so
    // the button is activated with click(); every key after it is the reader's own handling.
    await ff.evaluate(`${inReader('[data-testid=chapters-toggle]')}.focus()`);
    await ff.evaluate(`${inReader('[data-testid=chapters-toggle]')}.click()`);
    await ff.waitFor(inReader('[data-testid=chapter-list]'), 'the chapter list');
    await ff.waitFor(hasFocus, 'the focus on this chapter in the list');
    await ff.press(KEY.Escape);
    await ff.waitFor(`!${inReader('[data-testid=chapter-list]')}`, 'the chapter list closed by Esc');
    await ff.waitFor(
      `document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot.activeElement?.getAttribute('data-testid') === 'chapters-toggle'`,
      'the focus back on the list button',
    );

    // The settings panel, from its button.
    await ff.evaluate(`${inReader('[data-testid=view-settings-toggle]')}.click()`);
    await ff.waitFor(inReader('[data-testid=view-settings]'), 'the settings panel');
    await ff.evaluate(`${inReader('[data-testid=view-settings-toggle]')}.click()`);
    await ff.waitFor(`!${inReader('[data-testid=view-settings]')}`, 'the settings panel closed');

    // ↓ moves to the next chapter in the list; activating it opens that chapter.
    await ff.evaluate(`${inReader('[data-testid=chapters-toggle]')}.click()`);
    await ff.waitFor(hasFocus, 'the focus on this chapter in the list');
    await ff.press(KEY.ArrowDown);
    const next = await ff.waitFor<string>(
      `(() => { const a = document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot.activeElement; return a && a.getAttribute('aria-current') !== 'page' ? a.textContent : ''; })()`,
      'the focus on the next chapter',
    );
    expect(next).toContain('3');
    await ff.evaluate(`document.querySelector(${JSON.stringify(READER_HOST)}).shadowRoot.activeElement.click()`);
    await ff.waitFor(`location.href === ${JSON.stringify(AO3_THIRD)}`, 'the next chapter');
  });

  it('keeps the reading position in the library and restores it after a reload', async () => {
    await ff.goto(FFN);
    await ff.waitFor(readerShown, 'the reader view');
    await ff.evaluate(`${inReader('[data-block-index="9"]')}.scrollIntoView({ block: 'start' })`);
    const before = await ff.waitFor<number>(`(() => { const i = ${topBlock}; return i >= 8 ? i : 0; })()`, 'the reader scrolled down');
    // Leaving the page saves the place at once (pagehide); the reloaded page asks the library.
    await ff.send('browsingContext.reload', { context: ff.tab, wait: 'complete' });
    await ff.waitFor(readerShown, 'the reader view');
    await ff.waitFor(`performance.getEntriesByName('calm-reader:ready').length > 0`, 'the reader ready');
    await ff.waitFor(`${topBlock} === ${before}`, `block ${before} at the top after the reload`);
    // And in the library, for another visit: the story's other chapter, then back.
    await ff.goto(AO3_MIDDLE);
    await ff.waitFor(readerShown, 'the reader view');
    await ff.goto(FFN);
    await ff.waitFor(`performance.getEntriesByName('calm-reader:ready').length > 0`, 'the reader ready');
    await ff.waitFor(`${topBlock} === ${before}`, `block ${before} at the top on a new visit`);
  });

  it('marks a story read here on the site\'s list page (the lists content script)', async () => {
    // Chapter 2 of the work was opened by the tests above; the list page shows where the reader is.
    await ff.goto(AO3_MIDDLE);
    await ff.waitFor(readerShown, 'the reader view');
    await ff.goto(READINGS_URL);
    const mark = await ff.waitFor<string>(`document.querySelector('#work_51842093 [data-calm-reader="mark"]')?.shadowRoot?.querySelector('.m')?.textContent`, 'the mark on the work');
    expect(mark).toMatch(/^read to ch\. 2\b/);
    // Only the story in the library is marked.
    expect(await ff.evaluate<number>(`document.querySelectorAll('[data-calm-reader="mark"]').length`)).toBe(1);
    expect(await ff.evaluate<boolean>(`!!document.querySelector('#work_51842093 [data-calm-reader="mark"]')`)).toBe(true);
  });

  it('the popup continues the stories read here, and the library page lists them', async () => {
    const popup = await ff.extensionPage('popup.html');
    const titles = await ff.waitFor<string[]>(
      `(() => {
        const list = document.querySelector('[data-testid=continue-list]:not([data-source=snapshot])');
        const t = list ? [...list.querySelectorAll('li')].map((li) => li.textContent) : [];
        return t.length ? t : null;
      })()`,
      'the popup\'s "Continue reading" from the library',
      { context: popup },
    );
    expect(titles.some((t) => t.includes("The Cartographer's Apprentice"))).toBe(true);
    expect(titles.some((t) => t.includes('Salt and Ember'))).toBe(true);

    const library = await ff.extensionPage('library.html');
    const rows = await ff.waitFor<string[]>(
      `(() => { const r = [...document.querySelectorAll('[data-testid=library-row]')].map((x) => x.getAttribute('data-story-key')); return r.length >= 2 ? r : null; })()`,
      'the library page\'s rows',
      { context: library },
    );
    expect(rows).toEqual(expect.arrayContaining(['ao3:51842093', 'ffnet:14022518']));
  });
});
