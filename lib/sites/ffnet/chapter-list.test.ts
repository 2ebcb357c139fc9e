/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES } from '../chapter-lists';
import { parseList, refusesList, story } from '../../../tests/unit/updates/helpers';

describe('FanFiction.Net chapter select', () => {
  const s = story({ site: 'ffnet', storyId: '7654321' });
  const url = 'https://www.fanfiction.net/s/7654321/1/';

  it('reads the chapter select once (it appears twice) and the Updated date', () => {
    expect(UPDATE_SOURCES.ffnet.url(s)).toBe(url);
    const page = parseList('ffnet', 'ffnet-story.html', s, url);
    expect(page.toc).toHaveLength(5);
    expect(page.toc[4]).toEqual({ id: '5', title: 'Salvage', url: 'https://www.fanfiction.net/s/7654321/5/' });
    expect(page.chapterCount).toBe(5);
    expect(page.siteUpdatedAt).toBe(1714521600 * 1000);
    expect(page.status).toBe('in-progress');
  });

  it('reads a complete one-shot (no select) as one chapter', () => {
    const one = story({ site: 'ffnet', storyId: '1112223' });
    const page = parseList('ffnet', 'ffnet-oneshot-complete.html', one, 'https://www.fanfiction.net/s/1112223/1/');
    expect(page.toc).toEqual([{ id: '1', title: null, url: 'https://www.fanfiction.net/s/1112223/1/' }]);
    expect(page.status).toBe('complete');
    expect(page.siteUpdatedAt).toBe(1690000000 * 1000);
  });

  it('refuses "Story Not Found"', () => refusesList('ffnet', 'ffnet-not-found.html', s, url));

  it('uses FictionPress\'s own origin', () => {
    expect(UPDATE_SOURCES.fictionpress.url(story({ site: 'fictionpress', storyId: '9' }))).toBe('https://www.fictionpress.com/s/9/1/');
  });
});
