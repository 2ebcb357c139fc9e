/**
 * Scribble Hub list adapter: which pages are lists, refused pages, a changed layout, next pages.
 * The list fixtures (lib/sites/scribblehub/list-fixtures) are read by lib/sites/lists.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { readScribbleHubList, scribbleHubListKind } from './list';

const page = pagesClosedAfterAll();

describe('scribbleHubListKind', () => {
  it.each([
    ['https://www.scribblehub.com/series-finder/?sf=1&gi=9', 'works-list'],
    ['https://www.scribblehub.com/series-ranking/?sort=1', 'works-list'],
    ['https://www.scribblehub.com/genre/fantasy/', 'works-list'],
    ['https://www.scribblehub.com/tag/dungeon/', 'works-list'],
    ['https://www.scribblehub.com/?s=bakery&post_type=fictionposts', 'works-list'],
    ['https://www.scribblehub.com/profile/5521/ovenmitt/', 'author'],
    ['https://scribblehub.com/reading-list/', 'own-library'],
    ['https://www.scribblehub.com/read/1048822-x/chapter/1190455/', null],
    ['https://www.scribblehub.com/series/1048822/x/', null],
    ['https://www.scribblehub.com/', null],
    ['https://scribblehub.com.example.org/genre/x/', null],
  ])('%s is %s', (url, kind) => {
    expect(scribbleHubListKind(url)).toBe(kind);
  });
});

describe('readScribbleHubList', () => {
  const url = 'https://www.scribblehub.com/series-finder/';
  it('refuses a bot check, a chapter and an empty page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', url);
    expect(readScribbleHubList(check, url)).toMatchObject({ kind: 'blocked', site: 'scribblehub' });
    const chapter = 'https://www.scribblehub.com/read/1-x/chapter/2/';
    expect(readScribbleHubList(page('<div id="chp_raw">x</div>', chapter), chapter)).toMatchObject({ kind: 'not-a-list' });
    expect(readScribbleHubList(page('<p>x</p>', url), url)).toMatchObject({ kind: 'not-a-list' });
  });

  it('names a layout change when entries are there but unreadable', () => {
    const doc = page('<div class="search_main_box"><div class="search_title"><a href="/novel/5/">A</a></div></div>', url);
    expect(readScribbleHubList(doc, url)).toMatchObject({ kind: 'layout-changed' });
  });

  it('keeps only next pages and stories on the same site', () => {
    const doc = page(
      '<div class="search_main_box"><div class="search_title"><a href="/series/5/a/">A</a></div></div>' +
        '<div class="search_main_box"><div class="search_title"><a href="https://evil.example/series/6/b/">B</a></div></div>' +
        '<div id="pagination-mesh"><a class="page-link next" href="https://evil.example/?pg=2">Next</a></div>',
      url,
    );
    expect(readScribbleHubList(doc, url)).toMatchObject({ nextPage: null, stories: [{ storyId: '5', url: 'https://www.scribblehub.com/series/5/' }] });
  });

  it('names the log-in wall of the reading list, and reads rows of another table shape by their series link', () => {
    const rl = 'https://www.scribblehub.com/reading-list/';
    const wall = page('<div id="main"><p>You need to log in before you can access this page.</p></div>', rl);
    expect(readScribbleHubList(wall, rl)).toMatchObject({ kind: 'not-a-list', error: expect.stringContaining('Log in') });
    const other = page('<div id="main"><table><tr><th>Series</th></tr><tr><td><a href="/series/5/a/">A</a></td></tr></table></div>', rl);
    expect(readScribbleHubList(other, rl)).toMatchObject({ kind: 'own-library', stories: [{ storyId: '5', title: 'A' }] });
  });
});
