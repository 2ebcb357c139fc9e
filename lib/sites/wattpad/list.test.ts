/**
 * Wattpad list adapter: which pages are lists, refused pages, a changed layout, whose reading list
 * it is, entries found by their story links. The list fixtures (lib/sites/wattpad/list-fixtures)
 * are read by lib/sites/lists.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { isListError } from '../story-list';
import { readWattpadList, wattpadListKind } from './list';

const page = pagesClosedAfterAll();

describe('wattpadListKind', () => {
  it.each([
    ['https://www.wattpad.com/search/lighthouse', 'works-list'],
    ['https://www.wattpad.com/stories/romance', 'works-list'],
    ['https://www.wattpad.com/list/1183002676-sea-stories', 'reading-list'],
    ['https://www.wattpad.com/list/1183002676', 'reading-list'],
    ['https://www.wattpad.com/library', 'own-library'],
    ['https://m.wattpad.com/library/archive', 'own-library'],
    ['https://www.wattpad.com/story/312774021-letters-to-the-lighthouse', null],
    ['https://www.wattpad.com/1391907352-letters-to-the-lighthouse-four', null],
    ['https://www.wattpad.com/user/harbourlight', null],
    ['https://www.wattpad.com/librarything', null],
    ['https://wattpad.com.example.org/search/x', null],
  ])('%s is %s', (url, kind) => {
    expect(wattpadListKind(url)).toBe(kind);
  });
});

describe('readWattpadList', () => {
  const url = 'https://www.wattpad.com/search/x';
  it('refuses a bot check and a story page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', url);
    expect(readWattpadList(check, url)).toMatchObject({ kind: 'blocked', site: 'wattpad' });
    const story = 'https://www.wattpad.com/story/1-x';
    expect(readWattpadList(page('<a href="/story/1-x">X</a>', story), story)).toMatchObject({ kind: 'not-a-list' });
  });

  it('reads an empty list while the page has not drawn it yet', () => {
    expect(readWattpadList(page('<main><div class="x_1"></div></main>', url), url)).toMatchObject({ kind: 'works-list', stories: [] });
  });

  it('names a layout change when story links are there but no title can be read', () => {
    const doc = page('<main><ul><li><a href="/story/5-a"><img src="/c.jpg"></a></li></ul></main>', url);
    expect(readWattpadList(doc, url)).toMatchObject({ kind: 'layout-changed' });
  });

  it('keeps stories of other hosts and the page chrome out, and marks each story once', () => {
    const doc = page(
      '<header><a href="/story/7-promo">Promo</a></header><main><ul>' +
        '<li><a href="/story/5-a"><img src="/c.jpg" alt=""></a> <a href="/story/5-a">A</a></li>' +
        '<li><a href="https://evil.example/story/6-b">B</a></li>' +
        '<li><a href="https://m.wattpad.com/story/8-c">C</a></li>' +
        '</ul></main><a rel="next" href="https://evil.example/search/x?page=2">next</a>',
      url,
    );
    const r = readWattpadList(doc, url);
    if (isListError(r)) throw new Error(r.error);
    expect(r.stories.map((s) => [s.storyId, s.title, s.url])).toEqual([
      ['5', 'A', 'https://www.wattpad.com/story/5'],
      ['8', 'C', 'https://www.wattpad.com/story/8'],
    ]);
    expect(r.elements.map((e) => e.tagName)).toEqual(['LI', 'LI']);
    expect(r.nextPage).toBeNull();
  });

  it('reads only the entries not known yet when asked to (the page drew more after load)', () => {
    const doc = page('<main><ul><li><a href="/story/5-a">A</a></li><li><a href="/story/6-b">B</a></li><li><a href="/story/7-c">C</a></li></ul></main>', url);
    const first = readWattpadList(doc, url);
    if (isListError(first)) throw new Error(first.error);
    const known = new Set(first.elements.slice(0, 2));
    // A known entry that no longer reads (its title gone) is not looked at again, nor a layout change.
    first.elements[0].querySelector('a')!.textContent = '';
    const later = readWattpadList(doc, url, (el) => known.has(el));
    if (isListError(later)) throw new Error(later.error);
    expect(later.stories.map((s) => s.storyId)).toEqual(['7']);
    expect(later.elements).toEqual([first.elements[2]]);
    const none = readWattpadList(doc, url, () => true);
    expect(none).toMatchObject({ kind: 'works-list', stories: [] });
  });

  it("offers another reader's reading list as a list, not as the reader's own", () => {
    const listUrl = 'https://www.wattpad.com/list/77-sea';
    const body = (me: string) =>
      `<header><nav><a href="/user/${me}">me</a></nav></header><main><div class="owner">by <a href="/user/marrowcove">marrowcove</a></div>` +
      '<ul><li><div class="content"><h5><a href="/story/5-a">A</a></h5></div></li></ul></main>';
    expect(readWattpadList(page(body('quiet_reader'), listUrl), listUrl)).toMatchObject({ kind: 'bookmarks' });
    expect(readWattpadList(page(body('MarrowCove'), listUrl), listUrl)).toMatchObject({ kind: 'own-library' });
    // Signed out (no account link): never the reader's own.
    const signedOut = '<main><div class="owner">by <a href="/user/marrowcove">marrowcove</a></div><ul><li><a href="/story/5-a">A</a></li></ul></main>';
    expect(readWattpadList(page(signedOut, listUrl), listUrl)).toMatchObject({ kind: 'bookmarks' });
  });
});
