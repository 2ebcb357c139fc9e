/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES } from '../chapter-lists';
import { parseList, refusesList, story } from '../../../tests/unit/updates/helpers';

describe('AO3 navigate page', () => {
  const s = story({ site: 'ao3', storyId: '123456' });
  const url = 'https://archiveofourown.org/works/123456/navigate';

  it('lists chapters by AO3 chapter id with titles and dates', () => {
    expect(UPDATE_SOURCES.ao3.url(s)).toBe(url);
    const page = parseList('ao3', 'ao3-navigate.html', s, url);
    expect(page.toc.map((e) => e.id)).toEqual(['1000001', '1000002', '1000007', '1000015']);
    expect(page.toc[0]).toEqual({
      id: '1000001',
      title: 'Departure',
      url: 'https://archiveofourown.org/works/123456/chapters/1000001',
      date: Date.UTC(2023, 0, 5),
    });
    expect(page.toc[3].title).toBe('Harbour Lights & Rain');
    expect(page.chapterCount).toBe(4);
    expect(page.siteUpdatedAt).toBe(Date.UTC(2024, 2, 2));
  });

  it('refuses a login page (locked work)', () => refusesList('ao3', 'ao3-locked.html', s, url));
});
