/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES } from '../chapter-lists';
import { parseList, story } from '../../../tests/unit/updates/helpers';

describe('Royal Road RSS', () => {
  const s = story({ site: 'royalroad', storyId: '45678', title: 'The Lantern Archive' });
  const url = 'https://www.royalroad.com/fiction/syndication/45678';

  it('lists the latest chapters oldest first, as a partial list', () => {
    expect(UPDATE_SOURCES.royalroad.url(s)).toBe(url);
    const page = parseList('royalroad', 'royalroad-syndication.xml', s, url);
    expect(page.partial).toBe(true);
    expect(page.toc.map((e) => e.id)).toEqual(['910777', '911500', '912012']);
    expect(page.toc[2]).toEqual({
      id: '912012',
      title: 'Chapter 12: Ashes',
      url: 'https://www.royalroad.com/fiction/45678/the-lantern-archive/chapter/912012/chapter-12-ashes',
      date: Date.UTC(2024, 2, 2, 18),
    });
    expect(page.siteUpdatedAt).toBe(Date.UTC(2024, 2, 2, 18));
  });
});
