/**
 * Wattpad's chapter list (the parts API) on what the fixture case cannot show (it is checked
 * against its expected.json by lib/sites/chapter-list-cases.test.ts): answers that are not what
 * the API promises.
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';
import { UpdateParseError } from '../chapter-list';

const story = { site: 'wattpad', storyId: '300400500' };
const url = 'https://www.wattpad.com/api/v3/stories/300400500';

describe('Wattpad parts API', () => {
  it('asks nothing for a story id that is not a number', () => {
    expect(UPDATE_SOURCES.wattpad.url(listStoryRecord({ site: 'wattpad', storyId: '300&fields=x' }))).toBeNull();
  });

  it('refuses an answer without parts', () => {
    const source = UPDATE_SOURCES.wattpad;
    if (source.kind !== 'json') throw new Error('json source');
    const s = listStoryRecord(story);
    for (const answer of [{ error: 'not found' }, null, 'parts', [1, 2], { parts: 'many' }]) {
      expect(() => source.parse(answer, s, url), JSON.stringify(answer)).toThrow(UpdateParseError);
    }
  });

  it('skips parts that are deleted, drafts, repeated, or have no numeric id; titles only from text', () => {
    const answer = {
      completed: 'yes',
      parts: [
        null,
        'part',
        { id: 1, title: 'One', url: 'https://www.wattpad.com/1-one' },
        { id: 1, title: 'One again' },
        { id: 2, title: 'Gone', deleted: true },
        { id: 'x3', title: 'Bad id' },
        { id: '4', title: { html: '<b>x</b>' }, url: 'http://www.wattpad.com/4', createDate: 12345 },
      ],
    };
    expect(readList(JSON.stringify(answer), url, story)).toEqual({
      toc: [
        { id: '1', title: 'One', url: 'https://www.wattpad.com/1-one' },
        { id: '4', title: null, url: 'https://www.wattpad.com/4' },
      ],
      chapterCount: 2,
      siteUpdatedAt: null,
    });
  });
});
