/**
 * Fimfiction's chapter list on what the fixture case cannot show (it is checked against its
 * expected.json by lib/sites/chapter-list-cases.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'fimfiction', storyId: '334455' };
const url = 'https://www.fimfiction.net/story/334455/';

describe('Fimfiction story page', () => {
  it('asks nothing for a story id that is not a number', () => {
    expect(UPDATE_SOURCES.fimfiction.url(listStoryRecord({ site: 'fimfiction', storyId: 'x1' }))).toBeNull();
  });

  it("lists only this story's chapters, once each; no status it does not state", () => {
    const page = `<ul class="chapters">
      <li><a class="chapter-title" href="/story/999/1/other/one">Other</a></li>
      <li><a class="chapter-title" href="/story/334455/2/s/two">Two</a><span class="date">3rd Mar 2023</span></li>
      <li><a class="chapter-title" href="/story/334455/2/s/two-again">Two again</a></li>
      <li><a class="chapter-title" href="javascript:alert(1)">Script</a></li>
    </ul>`;
    expect(readList(page, url, story)).toEqual({
      toc: [{ id: '2', title: 'Two', url: 'https://www.fimfiction.net/story/334455/2/s/two', date: Date.UTC(2023, 2, 3) }],
      chapterCount: 1,
      siteUpdatedAt: Date.UTC(2023, 2, 3),
    });
  });

  it("links a chapter at Fimfiction's own address, whatever the page links to", () => {
    const page = `<ul class="chapters"><li><a class="chapter-title" href="https://elsewhere.example/story/334455/4/s/four">Four</a></li>
      <li><a class="chapter-title" href="http://www.fimfiction.net/story/334455/5/s/five">Five</a></li></ul>`;
    expect(readList(page, url, story)).toMatchObject({
      toc: [
        { id: '4', url: 'https://www.fimfiction.net/story/334455/4' },
        { id: '5', url: 'https://www.fimfiction.net/story/334455/5' },
      ],
    });
  });

  it('refuses a page without a chapter list, or with none of the story', () => {
    expect(readList('<p>Not found</p>', url, story)).toEqual({ error: 'Fimfiction: no chapter list on the story page.' });
    expect(readList('<ul class="chapters"><li><a href="/story/1/1/x">x</a></li></ul>', url, story)).toEqual({ error: 'Fimfiction: the chapter list is empty.' });
  });
});
