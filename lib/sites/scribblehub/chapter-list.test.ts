/**
 * ScribbleHub's chapter list on what the fixture case cannot show (it is checked against its
 * expected.json by lib/sites/chapter-list-cases.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'scribblehub', storyId: '778899' };
const url = 'https://www.scribblehub.com/series/778899/';

describe('ScribbleHub series page', () => {
  it('asks nothing for a series id that is not a number', () => {
    expect(UPDATE_SOURCES.scribblehub.url(listStoryRecord({ site: 'scribblehub', storyId: '7788/99' }))).toBeNull();
  });

  it("lists only this series' chapters, once each, in their stated order; the count it states; no status it does not state", () => {
    const page = `<div class="cnt_toc">12</div><ol>
      <li class="toc_w" order="12"><a class="toc_a" href="/read/778899-s/chapter/12/">Twelve</a></li>
      <li class="toc_w" order="11"><a class="toc_a" href="/read/111-other/chapter/5/">Other</a></li>
      <li class="toc_w" order="10"><a class="toc_a" href="/read/778899-s/chapter/10/">Ten</a><span class="fic_date_pub" title="Mar 3, 2024 01:15 PM">x</span></li>
      <li class="toc_w" order="9"><a class="toc_a" href="/read/778899-s/chapter/10/">Ten again</a></li>
    </ol>`;
    expect(readList(page, url, story)).toEqual({
      toc: [
        { id: '10', title: 'Ten', url: 'https://www.scribblehub.com/read/778899-s/chapter/10/', date: Date.UTC(2024, 2, 3, 13, 15) },
        { id: '12', title: 'Twelve', url: 'https://www.scribblehub.com/read/778899-s/chapter/12/' },
      ],
      chapterCount: 12,
      siteUpdatedAt: Date.UTC(2024, 2, 3, 13, 15),
      partial: true,
    });
  });

  it("links a chapter at ScribbleHub's own address, whatever the page links to", () => {
    const page = `<div class="cnt_toc">1</div><ol><li class="toc_w" order="1"><a class="toc_a" href="https://elsewhere.example/read/778899-s/chapter/3/">Three</a></li></ol>`;
    expect(readList(page, url, story)).toMatchObject({ toc: [{ id: '3', url: 'https://www.scribblehub.com/read/778899/chapter/3/' }] });
  });

  it('refuses a page with neither a chapter count nor contents', () => {
    expect(readList('<div class="cnt_toc">many</div>', url, story)).toEqual({ error: 'ScribbleHub: no chapter count or contents on the series page.' });
  });
});
