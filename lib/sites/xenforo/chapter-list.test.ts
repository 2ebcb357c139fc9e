/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES } from '../chapter-lists';
import { parseList, refusesList, story } from '../../../tests/unit/updates/helpers';

describe('XenForo threadmarks', () => {
  const s = story({ site: 'spacebattles', storyId: '1148221' });
  const url = 'https://forums.spacebattles.com/threads/1148221/threadmarks?threadmark_category=1&per_page=200';

  it('lists threadmarks by post id and points to the next page', () => {
    expect(UPDATE_SOURCES.spacebattles.url(s)).toBe(url);
    const page = parseList('spacebattles', 'spacebattles-threadmarks-1.html', s, url);
    expect(page.toc).toEqual([
      {
        id: '99612008',
        title: '1.1 Static',
        url: 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99612008',
        date: 1682967600000,
      },
      {
        id: '99700001',
        title: '1.2 Carrier',
        url: 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99700001',
        date: 1683572400000,
      },
    ]);
    expect(page.next).toBe('https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/threadmarks?threadmark_category=1&page=2');
  });

  it('has no next page on the last page', () => {
    const page = parseList('spacebattles', 'spacebattles-threadmarks-2.html', s, url);
    expect(page.toc.map((e) => e.id)).toEqual(['99801234']);
    expect(page.next).toBeNull();
  });

  it('marks a list with a "…" range row as partial, with the count its header states', () => {
    // Long lists show the first and newest threadmarks and a threadmark-fetcher row between them.
    const sv = story({ site: 'sufficientvelocity', storyId: '130552' });
    const svUrl = UPDATE_SOURCES.sufficientvelocity.url(sv)!;
    expect(svUrl).toBe('https://forums.sufficientvelocity.com/threads/130552/threadmarks?threadmark_category=1&per_page=200');
    const page = parseList('sufficientvelocity', 'sufficientvelocity-threadmarks-gap.html', sv, svUrl);
    expect(page.toc).toEqual([
      { id: '30411287', title: 'Launch Window', url: 'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/post-30411287', date: 1700000000000 },
      { id: '31999001', title: 'Perigee', url: 'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/post-31999001', date: 1710000000000 },
    ]);
    expect(page.partial).toBe(true);
    expect(page.chapterCount).toBe(57);
    expect(page.siteUpdatedAt).toBe(1710000000000);
  });

  it('lists a complete page as the whole list', () => {
    const page = parseList('spacebattles', 'spacebattles-threadmarks-2.html', s, url);
    expect(page.partial).toBeUndefined();
    expect(page.chapterCount).toBe(1);
  });

  it('refuses a page without a threadmark list', () => refusesList('spacebattles', 'ao3-locked.html', s, url));
});
