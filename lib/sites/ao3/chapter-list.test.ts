/**
 * AO3's chapter list on what its fixture cases cannot show (those are checked against their
 * expected.json by lib/sites/chapter-list-cases.test.ts): ids that are not ids, and pages that
 * list what they should not.
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'ao3', storyId: '123456' };
const url = 'https://archiveofourown.org/works/123456/navigate';

describe('AO3 navigate page', () => {
  it('asks nothing for a story id that is not a number', () => {
    for (const storyId of ['12ab', '../1', '', '1/navigate?x=']) {
      expect(UPDATE_SOURCES.ao3.url(listStoryRecord({ site: 'ao3', storyId })), storyId).toBeNull();
    }
  });

  it("lists only this work's chapters, once each, at AO3's own addresses", () => {
    const page = `<ol class="chapter index group">
      <li><a href="/works/999/chapters/5">1. Another work</a></li>
      <li><a href="/works/123456/chapters/7">1. Ours</a> <span class="datetime">(2024-01-02)</span></li>
      <li><a href="/works/123456/chapters/7">1. Ours again</a></li>
      <li><a href="https://elsewhere.example/works/123456/chapters/8">2. Elsewhere</a></li>
      <li><a href="javascript:alert(1)">3. Script</a></li>
    </ol>`;
    expect(readList(page, url, story)).toEqual({
      toc: [
        { id: '7', title: 'Ours', url: 'https://archiveofourown.org/works/123456/chapters/7', date: Date.UTC(2024, 0, 2) },
        { id: '8', title: 'Elsewhere', url: 'https://archiveofourown.org/works/123456/chapters/8' },
      ],
      chapterCount: 2,
      siteUpdatedAt: Date.UTC(2024, 0, 2),
    });
  });

  it('refuses a page that lists no chapter of the work', () => {
    expect(readList('<ol class="chapter index"><li><a href="/works/999/chapters/5">x</a></li></ol>', url, story)).toEqual({
      error: expect.stringMatching(/^AO3: no chapter index/),
    });
    expect(readList('', url, story)).toHaveProperty('error');
  });
});
