/** lib/sites/hosts.ts: which site a URL or story key from outside belongs to (the build's host table). */
import { describe, expect, it } from 'vitest';
import { isSiteHost, isStoryUrl, pageOwnsStory, readingUrl, siteOfKey } from '../../../lib/sites/hosts';

describe('siteOfKey', () => {
  it('splits at the first colon', () => {
    expect(siteOfKey('ao3:123')).toEqual({ site: 'ao3', storyId: '123' });
    expect(siteOfKey('generic:example.org-1x:2')).toEqual({ site: 'generic', storyId: 'example.org-1x:2' });
  });

  it('refuses keys without both parts, and non-strings', () => {
    for (const k of ['', 'ao3', ':123', 'ao3:', null, undefined, 42, { site: 'ao3' }, ['ao3:1']]) expect(siteOfKey(k), String(k)).toBeNull();
  });
});

describe('isSiteHost', () => {
  it("accepts a site's own hosts from its match patterns, in any case", () => {
    expect(isSiteHost('ao3', '1', 'archiveofourown.org')).toBe(true);
    expect(isSiteHost('ao3', '1', 'WWW.ArchiveOfOurOwn.org')).toBe(true);
    expect(isSiteHost('ffnet', '1', 'm.fanfiction.net')).toBe(true);
  });

  it("refuses another site's host, look-alikes, unknown sites and an empty host", () => {
    expect(isSiteHost('ao3', '1', 'www.fanfiction.net')).toBe(false);
    expect(isSiteHost('ao3', '1', 'archiveofourown.org.evil.test')).toBe(false);
    expect(isSiteHost('ao3', '1', 'evilarchiveofourown.org')).toBe(false);
    expect(isSiteHost('ao3', '1', 'x.archiveofourown.org')).toBe(false);
    expect(isSiteHost('nosuchsite', '1', 'archiveofourown.org')).toBe(false);
    expect(isSiteHost('ao3', '1', '')).toBe(false);
  });

  it("ties a generic story to the one host its id starts with", () => {
    expect(isSiteHost('generic', 'example.org-1x2y', 'example.org')).toBe(true);
    expect(isSiteHost('generic', 'Example.ORG-1x2y', 'EXAMPLE.org')).toBe(true);
    expect(isSiteHost('generic', 'example.org-1x2y', 'evil.test')).toBe(false);
    // The host must end at the dash: "example.org.evil.test-…" is not example.org's.
    expect(isSiteHost('generic', 'example.org.evil.test-1', 'example.org')).toBe(false);
    expect(isSiteHost('generic', 'example.org', 'example.org')).toBe(false);
  });
});

describe('isStoryUrl', () => {
  it('accepts http(s) addresses on the story’s site', () => {
    expect(isStoryUrl('ao3', '1', 'https://archiveofourown.org/works/1')).toBe(true);
    expect(isStoryUrl('ao3', '1', 'http://archiveofourown.org/works/1')).toBe(true);
  });

  it('refuses http when https only is asked', () => {
    expect(isStoryUrl('ao3', '1', 'http://archiveofourown.org/works/1', { httpsOnly: true })).toBe(false);
    expect(isStoryUrl('ao3', '1', 'https://archiveofourown.org/works/1', { httpsOnly: true })).toBe(true);
  });

  it('refuses other schemes, credentials, other hosts, garbage and very long input', () => {
    for (const url of [
      'javascript:alert(1)//archiveofourown.org',
      'file:///archiveofourown.org/works/1',
      'data:text/html,archiveofourown.org',
      'chrome://archiveofourown.org/',
      'ftp://archiveofourown.org/works/1',
      'https://user:pw@archiveofourown.org/works/1',
      'https://user@archiveofourown.org/works/1',
      'https://archiveofourown.org@evil.test/works/1',
      'https://evil.test/?archiveofourown.org',
      'not a url',
      '',
      `https://archiveofourown.org/${'a'.repeat(5000)}`,
      null,
      42,
    ]) {
      expect(isStoryUrl('ao3', '1', url), String(url).slice(0, 60)).toBe(false);
    }
  });
});

describe('pageOwnsStory', () => {
  it("lets a page speak for stories of its own site only", () => {
    expect(pageOwnsStory('https://www.archiveofourown.org/works/9', 'ao3:123')).toBe(true);
    expect(pageOwnsStory('https://www.fanfiction.net/s/1', 'ao3:123')).toBe(false);
    expect(pageOwnsStory('https://example.org/a', 'generic:example.org-abc')).toBe(true);
    expect(pageOwnsStory('https://other.test/a', 'generic:example.org-abc')).toBe(false);
  });

  it('refuses non-web pages, bad keys and non-strings', () => {
    expect(pageOwnsStory('file:///archiveofourown.org/x', 'ao3:1')).toBe(false);
    expect(pageOwnsStory('chrome-extension://abc/popup.html', 'ao3:1')).toBe(false);
    expect(pageOwnsStory('https://archiveofourown.org/', 'ao3')).toBe(false);
    expect(pageOwnsStory(undefined, 'ao3:1')).toBe(false);
    expect(pageOwnsStory('https://archiveofourown.org/', { key: 'ao3:1' })).toBe(false);
  });
});

describe('readingUrl', () => {
  const story = { site: 'ao3', storyId: '1', url: 'https://archiveofourown.org/works/1' };
  it("prefers the last chapter's address, else the story's", () => {
    expect(readingUrl({ ...story, lastChapterUrl: 'https://archiveofourown.org/works/1/chapters/5' })).toBe('https://archiveofourown.org/works/1/chapters/5');
    expect(readingUrl({ ...story, lastChapterUrl: null })).toBe(story.url);
  });

  it("falls back past a synced hostile chapter address, and answers null when neither is the site's", () => {
    expect(readingUrl({ ...story, lastChapterUrl: 'javascript:alert(1)' })).toBe(story.url);
    expect(readingUrl({ ...story, lastChapterUrl: 'https://evil.test/works/1' })).toBe(story.url);
    expect(readingUrl({ ...story, url: 'data:text/html,hi', lastChapterUrl: 'file:///etc/passwd' })).toBeNull();
  });
});
