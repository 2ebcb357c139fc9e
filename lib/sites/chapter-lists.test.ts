/** The chapter lists of all site folders, as the update checker finds them by adapter id. */
import { describe, expect, it } from 'vitest';
import { parseLooseDate } from './chapter-list';
import { UPDATE_SOURCES, updateSourceFor } from './chapter-lists';
import { ADAPTERS } from './registry';
import { story } from '../../tests/unit/updates/helpers';

describe('update sources', () => {
  it('cover every adapter with a URL on the adapter\'s own site', () => {
    for (const a of ADAPTERS) {
      const source = UPDATE_SOURCES[a.id];
      expect(source, a.id).toBeDefined();
      const url = source.url(story({ site: a.id, storyId: '42' }));
      expect(url, a.id).toMatch(/^https:\/\//);
      expect(url).toContain('42');
    }
  });

  it('refuse ids that are not numbers (nothing odd goes into a URL)', () => {
    for (const a of ADAPTERS) expect(UPDATE_SOURCES[a.id].url(story({ site: a.id, storyId: '../x' }))).toBeNull();
    expect(updateSourceFor('toString')).toBeNull();
    expect(updateSourceFor('unknown')).toBeNull();
  });

  it('read dates in the forms the sites use', () => {
    expect(parseLooseDate('(2023-01-05)')).toBe(Date.UTC(2023, 0, 5));
    expect(parseLooseDate('1st Jan 2022')).toBe(Date.UTC(2022, 0, 1));
    expect(parseLooseDate('Sat, 02 Mar 2024 18:00:00 GMT')).toBe(Date.UTC(2024, 2, 2, 18));
    expect(parseLooseDate('2023-10-01T08:00:00Z')).toBe(Date.UTC(2023, 9, 1, 8));
    expect(parseLooseDate('Mar 3, 2024 01:15 PM')).toBe(Date.UTC(2024, 2, 3, 13, 15));
    expect(parseLooseDate('someday')).toBeNull();
    expect(parseLooseDate(null)).toBeNull();
  });
});
