/**
 * XenForo list adapter: which forum pages are lists, refused pages, a changed layout, next pages.
 * The list fixtures (lib/sites/xenforo/list-fixtures) are read by lib/sites/lists.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { readXenForoList, xenForoListKind } from './list';

const page = pagesClosedAfterAll();

describe('xenForoListKind', () => {
  it.each([
    ['https://forums.spacebattles.com/forums/creative-writing.18/', 'works-list'],
    ['https://forums.spacebattles.com/forums/creative-writing.18/page-3', 'works-list'],
    ['https://forums.sufficientvelocity.com/watched/threads', 'own-follows'],
    ['https://questionablequesting.com/watched/threads?unread=1', 'own-follows'],
    ['https://forum.questionablequesting.com/tags/naruto/', 'works-list'],
    ['https://forums.spacebattles.com/threads/x.1148221/', null],
    ['https://forums.spacebattles.com/', null],
    ['https://forums.spacebattles.com.example.org/forums/x.1/', null],
  ])('%s is %s', (url, kind) => {
    expect(xenForoListKind(url)).toBe(kind);
  });
});

describe('readXenForoList', () => {
  const url = 'https://forums.spacebattles.com/forums/creative-writing.18/';
  it('refuses a bot check, a thread and an empty page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', url);
    expect(readXenForoList(check, url)).toMatchObject({ kind: 'blocked', site: 'spacebattles' });
    const thread = page('<article class="message">x</article>', 'https://forums.spacebattles.com/threads/x.1/');
    expect(readXenForoList(thread, 'https://forums.spacebattles.com/threads/x.1/')).toMatchObject({ kind: 'not-a-list' });
    expect(readXenForoList(page('<p>x</p>', url), url)).toMatchObject({ kind: 'not-a-list' });
  });

  it('names a layout change when entries are there but unreadable', () => {
    const doc = page('<div class="structItemContainer"><div class="structItem structItem--thread"><h3><a href="/t/5">A</a></h3></div></div>', url);
    expect(readXenForoList(doc, url)).toMatchObject({ kind: 'layout-changed', site: 'spacebattles' });
  });

  it('keeps only next pages on the same forum', () => {
    const doc = page(
      '<div class="structItemContainer"><div class="structItem structItem--thread"><div class="structItem-title"><a href="/threads/a.5/">A</a></div></div></div>' +
        '<a class="pageNav-jump pageNav-jump--next" href="https://forums.sufficientvelocity.com/forums/x.1/page-2">Next</a>',
      url,
    );
    expect(readXenForoList(doc, url)).toMatchObject({ nextPage: null, stories: [{ storyId: '5', site: 'spacebattles' }] });
  });
});
