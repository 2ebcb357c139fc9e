import { describe, expect, it } from 'vitest';
import { fold, matchesTokens, queryTokens } from '../../../lib/library-page/text';
import {
  buildIndex,
  EMPTY_FILTER,
  filterItems,
  isFiltered,
  queryLibrary,
  searchKeyOf,
  sitesIn,
  sortItems,
  updatedAt,
  warmUpFilter,
} from '../../../lib/library-page/query';
import { manyStories, story } from './fixtures';

const keys = (items: { story: { key: string } }[]) => items.map((i) => i.story.key);

describe('fold and tokens', () => {
  it('lowercases and strips accents', () => {
    expect(fold('Émilie’s CAFÉ')).toBe('emilie’s cafe');
    expect(fold('Pokémon')).toBe('pokemon');
    expect(fold('Straße Ærø Łódź')).toBe('strasse aero lodz');
    expect(fold('plain ascii')).toBe('plain ascii');
  });
  it('splits a query into folded words', () => {
    expect(queryTokens('  Harry   POTTÉR ')).toEqual(['harry', 'potter']);
    expect(queryTokens('   ')).toEqual([]);
  });
  it('matches only when every word occurs', () => {
    expect(matchesTokens('the long road\nquietwriter', ['road', 'quiet'])).toBe(true);
    expect(matchesTokens('the long road\nquietwriter', ['road', 'loud'])).toBe(false);
    expect(matchesTokens('anything', [])).toBe(true);
  });
});

describe('search', () => {
  const stories = [
    story({ storyId: '1', title: 'Les Misérables Redux', author: 'Écrivain', tags: ['Romance'] }),
    story({ storyId: '2', title: 'The Long Road', author: 'quietwriter', tags: ['Harry Potter', 'Slow Burn'] }),
    story({ storyId: '3', title: 'Short Road', author: null, tags: ['Naruto'] }),
  ];
  const items = buildIndex(stories);

  it('indexes title, author and tags', () => {
    expect(searchKeyOf(stories[1])).toBe('the long road\nquietwriter\nharry potter\nslow burn');
    expect(searchKeyOf(story({ author: null, tags: undefined as unknown as string[] }))).toBe('a story\n');
  });
  it('is accent- and case-insensitive both ways', () => {
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'miserables' }))).toEqual(['ao3:1']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'ECRIVAIN' }))).toEqual(['ao3:1']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'long rôad' }))).toEqual(['ao3:2']);
  });
  it('ANDs words across fields', () => {
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'road potter' }))).toEqual(['ao3:2']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'road' }))).toEqual(['ao3:2', 'ao3:3']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, text: 'road romance' }))).toEqual([]);
  });
  it('an empty query keeps everything, as a copy', () => {
    const out = filterItems(items, EMPTY_FILTER);
    expect(keys(out)).toEqual(['ao3:1', 'ao3:2', 'ao3:3']);
    expect(out).not.toBe(items);
  });
});

describe('filters', () => {
  const stories = [
    story({ storyId: '1', site: 'ao3', followed: true, readingStatus: 'reading' }),
    story({ storyId: '2', site: 'ffnet', followed: false, readingStatus: 'completed' }),
    story({ storyId: '3', site: 'ffnet', followed: true, readingStatus: null }),
  ];
  const items = buildIndex(stories);
  it('by site', () => {
    expect(keys(filterItems(items, { ...EMPTY_FILTER, site: 'ffnet' }))).toEqual(['ffnet:2', 'ffnet:3']);
  });
  it('by status, including "no status"', () => {
    expect(keys(filterItems(items, { ...EMPTY_FILTER, status: 'completed' }))).toEqual(['ffnet:2']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, status: 'none' }))).toEqual(['ffnet:3']);
  });
  it('followed only, combined with others', () => {
    expect(keys(filterItems(items, { ...EMPTY_FILTER, followedOnly: true }))).toEqual(['ao3:1', 'ffnet:3']);
    expect(keys(filterItems(items, { ...EMPTY_FILTER, followedOnly: true, site: 'ffnet' }))).toEqual(['ffnet:3']);
  });
  it('says whether anything is filtered', () => {
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, text: '  ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, site: 'ao3' })).toBe(true);
  });
  it('lists sites by name', () => {
    const names: Record<string, string> = { ao3: 'Archive of Our Own', ffnet: 'FanFiction.net' };
    expect(sitesIn(stories, (id) => names[id])).toEqual([
      { id: 'ao3', name: 'Archive of Our Own' },
      { id: 'ffnet', name: 'FanFiction.net' },
    ]);
  });
});

describe('sort', () => {
  const stories = [
    story({ storyId: 'a', title: 'banana', lastReadAt: 300, unread: 0, siteUpdatedAt: 50 }),
    story({ storyId: 'b', title: 'Apple', lastReadAt: 100, unread: 5, siteUpdatedAt: null, newChaptersAt: 900 }),
    story({ storyId: 'c', title: 'Éclair', lastReadAt: 200, unread: 2, siteUpdatedAt: 400 }),
    story({ storyId: 'd', title: 'chapter 10', lastReadAt: 200, unread: 2 }),
    story({ storyId: 'e', title: 'chapter 9', lastReadAt: 50 }),
  ];
  const items = buildIndex(stories);
  it('last read, newest first', () => {
    expect(keys(sortItems(items, 'last-read'))).toEqual(['ao3:a', 'ao3:d', 'ao3:c', 'ao3:b', 'ao3:e']);
  });
  it('last updated uses the newer of site date and new-chapter date; unknown last', () => {
    expect(updatedAt(stories[1])).toBe(900);
    expect(keys(sortItems(items, 'last-updated'))).toEqual(['ao3:b', 'ao3:c', 'ao3:a', 'ao3:d', 'ao3:e']);
  });
  it('unread chapters, most first', () => {
    expect(keys(sortItems(items, 'unread'))).toEqual(['ao3:b', 'ao3:c', 'ao3:d', 'ao3:a', 'ao3:e']);
  });
  it('title, ignoring case and accents, numbers in order', () => {
    expect(keys(sortItems(items, 'title'))).toEqual(['ao3:b', 'ao3:a', 'ao3:e', 'ao3:d', 'ao3:c']);
  });
  it('does not change its input', () => {
    const before = keys(items);
    sortItems(items, 'title');
    expect(keys(items)).toEqual(before);
  });
  it('sort then filter keeps the sorted order', () => {
    expect(keys(queryLibrary(items, { ...EMPTY_FILTER, text: 'chapter' }, 'title'))).toEqual(['ao3:e', 'ao3:d']);
  });
});

describe('10,000 stories', () => {
  it('filters in one pass with correct results', () => {
    const items = sortItems(buildIndex(manyStories(10_000)), 'last-read');
    const out = filterItems(items, { text: 'pokemon cafe', site: 'ao3', status: 'reading', followedOnly: false });
    // Pokémon: i%7==2; Café: i%3==0; ao3: i%4==0; reading: i%4==0 -> i ≡ 0 mod 12 and i ≡ 2 mod 7.
    const expected = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 12 === 0 && i % 7 === 2);
    expect(out.map((x) => Number(x.story.storyId))).toEqual(expected);
  });
});

describe('warming the search up', () => {
  it('runs real searches over the items and leaves them as they were', () => {
    const items = sortItems(buildIndex(manyStories(50)), 'last-read');
    const before = items.map((i) => i.story.key);
    // Counts what the searches found: the warm-up runs the same filter the keystrokes run.
    const expected = ['e', 'ea', 'e a', 'the ea'].reduce((n, text) => n + filterItems(items, { ...EMPTY_FILTER, text }).length, 0);
    expect(expected).toBeGreaterThan(0);
    expect(warmUpFilter(items)).toBe(expected);
    expect(items.map((i) => i.story.key)).toEqual(before);
  });
});

