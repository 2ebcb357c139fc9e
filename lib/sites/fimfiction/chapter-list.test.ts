/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { parseList, story } from '../../../tests/unit/updates/helpers';

describe('Fimfiction story page', () => {
  const s = story({ site: 'fimfiction', storyId: '334455' });
  const url = 'https://www.fimfiction.net/story/334455/';

  it('lists chapters by number, ignoring links to other stories', () => {
    const page = parseList('fimfiction', 'fimfiction-story.html', s, url);
    expect(page.toc.map((e) => [e.id, e.title])).toEqual([
      ['1', 'Arrival'],
      ['2', 'The Library'],
      ['3', 'A Long Night'],
    ]);
    expect(page.toc[1].date).toBe(Date.UTC(2022, 1, 14));
    expect(page.status).toBe('in-progress');
    expect(page.siteUpdatedAt).toBe(Date.UTC(2023, 2, 3));
  });
});
