/**
 * Fimfiction list adapter: which pages are lists, refused pages, a changed layout, next pages. The
 * list fixtures (lib/sites/fimfiction/list-fixtures) are read by lib/sites/lists.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { fimfictionListKind, readFimfictionList } from './list';

const page = pagesClosedAfterAll();

describe('fimfictionListKind', () => {
  it.each([
    ['https://www.fimfiction.net/stories?q=clock', 'works-list'],
    ['https://www.fimfiction.net/tag/adventure', 'works-list'],
    ['https://www.fimfiction.net/user/70112/Cogwheel/stories', 'author'],
    ['https://fimfiction.net/bookshelf/12345/read-later', 'bookmarks'],
    ['https://www.fimfiction.net/bookshelf/12345', 'bookmarks'],
    ['https://www.fimfiction.net/story/551208/the-clockmakers-promise', null],
    ['https://www.fimfiction.net/user/70112/Cogwheel', null],
    ['https://www.fimfiction.net/', null],
    ['https://fimfiction.net.example.org/stories', null],
  ])('%s is %s', (url, kind) => {
    expect(fimfictionListKind(url)).toBe(kind);
  });
});

describe('readFimfictionList', () => {
  const url = 'https://www.fimfiction.net/stories?q=x';
  it('refuses a bot check, a story page and an empty page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', url);
    expect(readFimfictionList(check, url)).toMatchObject({ kind: 'blocked', site: 'fimfiction' });
    const story = 'https://www.fimfiction.net/story/1/2/x/y';
    expect(readFimfictionList(page('<div id="chapter-body">x</div>', story), story)).toMatchObject({ kind: 'not-a-list' });
    expect(readFimfictionList(page('<p>x</p>', url), url)).toMatchObject({ kind: 'not-a-list' });
  });

  it('names a layout change when entries are there but unreadable', () => {
    const doc = page('<div class="story-card"><a class="story_link" href="/tale/5">A</a></div>', url);
    expect(readFimfictionList(doc, url)).toMatchObject({ kind: 'layout-changed' });
  });

  it('keeps only next pages and stories on the same site', () => {
    const doc = page(
      '<div class="story-card"><a class="story_link" href="/story/5/a">A</a></div>' +
        '<div class="story-card"><a class="story_link" href="https://evil.example/story/6/b">B</a></div>' +
        '<div class="page_list"><a title="Next Page" href="https://evil.example/stories?page=2">next</a></div>',
      url,
    );
    expect(readFimfictionList(doc, url)).toMatchObject({ nextPage: null, stories: [{ storyId: '5', url: 'https://www.fimfiction.net/story/5' }] });
  });

  it("takes a shelf as the reader's own only when the header's account is the shelf's owner", () => {
    const shelf = 'https://www.fimfiction.net/bookshelf/12/favourites';
    const body = (toolbar: string) =>
      `${toolbar}<div class="bookshelf-info">by <a href="/user/9001/Lamplighter">Lamplighter</a></div>` +
      '<div class="story-card-container"><div class="story-card"><a class="story_link" href="/story/5/a">A</a><a class="story-card__author" href="/user/3/B">B</a></div></div>';
    expect(readFimfictionList(page(body('<nav class="user_toolbar"><a href="/user/9001/Lamplighter">me</a></nav>'), shelf), shelf)).toMatchObject({ kind: 'own-library' });
    expect(readFimfictionList(page(body('<nav class="user_toolbar"><a href="/user/4242/quiet_reader">me</a></nav>'), shelf), shelf)).toMatchObject({ kind: 'bookmarks' });
    // Signed out: no account link, never the reader's own (a story's author link is not the owner).
    expect(readFimfictionList(page(body(''), shelf), shelf)).toMatchObject({ kind: 'bookmarks', stories: [{ storyId: '5', author: 'B' }] });
  });
});
