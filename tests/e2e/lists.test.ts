/**
 * Issue 23 in Chromium, on the built extension: a site's list page shows the marks of the stories
 * in the library; dropped stories hidden by the site's setting come back with one click; the
 * reader's own follows page brings its stories in, the second page fetched only after they ask,
 * and the library page lists them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePages, launch, ROOT, readStore, type Session } from './harness';

function listCase(folder: string, name: string): [string, string] {
  const dir = join(ROOT, 'lib/sites', folder, 'list-fixtures', name);
  const { url } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { url: string };
  return [url, readFileSync(join(dir, 'page.html'), 'utf8')];
}

const READINGS = listCase('ao3', 'ao3-readings');
const ALERTS = listCase('ffnet', 'ffnet-alerts');
const ALERTS_2 = listCase('ffnet', 'ffnet-alerts-2');
const RR_SEARCH = listCase('royalroad', 'royalroad-search');
const FIMF_OWN = listCase('fimfiction', 'fimfiction-bookshelf-own');
const FIMF_OTHER = listCase('fimfiction', 'fimfiction-bookshelf-other');
const WP_SEARCH = listCase('wattpad', 'wattpad-search');
/** The Wattpad search page whose own script draws one more result after load, as Wattpad's "Show more" does. */
const WP_LATE: [string, string] = [
  WP_SEARCH[0],
  WP_SEARCH[1].replace(
    '</body>',
    `<script>
      document.querySelector('button.show-more').addEventListener('click', () => {
        document.querySelector('ul.list-group').insertAdjacentHTML('beforeend',
          '<li class="list-group-item" id="late"><a class="story-card" href="/story/288100042-the-drowned-bell"><div class="story-card-data"><div class="story-info"><div class="title">The Drowned Bell</div></div></div></a></li>');
      });
    </script></body>`,
  ),
];

let s: Session;
beforeAll(async () => {
  const pages = fixturePages();
  for (const [url, html] of [READINGS, ALERTS, ALERTS_2, RR_SEARCH, FIMF_OWN, FIMF_OTHER, WP_LATE]) pages.set(url, html);
  s = await launch({ pages });
});
afterAll(async () => {
  await s?.close();
});

/** Put stories in the extension's library as earlier reading would have (raw records, in the worker). */
async function seed(records: Record<string, unknown>[]) {
  await s.worker.evaluate(
    (recs) =>
      new Promise<void>((res, rej) => {
        const req = indexedDB.open('calm-reader');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('stories', 'readwrite');
          for (const r of recs) tx.objectStore('stories').put(r);
          tx.oncomplete = () => (req.result.close(), res());
          tx.onerror = () => rej(tx.error);
        };
      }),
    records,
  );
}

const story = (storyId: string, over: Record<string, unknown>) => ({
  key: `ao3:${storyId}`,
  site: 'ao3',
  storyId,
  title: `Work ${storyId}`,
  author: null,
  summary: null,
  url: `https://archiveofourown.org/works/${storyId}`,
  chapterCount: null,
  words: null,
  status: null,
  tags: [],
  followed: false,
  readingStatus: null,
  addedAt: 1,
  lastReadAt: 1,
  lastChapterId: null,
  lastChapterIndex: null,
  lastChapterUrl: null,
  lastChapterTitle: null,
  ...over,
});

describe('marks on list pages', () => {
  it('shows where the reader is, hides dropped stories as the site setting says, and shows them on one click', async () => {
    await seed([
      story('1000001', { lastChapterIndex: 5, chapterCount: 12, followed: true }),
      story('1000002', { readingStatus: 'dropped', lastChapterIndex: 1 }),
    ]);
    await s.worker.evaluate(() =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (globalThis as any).chrome.storage.local.set({ listSettings: { done: { ao3: 'hide' } } }),
    );
    const page = await s.context.newPage();
    await page.goto(READINGS[0]);
    const mark = page.locator('#work_1000001 [data-calm-reader="mark"] .m');
    await expect.poll(() => mark.textContent()).toBe('read to ch. 5 of 12');
    const follow = page.locator('#work_1000001 [data-calm-reader="mark"] button');
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    // The words came with the marks from the worker, the title filled in on the page.
    expect(await follow.getAttribute('aria-label')).toBe('Follow “Lanterns Over the Harbour” in Calm Reader');
    expect(await page.locator('#work_1000001 [data-calm-reader="mark"] select').getAttribute('aria-label')).toBe('Reading status of “Lanterns Over the Harbour”');
    // The dropped work is hidden, counted, and back with one click.
    const dropped = page.locator('#work_1000002');
    await expect.poll(() => dropped.isVisible()).toBe(false);
    const bar = page.locator('[data-calm-reader="hidden-bar"]');
    expect(await bar.locator('span').textContent()).toBe('1 story hidden by Calm Reader');
    await bar.locator('button').click();
    await expect.poll(() => dropped.isVisible()).toBe(true);
    expect(await dropped.locator('[data-calm-reader="mark"] .m').textContent()).toBe('dropped');
    // The follow toggle works from the keyboard and reaches the library.
    await follow.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    await expect
      .poll(async () => (await readStore<{ key: string; followed: boolean }>(s, 'stories')).find((r) => r.key === 'ao3:1000001')?.followed)
      .toBe(false);
    await page.close();
  });
});

describe('marks on a Royal Road list', () => {
  it('marks a Royal Road story of the library on a fiction search page', async () => {
    await seed([
      story('91734', {
        key: 'royalroad:91734',
        site: 'royalroad',
        url: 'https://www.royalroad.com/fiction/91734',
        lastChapterIndex: 3,
        chapterCount: 47,
      }),
    ]);
    const page = await s.context.newPage();
    await page.goto(RR_SEARCH[0]);
    const items = page.locator('.fiction-list-item');
    await expect.poll(() => items.first().locator('[data-calm-reader="mark"] .m').textContent()).toBe('read to ch. 3 of 47');
    // The story not in the library gets no mark.
    expect(await items.nth(1).locator('[data-calm-reader="mark"]').count()).toBe(0);
    await page.close();
  });
});

describe('marks on a Wattpad list drawn by script', () => {
  it('marks the library\'s stories among the results, and those the page adds after load', async () => {
    await seed([
      story('312774021', { key: 'wattpad:312774021', site: 'wattpad', url: 'https://www.wattpad.com/story/312774021', lastChapterIndex: 4, chapterCount: 24 }),
      story('288100042', { key: 'wattpad:288100042', site: 'wattpad', url: 'https://www.wattpad.com/story/288100042', readingStatus: 'dropped' }),
    ]);
    const page = await s.context.newPage();
    await page.goto(WP_LATE[0]);
    const items = page.locator('li.list-group-item');
    const first = items.first().locator('[data-calm-reader="mark"]');
    await expect.poll(() => first.locator('.m').textContent()).toBe('read to ch. 4 of 24');
    // The mark is beside the result's link, not inside it: its controls are not part of a link.
    expect(await first.evaluate((el) => el.closest('a'))).toBeNull();
    expect(await items.nth(1).locator('[data-calm-reader="mark"]').count()).toBe(0);
    // The site draws one more result from the keyboard ("Show more"): it gets its mark too, dimmed as dropped.
    await page.locator('button.show-more').focus();
    await page.keyboard.press('Enter');
    const late = page.locator('#late [data-calm-reader="mark"] .m');
    await expect.poll(() => late.textContent()).toBe('dropped');
    expect(await page.locator('#late').evaluate((el) => getComputedStyle(el).opacity)).toBe('0.5');
    await page.close();
  });
});

describe('Fimfiction bookshelves', () => {
  it('offers the import on the reader\'s own shelf only; another reader\'s shelf gets marks alone', async () => {
    await seed([story('551208', { key: 'fimfiction:551208', site: 'fimfiction', url: 'https://www.fimfiction.net/story/551208', lastChapterIndex: 1, chapterCount: 2 })]);
    const other = await s.context.newPage();
    await other.goto(FIMF_OTHER[0]);
    await expect.poll(() => other.locator('[data-calm-reader="mark"] .m').first().textContent()).toBe('read to ch. 1 of 2');
    // The offer is drawn with the marks, in the same task: none here.
    expect(await other.locator('[data-calm-reader="import"]').count()).toBe(0);
    await other.close();
    const own = await s.context.newPage();
    await own.goto(FIMF_OWN[0]);
    await own.locator('[data-calm-reader="import"]').getByRole('button', { name: 'Add these 2 stories to your library' }).waitFor();
    await own.close();
  });
});

describe('bringing follows in', () => {
  it('adds the stories of the follows page and of its second page fetched after consent; the library lists them', async () => {
    const page = await s.context.newPage();
    await page.goto(ALERTS[0]);
    const offer = page.locator('[data-calm-reader="import"]');
    const open = offer.getByRole('button', { name: 'Add these 2 stories to your library' });
    await open.waitFor();
    await open.click();
    await expect.poll(() => offer.locator('input[type=checkbox]').count()).toBe(2);
    // Nothing fetched before the reader asks.
    expect(s.requests).not.toContain(ALERTS_2[0]);
    await offer.getByRole('button', { name: 'Also fetch the other pages of this list' }).click();
    await expect.poll(() => offer.locator('input[type=checkbox]').count()).toBe(3);
    expect(s.requests).toContain(ALERTS_2[0]);
    await offer.getByRole('button', { name: 'Add 3 stories' }).click();
    await expect.poll(() => offer.locator('[role=status]').last().textContent()).toContain('Added 3 stories to your library');
    const keys = ['ffnet:15000020', 'ffnet:15000021', 'ffnet:15000022'];
    const stored = await readStore<{ key: string; followed: boolean; title: string }>(s, 'stories');
    for (const k of keys) expect(stored.find((r) => r.key === k)).toMatchObject({ followed: true });
    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    for (const k of keys) await lib.locator(`[data-testid=library-row][data-story-key="${k}"]`).waitFor();
    expect(await lib.locator('[data-testid=library-row][data-story-key="ffnet:15000022"]').innerText()).toContain('North of Nowhere');
    await lib.close();
    await page.close();
  });
});
