import { afterAll, describe, expect, it } from 'vitest';
import { extractChapter } from '../../chapter/extract';
import { findChapterLink, generic, genericStoryId, NOT_ARTICLE_MESSAGE, LISTING_MESSAGE } from './adapter';
import { adapterFor, ADAPTERS } from '../registry';
import { isExtractError, type Chapter } from '../types';
import { groupBlocks, noteGroups } from '../../reader/notes';
import { loadPage } from '../../../tests/unit/sites/load-page';
import { casePage } from '../../../tests/site-fixtures';

export const BLOG_URL = 'https://example.org/2024/05/the-lighthouse-keeper-part-2/';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

function load(name: string, url: string) {
  const { doc, close } = loadPage(casePage(name), url);
  closers.push(close);
  return doc;
}

function blog(): { doc: Document; chapter: Chapter } {
  const doc = load('blog-story.html', BLOG_URL);
  const r = extractChapter(doc, BLOG_URL, { adapter: generic });
  if (isExtractError(r)) throw new Error(r.error);
  return { doc, chapter: r };
}

describe('generic adapter', () => {
  it('is never picked by URL and is not in the registry', () => {
    expect(ADAPTERS).not.toContain(generic);
    expect(generic.matches).toEqual([]);
    expect(adapterFor(BLOG_URL)).toBeNull();
  });

  it('derives a stable short story id from origin and path', () => {
    const id = genericStoryId(BLOG_URL)!;
    expect(id).toMatch(/^example\.org-[0-9a-z]{6,16}$/);
    expect(genericStoryId('https://example.org/2024/05/the-lighthouse-keeper-part-2?utm=x#c3')).toBe(id);
    expect(genericStoryId('https://EXAMPLE.org/2024/05/the-lighthouse-keeper-part-2/')).toBe(id);
    expect(genericStoryId('https://example.org/2024/05/the-lighthouse-keeper-part-3/')).not.toBe(id);
    expect(genericStoryId('https://example.com/2024/05/the-lighthouse-keeper-part-2/')).not.toBe(id);
    expect(genericStoryId('file:///tmp/x.html')).toBeNull();
    expect(generic.parseUrl(BLOG_URL)).toEqual({ storyId: id, chapterId: '1' });
  });

  it('reads a blog story post: title, author, text, links, and the A/N at the top as a note', () => {
    const { chapter } = blog();
    expect(chapter).toMatchObject({
      site: 'generic',
      storyId: genericStoryId(BLOG_URL),
      chapterId: '1',
      title: 'The Lighthouse Keeper, Part 2',
      author: 'Wren Holloway',
      chapterIndex: null,
      chapterCount: null,
      url: BLOG_URL,
      prevUrl: 'https://example.org/2024/05/the-lighthouse-keeper-part-1/',
      nextUrl: 'https://example.org/2024/05/the-lighthouse-keeper-part-3/',
    });
    const texts = chapter.blocks.map((b) => b.text).join('\n');
    expect(texts).toContain('The storm came in the night, as Ada had known it would.');
    expect(texts).toContain('there was no more time to be afraid.');
    // no site chrome, comments or sidebar
    expect(texts).not.toMatch(/Recent posts|Post comment|All rights reserved|Ada is the best/);
    expect(chapter.blocks.every((b) => b.source === 'body')).toBe(true);
    // the title is shown above the text once, not repeated as the first block
    expect(chapter.blocks[0].text).not.toBe(chapter.title);

    const an = chapter.blocks.find((b) => b.text.startsWith('A/N:'))!;
    expect(an.kind).toBe('note');
    expect(an.noteWhere).toBe('before');
    const storm = chapter.blocks.find((b) => b.text.startsWith('The storm came'))!;
    expect(storm.kind).toBe('story');
    const notes = noteGroups(groupBlocks(chapter.blocks));
    expect(notes.length).toBeGreaterThanOrEqual(1);
    // every block's HTML went through the sanitiser
    expect(chapter.blocks.some((b) => /<script|onclick|class=/i.test(b.html))).toBe(false);
  });

  it('leaves the host page untouched', () => {
    const doc = load('blog-story.html', BLOG_URL);
    const before = doc.documentElement.outerHTML;
    generic.extract(doc, BLOG_URL);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('says clearly when a page has no article', () => {
    const url = 'https://example.org/dashboard';
    const r = extractChapter(load('no-article.html', url), url, { adapter: generic });
    expect(isExtractError(r)).toBe(true);
    expect(r).toMatchObject({ site: 'generic', kind: 'not-chapter', error: NOT_ARTICLE_MESSAGE });
  });

  it('refuses a page that is mostly a list of links: "this page is not an article"', () => {
    const url = 'https://example.org/archive/';
    const r = extractChapter(load('link-listing.html', url), url, { adapter: generic });
    expect(r).toMatchObject({ site: 'generic', kind: 'listing', error: LISTING_MESSAGE });
    expect(LISTING_MESSAGE).toMatch(/^This page is not an article/);
    // A real story with a few links in it is still read.
    expect(isExtractError(extractChapter(load('blog-story.html', BLOG_URL), BLOG_URL, { adapter: generic }))).toBe(false);
  });

  it('finds chapter links by rel or by their words, same site only', () => {
    const url = 'https://example.org/story/2';
    const page = (body: string, head = '') => loadInline(`<head>${head}</head><body>${body}</body>`, url);
    expect(findChapterLink(page('', '<link rel="next" href="/story/3">'), url, 'next')).toBe('https://example.org/story/3');
    expect(findChapterLink(page('<a rel="prev" href="1">back</a>'), url, 'prev')).toBe('https://example.org/story/1');
    expect(findChapterLink(page('<a href="/story/3">Next Chapter →</a>'), url, 'next')).toBe('https://example.org/story/3');
    expect(findChapterLink(page('<a href="/story/1">Prev chapter</a>'), url, 'prev')).toBe('https://example.org/story/1');
    expect(findChapterLink(page('<a href="https://elsewhere.net/3">Next chapter</a>'), url, 'next')).toBeNull();
    expect(findChapterLink(page('<a href="/about">About</a>'), url, 'next')).toBeNull();
    expect(findChapterLink(page('<a href="#top">Next chapter</a>'), url, 'next')).toBeNull();
  });
});

function loadInline(html: string, url: string): Document {
  const { doc, close } = loadPage(`<!doctype html><html>${html}</html>`, url);
  closers.push(close);
  return doc;
}
