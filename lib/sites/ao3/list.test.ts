/**
 * AO3's list adapter on the real pages in ../shared/real-pages/ao3 (read at run time, never copied;
 * the facts below are ours): tag listings and series give every work blurb with its id, title, author,
 * fandoms and stats, and the next page; chapter pages, the chapter index and error pages are no list.
 * Without ../shared/real-pages the real-page part fails under CI and is skipped elsewhere, as
 * tests/unit/sites/real-pages.test.ts does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPage } from '../../../tests/unit/sites/load-page';
import { isListError, type StoryList } from '../story-list';
import { ao3ListKind, readAo3List } from './list';

const REAL_DIR = join(process.env.CALM_REAL_PAGES ?? join(__dirname, '../../../../shared/real-pages'), 'ao3');

interface Facts {
  url: string;
  kind: StoryList['kind'];
  count: number;
  nextPage: string | null;
  first: { storyId: string; title: string; author: string | null };
}

const TAG = 'https://archiveofourown.org/tags';
const LISTS: Record<string, Facts> = {
  'ao3js-tag-works-mind-palace.html': {
    url: `${TAG}/Mind%20Palace/works`,
    kind: 'works-list',
    count: 20,
    nextPage: `${TAG}/Mind%20Palace/works.html?view_adult=true&page=2`,
    first: { storyId: '76478421', title: 'Disposable Heroes', author: 'Dairypie' },
  },
  'ao3js-tag-works-dysphoria.html': {
    url: `${TAG}/Dysphoria/works`,
    kind: 'works-list',
    count: 20,
    nextPage: `${TAG}/Dysphoria/works.html?view_adult=true&page=2`,
    first: { storyId: '67356937', title: 'Woke Up As A Prince', author: 'FeralScribe' },
  },
  'ao3js-tag-works-sherlock-holmes.html': {
    url: `${TAG}/Sherlock%20Holmes/works`,
    kind: 'works-list',
    count: 21,
    nextPage: `${TAG}/Sherlock%20Holmes/works.html?view_adult=true&page=2`,
    first: { storyId: '77862241', title: 'His First Kiss', author: 'Peyton_James38' },
  },
  'ao3js-tag-works-i-already-feel-like-im-pushi.html': {
    url: `${TAG}/i%20already%20feel%20like%20im%20pushing%20it%20lollll/works`,
    kind: 'works-list',
    count: 1,
    nextPage: null,
    first: { storyId: '61131934', title: 'gingerbread & jubilation', author: 'm0ther_of_p3arl' },
  },
  'ao3js-series-1728802.html': {
    url: 'https://archiveofourown.org/series/1728802',
    kind: 'series',
    count: 3,
    nextPage: null,
    first: { storyId: '23977417', title: 'what happened in brooklyn', author: null },
  },
  'ao3js-series-2270465.html': {
    url: 'https://archiveofourown.org/series/2270465',
    kind: 'series',
    count: 6,
    nextPage: null,
    first: { storyId: '30604247', title: 'Away from all of Reality', author: 'MyHero' },
  },
  'ao3js-series-2817877.html': {
    url: 'https://archiveofourown.org/series/2817877',
    kind: 'series',
    count: 8,
    nextPage: null,
    first: { storyId: '37816267', title: "What's In My System", author: 'This_isnt_my_real_name' },
  },
  'ao3js-series-2946579.html': {
    url: 'https://archiveofourown.org/series/2946579',
    kind: 'series',
    count: 2,
    nextPage: null,
    first: { storyId: '37214506', title: 'AvengersGC', author: null },
  },
  'dhasenan-series-20432.html': {
    url: 'https://archiveofourown.org/series/20432',
    kind: 'series',
    count: 5,
    nextPage: null,
    first: { storyId: '470820', title: 'Darkened Skies', author: 'Xenobia' },
  },
  'mp-series-46.html': {
    url: 'https://archiveofourown.org/series/46',
    kind: 'series',
    count: 2,
    nextPage: null,
    first: { storyId: '688', title: 'Skipping Stones', author: 'Sidra' },
  },
  'mp-series-46-edited-one-work.html': {
    url: 'https://archiveofourown.org/series/46',
    kind: 'series',
    count: 1,
    nextPage: null,
    first: { storyId: '688', title: 'Skipping Stones', author: 'Sidra' },
  },
};

/** Pages that are no list, with the address they were saved from. */
const NOT_LISTS: Record<string, string> = {
  'ao3js-work-17793689-ch1.html': 'https://archiveofourown.org/works/17793689/chapters/41980418',
  'ao3js-work-43703871-navigate.html': 'https://archiveofourown.org/works/43703871/navigate',
  'ao3js-work-41237499-404.html': 'https://archiveofourown.org/works/41237499',
  'mp-work-688-oneshot.html': 'https://archiveofourown.org/works/688',
};

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});
const read = (file: string, url: string) => {
  const { doc, close } = loadPage(readFileSync(join(REAL_DIR, file), 'utf8'), url);
  closers.push(close);
  return readAo3List(doc, url);
};

if (!existsSync(REAL_DIR)) {
  if (process.env.CI) {
    it('finds the real AO3 pages', () => {
      throw new Error(`${REAL_DIR} is missing: the AO3 list test cannot run (CI requires it).`);
    });
  } else {
    it.skip(`AO3 real list pages: ${REAL_DIR} is missing, skipped outside CI`, () => undefined);
  }
} else {
  describe('AO3 lists on real pages', () => {
    it('every saved listing page has its facts', () => {
      const listings = readdirSync(REAL_DIR).filter((f) => /-(series|tag-works)-/.test(f));
      expect(listings.sort()).toEqual(Object.keys(LISTS).sort());
    });

    // Pages are parsed while the tests are collected (as tests/unit/sites/real-pages.test.ts does):
    // a 200 KB listing in happy-dom can outlast a test's timeout on a busy machine.
    const results = new Map(Object.entries(LISTS).map(([file, want]) => [file, read(file, want.url)]));

    it.each(Object.entries(LISTS))('%s', (file, want) => {
      const r = results.get(file)!;
      if (isListError(r)) throw new Error(r.error);
      expect(r.kind).toBe(want.kind);
      expect(r.stories.length).toBe(want.count);
      expect(r.elements.length).toBe(want.count);
      expect(r.nextPage).toBe(want.nextPage);
      expect(r.stories[0]).toMatchObject(want.first);
      expect(new Set(r.stories.map((s) => s.storyId)).size).toBe(r.stories.length);
      r.stories.forEach((s, i) => {
        expect(r.elements[i].id).toBe(`work_${s.storyId}`);
        expect(s.site).toBe('ao3');
        expect(s.url).toBe(`https://archiveofourown.org/works/${s.storyId}`);
        expect(s.title).not.toBe('');
        expect(s.fandoms.length).toBeGreaterThan(0);
        expect(s.words).toBeGreaterThan(0);
        expect(s.chapters).toBeGreaterThan(0);
        expect(s.language).not.toBeNull();
        expect(s.crossover).toBe(s.fandoms.length > 1);
        expect(s.complete).toBe(s.chapterTotal !== null && s.chapters === s.chapterTotal);
      });
    });

    it('reads a blurb in full (Mind Palace, first work)', () => {
      const r = results.get('ao3js-tag-works-mind-palace.html') as StoryList;
      expect(r.stories[0]).toMatchObject({
        fandoms: ['Stranger Things (TV 2016)'],
        language: 'English',
        crossover: false,
        words: 26735,
        chapters: 5,
        chapterTotal: 7,
        complete: false,
        updated: Date.UTC(2026, 0, 17),
      });
      expect(r.stories[0].tags).toContain('Steve Harrington/Eddie Munson');
      expect(r.stories[0].tags).not.toContain('No Archive Warnings Apply');
      // An anonymous work on the same page.
      expect(r.stories.find((s) => s.storyId === '77792901')).toMatchObject({ author: null, title: 'a miscalculation' });
    });

    const refused = new Map(Object.entries(NOT_LISTS).map(([file, url]) => [file, read(file, url)]));
    it.each(Object.keys(NOT_LISTS))('%s is no list', (file) => {
      expect(refused.get(file)).toMatchObject({ site: 'ao3', kind: 'not-a-list' });
    });
  });
}

describe('ao3ListKind', () => {
  it.each([
    ['https://archiveofourown.org/tags/Fluff/works', null, 'works-list'],
    ['https://archiveofourown.org/works?tag_id=Fluff&page=3', null, 'works-list'],
    ['https://archiveofourown.org/works/search?work_search%5Bquery%5D=x', null, 'works-list'],
    ['https://archiveofourown.org/collections/fest_2024/works', null, 'works-list'],
    ['https://archiveofourown.org/series/46', null, 'series'],
    ['https://archiveofourown.org/users/someone/works', null, 'author'],
    ['https://archiveofourown.org/users/someone/pseuds/Other/works', null, 'author'],
    ['https://archiveofourown.org/users/someone/bookmarks', null, 'bookmarks'],
    ['https://archiveofourown.org/users/someone/bookmarks', 'SomeOne', 'own-bookmarks'],
    ['https://archiveofourown.org/users/me/readings', 'me', 'own-history'],
    ['https://archiveofourown.org/users/me/subscriptions', 'me', 'own-follows'],
    ['https://archiveofourown.org/bookmarks?tag_id=x', null, 'bookmarks'],
    ['https://archiveofourown.org/works/123', null, null],
    ['https://archiveofourown.org/works/123/chapters/4', null, null],
    ['https://example.org/tags/Fluff/works', null, null],
    ['not a url', null, null],
  ])('%s (reader %s) is %s', (url, reader, kind) => {
    expect(ao3ListKind(url, reader)).toBe(kind);
  });

  it('refuses a "Retry later" page and a page with no list', () => {
    const retry = loadPage('<html><head><title>Retry later</title></head><body>Retry later</body></html>', `${TAG}/x/works`);
    const empty = loadPage('<html><body><p>Nothing</p></body></html>', `${TAG}/x/works`);
    closers.push(retry.close, empty.close);
    expect(readAo3List(retry.doc, `${TAG}/x/works`)).toMatchObject({ kind: 'blocked' });
    expect(readAo3List(empty.doc, `${TAG}/x/works`)).toMatchObject({ kind: 'not-a-list' });
  });

  it.each([
    ['<body>Retry later</body>', 'blocked'],
    ['<body>\n  <pre> RETRY\n\t later </pre>\n</body>', 'blocked'],
    ['<body><p>Retry</p><p> later</p><!-- a note --></body>', 'blocked'],
    ['<body><p>Retry later, she said.</p></body>', 'not-a-list'],
    ['<body><p>Retry later</p><p>x</p></body>', 'not-a-list'],
    ['<body><p>Please</p> retry later</body>', 'not-a-list'],
  ])('reads a bare "Retry later" from the page\'s first words: %s is %s', (body, kind) => {
    const { doc, close } = loadPage(`<html><head><title>AO3</title></head>${body}</html>`, `${TAG}/x/works`);
    closers.push(close);
    expect(readAo3List(doc, `${TAG}/x/works`)).toMatchObject({ kind });
  });

  it('names a layout change when work blurbs are there but cannot be read', () => {
    const html = '<ol class="work index group"><li class="work blurb group"><h4 class="heading"><a href="/works/abc">x</a></h4></li></ol>';
    const { doc, close } = loadPage(html, `${TAG}/x/works`);
    closers.push(close);
    expect(readAo3List(doc, `${TAG}/x/works`)).toMatchObject({ kind: 'layout-changed' });
  });

  it('reads an empty listing as a list with no stories', () => {
    const { doc, close } = loadPage('<ol class="work index group"></ol>', `${TAG}/x/works`);
    closers.push(close);
    expect(readAo3List(doc, `${TAG}/x/works`)).toMatchObject({ kind: 'works-list', stories: [], nextPage: null });
  });
});
