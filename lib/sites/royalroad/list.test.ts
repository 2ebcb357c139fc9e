/**
 * Royal Road list adapter: which pages are lists, refused pages, a changed layout, next pages. The
 * list fixtures (lib/sites/royalroad/list-fixtures) are read by lib/sites/lists.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { readRoyalRoadList, royalRoadListKind } from './list';

const page = pagesClosedAfterAll();

describe('royalRoadListKind', () => {
  it.each([
    ['https://www.royalroad.com/fictions/best-rated', 'works-list'],
    ['https://www.royalroad.com/fictions/search?tagsAdd=fantasy', 'works-list'],
    ['https://royalroad.com/my/follows', 'own-follows'],
    ['https://www.royalroad.com/profile/40211/fictions', 'author'],
    ['https://www.royalroad.com/fiction/91734/the-lamplighters-ledger', null],
    ['https://www.royalroad.com/fiction/91734/x/chapter/1702220/y', null],
    ['https://www.royalroad.com/', null],
    ['https://royalroad.com.example.org/fictions/search', null],
  ])('%s is %s', (url, kind) => {
    expect(royalRoadListKind(url)).toBe(kind);
  });
});

describe('readRoyalRoadList', () => {
  it('refuses a bot check and a fiction page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', 'https://www.royalroad.com/fictions/search');
    expect(readRoyalRoadList(check, 'https://www.royalroad.com/fictions/search')).toMatchObject({ kind: 'blocked', site: 'royalroad' });
    const fiction = page('<div class="chapter-inner chapter-content">x</div>', 'https://www.royalroad.com/fiction/1/x');
    expect(readRoyalRoadList(fiction, 'https://www.royalroad.com/fiction/1/x')).toMatchObject({ kind: 'not-a-list' });
    const empty = page('<div>nothing</div>', 'https://www.royalroad.com/fictions/search');
    expect(readRoyalRoadList(empty, 'https://www.royalroad.com/fictions/search')).toMatchObject({ kind: 'not-a-list' });
  });

  it('names a layout change when entries are there but unreadable', () => {
    const doc = page('<div class="fiction-list"><div class="fiction-list-item"><h3><a href="/stories/5">A</a></h3></div></div>', 'https://www.royalroad.com/fictions/search');
    expect(readRoyalRoadList(doc, 'https://www.royalroad.com/fictions/search')).toMatchObject({ kind: 'layout-changed' });
  });

  it('keeps only next pages on the same site, and ids that are digits', () => {
    const doc = page(
      '<div class="fiction-list"><div class="fiction-list-item"><h2 class="fiction-title"><a href="/fiction/5/a">A</a></h2></div>' +
        '<div class="fiction-list-item"><h2 class="fiction-title"><a href="https://evil.example/fiction/6/b">B</a></h2></div></div>' +
        '<ul class="pagination"><li><a href="https://evil.example/?page=2">Next</a></li></ul>',
      'https://www.royalroad.com/fictions/search',
    );
    const r = readRoyalRoadList(doc, 'https://www.royalroad.com/fictions/search');
    expect(r).toMatchObject({ nextPage: null, stories: [{ storyId: '5', url: 'https://www.royalroad.com/fiction/5' }] });
  });
});
