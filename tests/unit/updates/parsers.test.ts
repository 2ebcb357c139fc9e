import { describe, expect, it } from 'vitest';
import { UPDATE_SOURCES, UpdateParseError, parseLooseDate, updateSourceFor, type SourcePage } from '../../../lib/updates/sources';
import { parseWorkerDocument } from '../../../lib/updates/worker-dom';
import { ADAPTERS } from '../../../lib/sites/registry';
import type { StoryRecord } from '../../../lib/library/types';
import { fixture, happyParse, story } from './helpers';

const PARSERS = { linkedom: parseWorkerDocument, 'happy-dom': happyParse };

/** Parse a fixture with the site's source, with both DOM implementations; they must agree. */
function parse(site: string, file: string, s: StoryRecord, pageUrl: string): SourcePage {
  const source = updateSourceFor(site)!;
  const body = fixture(file);
  if (source.kind === 'json') return source.parse(JSON.parse(body), s, pageUrl);
  const type = source.kind === 'xml' ? 'text/xml' : 'text/html';
  const results = Object.values(PARSERS).map((p) => source.parse(p(body, type, pageUrl), s, pageUrl));
  expect(results[1]).toEqual(results[0]);
  return results[0];
}

function refuses(site: string, file: string, s: StoryRecord, pageUrl: string) {
  const source = updateSourceFor(site)!;
  for (const p of Object.values(PARSERS)) {
    if (source.kind === 'json') throw new Error('html only');
    expect(() => source.parse(p(fixture(file), 'text/html', pageUrl), s, pageUrl)).toThrow(UpdateParseError);
  }
}

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

describe('AO3 navigate page', () => {
  const s = story({ site: 'ao3', storyId: '123456' });
  const url = 'https://archiveofourown.org/works/123456/navigate';

  it('lists chapters by AO3 chapter id with titles and dates', () => {
    expect(UPDATE_SOURCES.ao3.url(s)).toBe(url);
    const page = parse('ao3', 'ao3-navigate.html', s, url);
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

  it('refuses a login page (locked work)', () => refuses('ao3', 'ao3-locked.html', s, url));
});

describe('FanFiction.Net chapter select', () => {
  const s = story({ site: 'ffnet', storyId: '7654321' });
  const url = 'https://www.fanfiction.net/s/7654321/1/';

  it('reads the chapter select once (it appears twice) and the Updated date', () => {
    expect(UPDATE_SOURCES.ffnet.url(s)).toBe(url);
    const page = parse('ffnet', 'ffnet-story.html', s, url);
    expect(page.toc).toHaveLength(5);
    expect(page.toc[4]).toEqual({ id: '5', title: 'Salvage', url: 'https://www.fanfiction.net/s/7654321/5/' });
    expect(page.chapterCount).toBe(5);
    expect(page.siteUpdatedAt).toBe(1714521600 * 1000);
    expect(page.status).toBe('in-progress');
  });

  it('reads a complete one-shot (no select) as one chapter', () => {
    const one = story({ site: 'ffnet', storyId: '1112223' });
    const page = parse('ffnet', 'ffnet-oneshot-complete.html', one, 'https://www.fanfiction.net/s/1112223/1/');
    expect(page.toc).toEqual([{ id: '1', title: null, url: 'https://www.fanfiction.net/s/1112223/1/' }]);
    expect(page.status).toBe('complete');
    expect(page.siteUpdatedAt).toBe(1690000000 * 1000);
  });

  it('refuses "Story Not Found"', () => refuses('ffnet', 'ffnet-not-found.html', s, url));

  it('uses FictionPress\'s own origin', () => {
    expect(UPDATE_SOURCES.fictionpress.url(story({ site: 'fictionpress', storyId: '9' }))).toBe('https://www.fictionpress.com/s/9/1/');
  });
});

describe('Royal Road RSS', () => {
  const s = story({ site: 'royalroad', storyId: '45678', title: 'The Lantern Archive' });
  const url = 'https://www.royalroad.com/fiction/syndication/45678';

  it('lists the latest chapters oldest first, as a partial list', () => {
    expect(UPDATE_SOURCES.royalroad.url(s)).toBe(url);
    const page = parse('royalroad', 'royalroad-syndication.xml', s, url);
    expect(page.partial).toBe(true);
    expect(page.toc.map((e) => e.id)).toEqual(['910777', '911500', '912012']);
    expect(page.toc[2]).toEqual({
      id: '912012',
      title: 'Chapter 12: Ashes',
      url: 'https://www.royalroad.com/fiction/45678/the-lantern-archive/chapter/912012/chapter-12-ashes',
      date: Date.UTC(2024, 2, 2, 18),
    });
    expect(page.siteUpdatedAt).toBe(Date.UTC(2024, 2, 2, 18));
  });
});

describe('XenForo threadmarks', () => {
  const s = story({ site: 'spacebattles', storyId: '1148221' });
  const url = 'https://forums.spacebattles.com/threads/1148221/threadmarks?threadmark_category=1&per_page=200';

  it('lists threadmarks by post id and points to the next page', () => {
    expect(UPDATE_SOURCES.spacebattles.url(s)).toBe(url);
    const page = parse('spacebattles', 'spacebattles-threadmarks-1.html', s, url);
    expect(page.toc).toEqual([
      {
        id: '99612008',
        title: '1.1 Static',
        url: 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99612008',
        date: 1682967600000,
      },
      {
        id: '99700001',
        title: '1.2 Carrier',
        url: 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99700001',
        date: 1683572400000,
      },
    ]);
    expect(page.next).toBe('https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/threadmarks?threadmark_category=1&page=2');
  });

  it('has no next page on the last page', () => {
    const page = parse('spacebattles', 'spacebattles-threadmarks-2.html', s, url);
    expect(page.toc.map((e) => e.id)).toEqual(['99801234']);
    expect(page.next).toBeNull();
  });

  it('marks a list with a "…" range row as partial, with the count its header states', () => {
    // Long lists show the first and newest threadmarks and a threadmark-fetcher row between them.
    const sv = story({ site: 'sufficientvelocity', storyId: '130552' });
    const svUrl = UPDATE_SOURCES.sufficientvelocity.url(sv)!;
    expect(svUrl).toBe('https://forums.sufficientvelocity.com/threads/130552/threadmarks?threadmark_category=1&per_page=200');
    const page = parse('sufficientvelocity', 'sufficientvelocity-threadmarks-gap.html', sv, svUrl);
    expect(page.toc).toEqual([
      { id: '30411287', title: 'Launch Window', url: 'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/post-30411287', date: 1700000000000 },
      { id: '31999001', title: 'Perigee', url: 'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/post-31999001', date: 1710000000000 },
    ]);
    expect(page.partial).toBe(true);
    expect(page.chapterCount).toBe(57);
    expect(page.siteUpdatedAt).toBe(1710000000000);
  });

  it('lists a complete page as the whole list', () => {
    const page = parse('spacebattles', 'spacebattles-threadmarks-2.html', s, url);
    expect(page.partial).toBeUndefined();
    expect(page.chapterCount).toBe(1);
  });

  it('refuses a page without a threadmark list', () => refuses('spacebattles', 'ao3-locked.html', s, url));
});

describe('Fimfiction story page', () => {
  const s = story({ site: 'fimfiction', storyId: '334455' });
  const url = 'https://www.fimfiction.net/story/334455/';

  it('lists chapters by number, ignoring links to other stories', () => {
    const page = parse('fimfiction', 'fimfiction-story.html', s, url);
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

describe('ScribbleHub series page', () => {
  const s = story({ site: 'scribblehub', storyId: '778899' });
  const url = 'https://www.scribblehub.com/series/778899/';

  it('reads the chapter count and the newest chapters in reading order', () => {
    const page = parse('scribblehub', 'scribblehub-series.html', s, url);
    expect(page.chapterCount).toBe(42);
    expect(page.partial).toBe(true);
    expect(page.toc.map((e) => e.id)).toEqual(['1198123', '1199000', '1200042']);
    expect(page.toc[2].date).toBe(Date.UTC(2024, 2, 3, 13, 15));
    expect(page.status).toBe('in-progress');
  });
});

describe('Wattpad parts API', () => {
  const s = story({ site: 'wattpad', storyId: '300400500' });

  it('lists published parts, skips drafts, never keeps a non-Wattpad URL', () => {
    expect(UPDATE_SOURCES.wattpad.url(s)).toMatch(/^https:\/\/www\.wattpad\.com\/api\/v3\/stories\/300400500\?fields=/);
    const page = parse('wattpad', 'wattpad-story.json', s, 'https://www.wattpad.com/api/v3/stories/300400500');
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
