/**
 * XenForo forums' threadmark lists on what the fixture cases cannot show (they are checked against
 * their expected.json by lib/sites/chapter-list-cases.test.ts): another site's page, and links
 * that lead away from the forum.
 */
import { describe, expect, it } from 'vitest';
import { casePage, listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'spacebattles', storyId: '1148221' };
const url = 'https://forums.spacebattles.com/threads/1148221/threadmarks?threadmark_category=1&per_page=200';

describe('XenForo threadmarks', () => {
  it("asks each forum at its own origin, and nothing for a thread id that is not a number", () => {
    expect(UPDATE_SOURCES.questionablequesting.url(listStoryRecord({ site: 'questionablequesting', storyId: '7' }))).toMatch(
      /^https:\/\/forum\.questionablequesting\.com\/threads\/7\/threadmarks\?/,
    );
    expect(UPDATE_SOURCES.spacebattles.url(listStoryRecord({ site: 'spacebattles', storyId: 'x.1148221' }))).toBeNull();
  });

  it('refuses a page without a threadmark list', () => {
    expect(readList(casePage('ao3-locked.html'), url, story)).toEqual({ error: 'SpaceBattles: no threadmark list on the page.' });
  });

  it('follows no next page off the forum', () => {
    const page = `<div class="block-body"><div class="structItem--threadmark"><a href="/threads/t.1148221/post-5">One</a></div></div>
      <a class="pageNav-jump pageNav-jump--next" href="https://elsewhere.example/threads/t.1148221/threadmarks?page=2">Next</a>`;
    expect(readList(page, url, story)).toMatchObject({ toc: [{ id: '5', title: 'One' }], next: null });
  });

  it("links a threadmark at the forum's own address, whatever the page links to", () => {
    const page = `<div class="block-body"><div class="structItem--threadmark"><a href="https://elsewhere.example/threads/t.1148221/post-9">Away</a></div></div>`;
    expect(readList(page, url, story)).toMatchObject({ toc: [{ id: '9', title: 'Away', url: 'https://forums.spacebattles.com/posts/9/' }] });
  });

  it('an empty list is a list (a thread without threadmarks yet)', () => {
    expect(readList('<div class="block-body"></div>', url, story)).toEqual({ toc: [], chapterCount: 0, siteUpdatedAt: null, next: null });
  });
});
