/**
 * lib/sites/match.ts answers like @webext-core/match-patterns (the library the registry used before,
 * still what WXT uses) on every registered pattern and on the pattern shapes it accepts.
 */
import { MatchPattern } from '@webext-core/match-patterns';
import { describe, expect, it } from 'vitest';
import { findAdapter, matchesOf, matchPattern, siteAdapter } from '../../../lib/sites/match';
import { ADAPTERS } from '../../../lib/sites/registry';

const PATTERNS = [
  ...matchesOf(ADAPTERS),
  '*://*/*',
  'https://*/works/*',
  '*://*.example.org/*',
  'http://example.org/a/*/b',
  'https://example.org/exact',
  'https://ex-ample.org/a.b+c?(d)/*',
];

const URLS = [
  ...ADAPTERS.flatMap((a) => a.exampleUrls),
  'https://archiveofourown.org/works/1/chapters/2?view_adult=true#main',
  'http://archiveofourown.org/works/1',
  'https://archiveofourown.org/users/someone',
  'https://archiveofourown.org.evil.test/works/1',
  'https://evilarchiveofourown.org/works/1',
  'ftp://archiveofourown.org/works/1',
  'https://www.fanfiction.net/s/1/2/x',
  'https://m.fictionpress.com/s/1',
  'https://fanfiction.net/u/1',
  'http://forums.spacebattles.com/threads/x.1/',
  'https://wattpad.com/story/1',
  'https://www.wattpad.com/',
  'https://example.org/',
  'https://example.org/exact',
  'https://example.org/exact/more',
  'https://deep.sub.example.org/x',
  'https://notexample.org/x',
  'http://example.org/a/x/y/b',
  'http://example.org/a/b',
  'https://ex-ample.org/a.b+c?(d)/z',
  'https://ex-ample.org/aXb+c/z',
  'file:///tmp/works/x',
];

describe('match patterns', () => {
  it.each(PATTERNS)('%s: the same answers as @webext-core/match-patterns', (pattern) => {
    const ours = matchPattern(pattern);
    const theirs = new MatchPattern(pattern);
    for (const url of URLS) expect(ours(new URL(url)), `${pattern} on ${url}`).toBe(theirs.includes(url));
  });

  it('refuses patterns it does not understand', () => {
    for (const p of ['<all_urls>', 'archiveofourown.org/*', 'https://archiveofourown.org', 'https://arch*.org/*', 'https://example.org:8080/*', 'file:///*']) {
      expect(() => matchPattern(p), p).toThrow(/Unsupported match pattern/);
    }
  });

  it('finds the adapter among the ones given only', () => {
    const [ao3, ffnet] = ADAPTERS;
    const url = ao3.exampleUrls[0];
    expect(findAdapter(url, ADAPTERS)).toBe(ao3);
    expect(findAdapter(url, [ffnet])).toBeNull();
    expect(findAdapter('not a url', ADAPTERS)).toBeNull();
  });

  it('names the site of a matched page that is no story page (AO3 chapter index), and no other', () => {
    const [ao3] = ADAPTERS;
    const url = 'https://archiveofourown.org/works/43703871/navigate';
    expect(findAdapter(url, ADAPTERS)).toBeNull();
    expect(siteAdapter(url, ADAPTERS)).toBe(ao3);
    expect(siteAdapter('https://example.org/works/1', ADAPTERS)).toBeNull();
    expect(siteAdapter('not a url', ADAPTERS)).toBeNull();
  });
});
