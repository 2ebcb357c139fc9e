/** The site's chapter list as the update checker reads it, on the folder's chapter-list fixture cases. */
import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES } from '../chapter-lists';
import { parseList, story } from '../../../tests/unit/updates/helpers';
import { UpdateParseError } from '../chapter-list';

describe('Wattpad parts API', () => {
  const s = story({ site: 'wattpad', storyId: '300400500' });

  it('lists published parts, skips drafts, never keeps a non-Wattpad URL', () => {
    expect(UPDATE_SOURCES.wattpad.url(s)).toMatch(/^https:\/\/www\.wattpad\.com\/api\/v3\/stories\/300400500\?fields=/);
    const page = parseList('wattpad', 'wattpad-story.json', s, 'https://www.wattpad.com/api/v3/stories/300400500');
    expect(page.toc.map((e) => e.id)).toEqual(['1100000001', '1100000002', '1100000004']);
    expect(page.toc[2].url).toBe('https://www.wattpad.com/1100000004');
    expect(page.status).toBe('in-progress');
    expect(page.siteUpdatedAt).toBe(Date.UTC(2024, 2, 1, 8));
  });

  it('refuses an answer without parts', () => {
    const source = UPDATE_SOURCES.wattpad;
    if (source.kind !== 'json') throw new Error('json source');
    expect(() => source.parse({ error: 'not found' }, s, '')).toThrow(UpdateParseError);
    expect(() => source.parse(null, s, '')).toThrow(UpdateParseError);
  });
});
