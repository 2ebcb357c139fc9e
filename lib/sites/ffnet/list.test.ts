/**
 * FanFiction.Net / FictionPress list adapter: which pages are lists, the grey meta line, and the
 * real chapter pages in ../shared/real-pages (read at run time) that must never be read as lists.
 * The list fixtures (lib/sites/ffnet/list-fixtures) are read by lib/sites/lists.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagesClosedAfterAll } from '../../../tests/unit/sites/load-page';
import { ffnListKind, parseMeta, readFfnList } from './list';

const page = pagesClosedAfterAll();

describe('ffnListKind', () => {
  it.each([
    ['https://www.fanfiction.net/book/Harry-Potter/', 'works-list'],
    ['https://www.fanfiction.net/Harry-Potter-and-Naruto-Crossovers/224/1402/', 'works-list'],
    ['https://www.fanfiction.net/community/Some-Community/12345/', 'works-list'],
    ['https://www.fanfiction.net/search/?keywords=x&ready=1&type=story', 'works-list'],
    ['https://m.fanfiction.net/u/123/someone', 'author'],
    ['https://www.fanfiction.net/alert/story.php?p=2', 'own-follows'],
    ['https://www.fanfiction.net/favorites/story.php', 'own-favourites'],
    ['https://www.fictionpress.com/fiction/Romance/', 'works-list'],
    ['https://www.fictionpress.com/alert/story.php', 'own-follows'],
    ['https://www.fanfiction.net/s/123/1/Title', null],
    ['https://www.fanfiction.net/', null],
    ['https://www.fictionpress.com/book/Harry-Potter/', null],
    ['https://fanfiction.net.example.org/book/x/', null],
  ])('%s is %s', (url, kind) => {
    expect(ffnListKind(url)).toBe(kind);
  });
});

describe('parseMeta', () => {
  it('reads fandoms of a crossover, language, genres and characters, counts, dates', () => {
    const doc = page(
      '<div class="xgray">Crossover - Harry Potter &amp; Naruto - Rated: M - English - Drama/Hurt/Comfort - Chapters: 40 - Words: 210,000 - Reviews: 5,000 - Updated: <span data-xutime="1760000000">Oct 9</span> - Published: <span data-xutime="1600000000">Sep 13, 2020</span> - [Harry P., Sakura H.] - Complete</div>',
      'https://www.fanfiction.net/search/',
    );
    expect(parseMeta(doc.querySelector('.xgray'))).toEqual({
      fandoms: ['Harry Potter', 'Naruto'],
      crossover: true,
      language: 'English',
      tags: ['Drama', 'Hurt/Comfort', 'Harry P.', 'Sakura H.'],
      words: 210000,
      chapters: 40,
      complete: true,
      updated: 1760000000000,
    });
  });

  it('reads nothing from nothing', () => {
    expect(parseMeta(null)).toMatchObject({ fandoms: [], words: null, chapters: null, updated: null });
  });
});

describe('readFfnList', () => {
  it('refuses a bot check and a chapter page', () => {
    const check = page('<html><head><title>Just a moment...</title></head><body></body></html>', 'https://www.fanfiction.net/book/x/');
    expect(readFfnList(check, 'https://www.fanfiction.net/book/x/')).toMatchObject({ kind: 'blocked', site: 'ffnet' });
    const chapter = page('<div id="storytext">x</div>', 'https://www.fanfiction.net/s/1/1/');
    expect(readFfnList(chapter, 'https://www.fanfiction.net/s/1/1/')).toMatchObject({ kind: 'not-a-list' });
  });

  it('names a layout change when entries are there but unreadable', () => {
    const doc = page('<div id="content_wrapper_inner"><div class="z-list"><a class="stitle" href="/x">?</a></div></div>', 'https://www.fanfiction.net/book/x/');
    expect(readFfnList(doc, 'https://www.fanfiction.net/book/x/')).toMatchObject({ kind: 'layout-changed' });
  });

  it('keeps only next pages on the same site', () => {
    const doc = page(
      '<div id="content_wrapper_inner"><div class="z-list"><a class="stitle" href="/s/5/1/">A</a></div><center><a href="https://evil.example/p=2">Next &#187;</a></center></div>',
      'https://www.fanfiction.net/book/x/',
    );
    expect(readFfnList(doc, 'https://www.fanfiction.net/book/x/')).toMatchObject({ nextPage: null, stories: [{ storyId: '5' }] });
  });

  const REAL = join(process.env.CALM_REAL_PAGES ?? join(__dirname, '../../../../shared/real-pages'));
  // Parsed while the tests are collected: a real page in happy-dom can outlast a test's timeout on a busy machine.
  const realChapters = existsSync(REAL)
    ? [
        ['ffnet/mp-s-5853866-ch1.html', 'https://www.fanfiction.net/s/5853866/1/Counting'],
        ['fictionpress/llexical-s-3333108-ch1.html', 'https://www.fictionpress.com/s/3333108/1/'],
      ].map(([file, url]) => readFfnList(page(readFileSync(join(REAL, file), 'utf8'), url), url))
    : [];
  it.skipIf(!existsSync(REAL))('reads no list on the real chapter pages', () => {
    expect(realChapters.length).toBe(2);
    for (const r of realChapters) expect(r).toMatchObject({ kind: 'not-a-list' });
  });
});
