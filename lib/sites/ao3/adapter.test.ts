import { afterAll, describe, expect, it, vi } from 'vitest';
import { ao3 } from './adapter';
import { parseAo3Url } from './urls';
import { adapterFor } from '../registry';
import { isExtractError, type Chapter, type ExtractError } from '../types';
import { loadPage } from '../../../tests/unit/sites/load-page';
import { pageExpected, pageHtml } from '../../../tests/site-fixtures';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

/** The adapter's own output (before sanitising and the notes detector). */
function run(name: string): Chapter | ExtractError {
  const { url } = pageExpected(name);
  const { doc, close } = loadPage(pageHtml(name), url);
  closers.push(close);
  return ao3.extract(doc, url);
}
function chapter(name: string): Chapter {
  const r = run(name);
  if (isExtractError(r)) throw new Error(r.error);
  return r;
}
function inline(body: string, url = 'https://archiveofourown.org/works/1/chapters/2'): Chapter | ExtractError {
  const { doc, close } = loadPage(`<!DOCTYPE html><html><body>${body}</body></html>`, url);
  closers.push(close);
  return ao3.extract(doc, url);
}

describe('parseUrl', () => {
  it.each([
    ['https://archiveofourown.org/works/123', { storyId: '123', chapterId: null }],
    ['https://archiveofourown.org/works/123/chapters/456', { storyId: '123', chapterId: '456' }],
    ['https://archiveofourown.org/works/123/chapters/456#workskin', { storyId: '123', chapterId: '456' }],
    ['https://archiveofourown.org/works/123?view_full_work=true', { storyId: '123', chapterId: 'full' }],
    ['https://archiveofourown.org/works/123/chapters/456?view_full_work=true', { storyId: '123', chapterId: 'full' }],
    ['https://archiveofourown.org/works/123/chapters/456?view_adult=true', { storyId: '123', chapterId: '456' }],
    ['https://www.archiveofourown.org/works/0123/', { storyId: '123', chapterId: null }],
    ['http://archiveofourown.org/collections/fest_2024/works/77', { storyId: '77', chapterId: null }],
    ['https://archiveofourown.org/collections/fest_2024/works/77/chapters/88', { storyId: '77', chapterId: '88' }],
  ])('%s', (url, want) => expect(parseAo3Url(url)).toEqual(want));

  it.each([
    'https://archiveofourown.org/works',
    'https://archiveofourown.org/works/123/navigate',
    'https://archiveofourown.org/works/123/bookmarks',
    'https://archiveofourown.org/users/someone/works',
    'https://archiveofourown.org/tags/Fluff/works',
    'https://example.com/works/123',
    'https://archiveofourown.org.evil.test/works/123',
    'not a url',
  ])('rejects %s', (url) => expect(parseAo3Url(url)).toBeNull());

  it('claims its example URLs through the registry', () => {
    for (const u of ao3.exampleUrls) expect(adapterFor(u)?.id, u).toBe('ao3');
  });
});

describe('extract', () => {
  it('reads a middle chapter: notes around the body, summary apart, landmark heading dropped', () => {
    const ch = chapter('ao3-chapter-middle');
    expect(ch).toMatchObject({ chapterId: '131377520', url: 'https://archiveofourown.org/works/51842093/chapters/131377520', words: 19874, status: 'complete' });
    expect(ch.storyUrl).toBe('https://archiveofourown.org/works/51842093');
    expect(ch.summary).toBe('Katara goes to market. Zuko tries very hard to haggle, and fails.');
    expect(ch.tags).toContain('Avatar: The Last Airbender');
    const kinds = ch.blocks.map((b) => b.kind);
    expect(kinds.slice(0, 2)).toEqual(['note', 'note']);
    expect(kinds.slice(-2)).toEqual(['note', 'note']);
    expect(ch.blocks.filter((b) => b.kind === 'story')).toHaveLength(14);
    expect(ch.blocks.filter((b) => b.kind === 'separator')).toHaveLength(1);
    expect(ch.blocks[0]).toMatchObject({ source: 'structured', noteWhere: 'before', label: 'Chapter notes', confidence: 1 });
    expect(ch.blocks.at(-1)).toMatchObject({ source: 'structured', noteWhere: 'after', label: 'End notes' });
    expect(ch.blocks.filter((b) => b.kind !== 'note').every((b) => b.source === 'body')).toBe(true);
    expect(ch.blocks.some((b) => b.text.includes('Chapter Text'))).toBe(false);
  });

  it('reads a one-shot: chapter id 1, work notes and work end notes', () => {
    const ch = chapter('ao3-oneshot');
    expect(ch).toMatchObject({ chapterId: '1', chapterIndex: 1, chapterCount: 1, url: 'https://archiveofourown.org/works/49066311' });
    expect(ch.blocks[0].label).toBe('Work notes');
    expect(ch.blocks.at(-1)).toMatchObject({ label: 'Work end notes', noteWhere: 'after' });
    expect(ch.summary).toMatch(/^Twenty-eight days/);
  });

  it('reads the entire-work view: every chapter with its notes under a heading', () => {
    const ch = chapter('ao3-entire-work');
    expect(ch).toMatchObject({ chapterId: 'full', chapterIndex: null, chapterTitle: null, chapterCount: 3, prevUrl: null, nextUrl: null });
    expect(ch.url).toBe('https://archiveofourown.org/works/60112233?view_full_work=true');
    const headings = ch.blocks.filter((b) => b.html.startsWith('<h2'));
    expect(headings.map((b) => b.text)).toEqual([
      "Chapter 1: The Lighthouse Keeper's Ledger",
      'Chapter 2: Fog Signals',
      'Chapter 3',
    ]);
    expect(headings.every((b) => b.kind === 'separator' && b.source === 'structured')).toBe(true);
    const labels = ch.blocks.filter((b) => b.kind === 'note').map((b) => b.label);
    expect(labels).toEqual(['Work notes', 'Chapter notes', 'Chapter notes', 'End notes', 'Work end notes']);
    // chapter 2's notes sit between its heading and its text
    const i2 = ch.blocks.findIndex((b) => b.text === 'Chapter 2: Fog Signals');
    expect(ch.blocks[i2 + 1].text).toMatch(/^This one is short/);
    expect(ch.summary).toMatch(/^A lighthouse/);
    expect(ch.blocks.filter((b) => b.kind === 'story')).toHaveLength(9);
  });

  it('reads a first chapter with two authors and work notes before chapter notes', () => {
    const ch = chapter('ao3-first-chapter');
    expect(ch.author).toBe('cobalt_kettle, brambleowl');
    expect(ch.status).toBe('in-progress');
    expect(ch.blocks.filter((b) => b.kind === 'note').map((b) => b.label)).toEqual(['Work notes', 'Work notes', 'Chapter notes']);
    expect(ch.summary).toBe('An airport, a storm, and a very long night.\n\nTwo strangers, one delayed flight.');
  });

  it('reads a last chapter in a collection URL: prev only, end notes then work end notes', () => {
    const ch = chapter('ao3-last-chapter');
    expect(ch).toMatchObject({ storyId: '55510987', chapterIndex: 3, chapterCount: 3, nextUrl: null, chapterId: '141000033' });
    expect(ch.url).toBe('https://archiveofourown.org/works/55510987/chapters/141000033');
    expect(ch.blocks.slice(-2).map((b) => b.label)).toEqual(['End notes', 'Work end notes']);
  });

  it('reads an anonymous work in progress: author null, count null for "2/?"', () => {
    const ch = chapter('ao3-anonymous-wip');
    expect(ch).toMatchObject({ author: null, chapterCount: null, chapterIndex: 2, chapterTitle: null, status: 'in-progress' });
  });

  it('reports the adult-content interstitial with the site\'s own continue link', () => {
    const r = run('ao3-adult-interstitial');
    expect(r).toEqual({
      error: expect.stringContaining('adult'),
      site: 'ao3',
      kind: 'adult-warning',
      continueUrl: 'https://archiveofourown.org/works/59990001/chapters/150500002?view_adult=true',
    });
  });

  it('reports a changed layout naming the field and selector', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(inline('<div id="main"><div id="workskin"><div class="preface group"><h2 class="title heading">T</h2></div></div></div>')).toMatchObject({
      kind: 'layout-changed',
      field: 'chapter text',
      selector: '#chapters',
    });
    expect(
      inline('<div id="workskin"><div id="chapters"><div class="chapter" id="chapter-1"><div class="userstuff module"><p>x</p></div></div></div></div>'),
    ).toMatchObject({ kind: 'layout-changed', field: 'title' });
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('takes the chapter title from the heading, without the "Chapter N:" link', () => {
    const ch = inline(
      '<div id="workskin"><div class="preface group"><h2 class="title heading">W</h2><h3 class="byline heading"><a rel="author" href="/users/a">a</a></h3></div>' +
        '<div id="chapters"><div class="chapter" id="chapter-4"><div class="chapter preface group"><h3 class="title"><a href="/works/1/chapters/2">Chapter 4</a>: Colon: Inside</h3></div>' +
        '<div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3>Loose line one<br><br>Loose line two</div></div></div></div>',
    ) as Chapter;
    expect(ch.chapterTitle).toBe('Colon: Inside');
    expect(ch.chapterIndex).toBe(4);
    expect(ch.chapterId).toBe('2');
    expect(ch.blocks.map((b) => b.text)).toEqual(['Loose line one', 'Loose line two']);
  });
});

describe('work card metadata', () => {
  it('reads rating, archive warnings, categories, tags, language, stats and dates from dl.work.meta', () => {
    const c = chapter('ao3-chapter-middle');
    expect(c.meta).toMatchObject({
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      categories: ['F/M'],
      fandoms: ['Avatar: The Last Airbender'],
      relationships: ['Katara/Zuko (Avatar)'],
      characters: ['Katara (Avatar)', 'Zuko (Avatar)', 'Sokka (Avatar)', 'Original Characters'],
      tags: ['Post-Canon', 'Slow Burn', 'Markets', 'Rain', 'Hurt/Comfort', 'Tea'],
      language: 'English',
      words: 19874,
      chaptersPosted: 4,
      chaptersTotal: 4,
      status: 'complete',
      published: Date.UTC(2024, 4, 2),
      updated: Date.UTC(2024, 5, 14),
      feedbackUrl: 'https://archiveofourown.org/works/51842093/chapters/131377520#feedback',
    });
    expect(c.siteUpdatedAt).toBe(Date.UTC(2024, 5, 14));
  });
  it('a work in progress: chapters 2/? read as 2 posted, total unknown', () => {
    const c = chapter('ao3-anonymous-wip');
    expect(c.meta?.chaptersTotal).toBeNull();
    expect(c.meta?.status).toBe('in-progress');
  });
});
