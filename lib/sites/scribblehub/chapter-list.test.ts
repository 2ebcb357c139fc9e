/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { parseList, story } from '../../../tests/unit/updates/helpers';

describe('ScribbleHub series page', () => {
  const s = story({ site: 'scribblehub', storyId: '778899' });
  const url = 'https://www.scribblehub.com/series/778899/';

  it('reads the chapter count and the newest chapters in reading order', () => {
    const page = parseList('scribblehub', 'scribblehub-series.html', s, url);
    expect(page.chapterCount).toBe(42);
    expect(page.partial).toBe(true);
    expect(page.toc.map((e) => e.id)).toEqual(['1198123', '1199000', '1200042']);
    expect(page.toc[2].date).toBe(Date.UTC(2024, 2, 3, 13, 15));
    expect(page.status).toBe('in-progress');
  });
});
