/**
 * Royal Road's chapter list (the fiction's RSS feed) on what the fixture case cannot show (it is
 * checked against its expected.json by lib/sites/chapter-list-cases.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'royalroad', storyId: '45678', title: 'The Lantern Archive' };
const url = 'https://www.royalroad.com/fiction/syndication/45678';
const feed = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>${items}</channel></rss>`;

describe('Royal Road RSS', () => {
  it('asks nothing for a fiction id that is not a number', () => {
    expect(UPDATE_SOURCES.royalroad.url(listStoryRecord({ site: 'royalroad', storyId: '45678a' }))).toBeNull();
  });

  it('lists each chapter once, in reading order, keeping a title that does not start with the story title', () => {
    const items = feed(`
      <item><title>Side story</title><link>https://www.royalroad.com/fiction/45678/x/chapter/3/side</link><pubDate>Sat, 02 Mar 2024 18:00:00 GMT</pubDate></item>
      <item><title>The Lantern Archive - One</title><guid>https://www.royalroad.com/fiction/chapter/1</guid><pubDate>Sat, 17 Feb 2024 18:00:00 GMT</pubDate></item>
      <item><title>Again</title><link>https://www.royalroad.com/fiction/45678/x/chapter/3/side</link></item>
      <item><title>No link</title></item>`);
    expect(readList(items, url, story)).toEqual({
      toc: [
        { id: '1', title: 'One', url: 'https://www.royalroad.com/fiction/chapter/1', date: Date.UTC(2024, 1, 17, 18) },
        { id: '3', title: 'Side story', url: 'https://www.royalroad.com/fiction/45678/x/chapter/3/side', date: Date.UTC(2024, 2, 2, 18) },
      ],
      chapterCount: null,
      siteUpdatedAt: Date.UTC(2024, 2, 2, 18),
      partial: true,
    });
  });

  it("links a chapter at Royal Road's own address, whatever the feed links to", () => {
    const items = feed(`<item><title>Away</title><link>https://elsewhere.example/fiction/45678/x/chapter/7/away</link></item>`);
    expect(readList(items, url, story)).toMatchObject({ toc: [{ id: '7', url: 'https://www.royalroad.com/fiction/chapter/7' }] });
  });

  it('refuses an answer that is not RSS', () => {
    expect(readList('<?xml version="1.0"?><html><body>Cloudflare</body></html>', url, story)).toEqual({ error: 'Royal Road: the feed is not RSS.' });
  });
});
