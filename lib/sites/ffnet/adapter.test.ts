import { afterAll, describe, expect, it, vi } from 'vitest';
import { ffnet, fictionpress, makeFfnAdapter, parseFfnMeta } from './adapter';
import { adapterFor } from '../registry';
import { isExtractError, type Chapter, type ExtractError, type SiteAdapter } from '../types';
import { loadPage } from '../../../tests/unit/sites/load-page';
import { pageExpected, pageHtml } from '../../../tests/site-fixtures';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

function run(name: string, adapter: SiteAdapter = ffnet): Chapter | ExtractError {
  const { url } = pageExpected(name);
  const { doc, close } = loadPage(pageHtml(name), url);
  closers.push(close);
  return adapter.extract(doc, url);
}
function chapter(name: string, adapter?: SiteAdapter): Chapter {
  const r = run(name, adapter);
  if (isExtractError(r)) throw new Error(r.error);
  return r;
}

describe('parseUrl', () => {
  it.each([
    ['https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice', { storyId: '14022518', chapterId: '3' }],
    ['https://www.fanfiction.net/s/14022518/3/', { storyId: '14022518', chapterId: '3' }],
    ['https://www.fanfiction.net/s/14022518', { storyId: '14022518', chapterId: '1' }],
    ['https://m.fanfiction.net/s/14022518/12/Slug?x=1#top', { storyId: '14022518', chapterId: '12' }],
    ['http://fanfiction.net/s/9/2', { storyId: '9', chapterId: '2' }],
  ])('ffnet %s', (url, want) => expect(ffnet.parseUrl(url)).toEqual(want));

  it.each([
    ['https://www.fictionpress.com/s/3411982/1/The-Ferryman', { storyId: '3411982', chapterId: '1' }],
    ['https://m.fictionpress.com/s/3411982/4/', { storyId: '3411982', chapterId: '4' }],
  ])('fictionpress %s', (url, want) => expect(fictionpress.parseUrl(url)).toEqual(want));

  it.each([
    'https://www.fanfiction.net/u/10422871/QuillAndCompass',
    'https://www.fanfiction.net/book/Harry-Potter/',
    'https://www.fanfiction.net/r/14022518/',
    'https://www.fictionpress.com/s/3411982/1/x',
    'https://www.fanfiction.net.evil.test/s/1/1/',
  ])('ffnet rejects %s', (url) => expect(ffnet.parseUrl(url)).toBeNull());

  it('registry picks the right adapter for each host', () => {
    for (const u of ffnet.exampleUrls) expect(adapterFor(u)?.id, u).toBe('ffnet');
    for (const u of fictionpress.exampleUrls) expect(adapterFor(u)?.id, u).toBe('fictionpress');
  });

  it('the factory makes adapters for another domain of the same engine', () => {
    const a = makeFfnAdapter({ id: 'x', name: 'X', domain: 'example.org' });
    expect(a.matches).toContain('*://m.example.org/s/*');
    expect(a.parseUrl('https://www.example.org/s/5/2/')).toEqual({ storyId: '5', chapterId: '2' });
  });
});

describe('parseFfnMeta', () => {
  it('reads words, chapters, status and the xutime dates', () => {
    const d = document.createElement('span');
    d.innerHTML =
      'Rated: <a>Fiction  T</a> - English - Adventure - Chapters: 7 - Words: 38,412 - Reviews: <a>214</a> - Updated: <span data-xutime="1719792000">7/1</span> - Published: <span data-xutime="1709251200">3/1/2024</span> - Status: Complete - id: 1';
    expect(parseFfnMeta(d.textContent ?? '', d)).toEqual({
      words: 38412,
      chapters: 7,
      complete: true,
      updated: 1719792000000,
      published: 1709251200000,
      rating: 'T',
      language: 'English',
      genres: ['Adventure'],
      characters: [],
    });
  });
  it('reads genres (Hurt/Comfort is one) and characters for the work card', () => {
    const m = parseFfnMeta(
      'Rated: Fiction T - English - Romance/Hurt/Comfort - [Harry P., Draco M.] Hermione G. - Chapters: 12 - Words: 45,000 - Status: Complete - id: 9',
    );
    expect(m.genres).toEqual(['Romance', 'Hurt/Comfort']);
    expect(m.characters).toEqual(['Harry P.', 'Draco M.', 'Hermione G.']);
    expect(m).toMatchObject({ rating: 'T', words: 45000, chapters: 12, complete: true });
    expect(parseFfnMeta('Rated: K - English - Harry P. - Words: 900 - id: 3')).toMatchObject({ genres: [], characters: ['Harry P.'] });
  });
  it('reads the two-digit years of old layouts, and no exact count from the mobile "234k+"', () => {
    const m = parseFfnMeta('Rated: M - English - Drama - Reviews: 1,474 - Updated: 09-20-09 - Published: 02-08-06 - id:2790804');
    expect(m.updated).toBe(Date.UTC(2009, 8, 20));
    expect(m.published).toBe(Date.UTC(2006, 1, 8));
    expect(parseFfnMeta('Rated: M, English, Words: 234k+, Favs: 13k+').words).toBeNull();
  });
  it('reads a one-chapter line without Updated or Chapters, from text alone', () => {
    const m = parseFfnMeta('Rated: Fiction K+ - Spanish - General - Words: 1,690 - Published: 8/1/2024 - id: 3');
    expect(m).toMatchObject({ words: 1690, chapters: null, complete: false, updated: null, rating: 'K+', language: 'Spanish' });
    expect(m.published).toBe(Date.UTC(2024, 7, 1));
  });
});

describe('extract', () => {
  it('reads a middle chapter: title from the select, prev/next from the buttons, body blocks for the detector', () => {
    const ch = chapter('ffnet-chapter-middle');
    expect(ch).toMatchObject({ chapterId: '3', chapterIndex: 3, chapterCount: 7, chapterTitle: 'Ink and Iron', words: 38412, status: 'in-progress' });
    expect(ch.url).toBe('https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice');
    expect(ch.summary).toMatch(/^Third year\./);
    expect(ch.tags).toEqual(['Harry Potter']);
    expect(ch.blocks.every((b) => b.source === 'body')).toBe(true);
    expect(ch.blocks.filter((b) => b.kind === 'separator')).toHaveLength(3);
    expect(ch.blocks.filter((b) => b.kind === 'story')).toHaveLength(17); // 14 story + 3 note paragraphs, decided later
  });

  it('reads a first chapter: no prev, drops &nbsp; paragraphs, symbol lines are separators', () => {
    const ch = chapter('ffnet-first-chapter');
    expect(ch).toMatchObject({ chapterIndex: 1, prevUrl: null, chapterTitle: 'Sunday Kettle' });
    expect(ch.nextUrl).toBe('https://www.fanfiction.net/s/14100777/2/Tea-at-the-Burrow');
    expect(ch.blocks.map((b) => b.kind)).toEqual(['story', 'story', 'separator', 'story', 'story', 'separator', 'story', 'story', 'story']);
  });

  it('reads a last chapter: complete, no next', () => {
    const ch = chapter('ffnet-last-chapter');
    expect(ch).toMatchObject({ chapterIndex: 12, chapterCount: 12, chapterTitle: 'Home', nextUrl: null, status: 'complete' });
  });

  it('reads a one-shot without a chapter select', () => {
    const ch = chapter('fictionpress-oneshot', fictionpress);
    expect(ch).toMatchObject({ site: 'fictionpress', chapterIndex: 1, chapterCount: 1, chapterTitle: null, prevUrl: null, nextUrl: null, status: 'complete' });
    expect(ch.storyUrl).toMatch(/^https:\/\/www\.fictionpress\.com\/s\/3411982\//);
  });

  it('reads the mobile page: "Ch N of M", plain prev/next links, title line', () => {
    const ch = chapter('ffnet-mobile');
    expect(ch).toMatchObject({ title: 'Lantern Hours', author: 'PaperCraneInk', chapterIndex: 2, chapterCount: 4, chapterTitle: 'Night Market' });
    expect(ch.prevUrl).toBe('https://m.fanfiction.net/s/13877001/1/Lantern-Hours');
    expect(ch.url).toBe('https://www.fanfiction.net/s/13877001/2/Lantern-Hours');
  });

  it('reports a changed layout when #storytext is gone', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(run('ffnet-layout-changed')).toMatchObject({ site: 'ffnet', kind: 'layout-changed', field: 'chapter text', selector: '#storytext' });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reports a story-not-found page as not found', () => {
    const url = 'https://www.fanfiction.net/s/1/1/';
    const { doc, close } = loadPage('<html><body><div id="content_wrapper_inner"><span class="gui_warning">Story Not Found<br>Unable to locate story. Code 1.</span></div></body></html>', url);
    closers.push(close);
    expect(ffnet.extract(doc, url)).toMatchObject({ site: 'ffnet', kind: 'not-found' });
  });

  it('reads the mobile layout: "Ch N of M" below the story, the bare title line, Prev not First', () => {
    const url = 'https://m.fanfiction.net/s/77/5/';
    const { doc, close } = loadPage(
      '<html><body><div id="content"><div align="center"><b>Story</b> by <a href="/u/9/">Writer</a></div><hr>' +
        'Rated: T, English, Words: 12k+, Published: <span data-xutime="1">x</span><hr><span class="pull-right"><a href="/r/77/">3</a></span> Chapter 5: The Fifth Part<br></div>' +
        '<div role="main"><div class="storycontent" id="storycontent"><p>One paragraph.</p><p>Another.</p></div></div><hr>' +
        '<div align="center"><a href="/s/77/1/">« First</a> <a href="/s/77/4/">« Prev</a>&nbsp;Ch 5 of <a href="/s/77/9/">9</a>&nbsp;<a href="/s/77/6/">Next »</a></div></body></html>',
      url,
    );
    closers.push(close);
    const ch = ffnet.extract(doc, url) as Chapter;
    expect(ch).toMatchObject({ title: 'Story', author: 'Writer', chapterIndex: 5, chapterCount: 9, chapterTitle: 'The Fifth Part', words: null });
    expect(ch.prevUrl).toBe('https://m.fanfiction.net/s/77/4/');
    expect(ch.nextUrl).toBe('https://m.fanfiction.net/s/77/6/');
  });

  it('reads the layouts before chap_select had an id: select[name=chapter], <input type=button> prev/next', () => {
    const url = 'https://www.fanfiction.net/s/88/2/Old';
    const { doc, close } = loadPage(
      '<html><body><div id="content"><b>Old Story</b> <a href="/u/5/w">w</a>' +
        '<input type="BUTTON" value=" &lt; Prev " onclick="self.location=\'/s/88/1/Old\'">' +
        '<select title="chapter navigation" name="chapter"><option value="1">1. Chapter 1<option value="2" selected>2. 2:Second Thoughts<option value="3">3. Chapter 3</select>' +
        '<input type="BUTTON" value="&nbsp;Next &gt;&nbsp;" onclick="self.location=\'/s/88/3/Old\'">' +
        ' Rated: K - English - Updated: 09-20-09 - Published: 02-08-06 - id:88 ' +
        '<div id="storytext" class="storytext"><p>Text here.</p></div></div></body></html>',
      url,
    );
    closers.push(close);
    const ch = ffnet.extract(doc, url) as Chapter;
    // "2:Second Thoughts": the author's repeat of the chapter's number goes, the title stays.
    expect(ch).toMatchObject({ chapterIndex: 2, chapterCount: 3, chapterTitle: 'Second Thoughts' });
    expect(ch.prevUrl).toBe('https://www.fanfiction.net/s/88/1/Old');
    expect(ch.nextUrl).toBe('https://www.fanfiction.net/s/88/3/Old');
  });

  it('names the bot check and "Retry later" instead of blaming the layout', () => {
    const url = 'https://m.fanfiction.net/s/1/2';
    const cf = loadPage('<html><head><title>Just a moment...</title></head><body><div class="cf-browser-verification"><h1>Checking your browser before accessing m.fanfiction.net.</h1></div></body></html>', url);
    const retry = loadPage('<html><body><pre>Retry later\n</pre></body></html>', url);
    closers.push(cf.close, retry.close);
    expect(ffnet.extract(cf.doc, url)).toMatchObject({ site: 'ffnet', kind: 'bot-check' });
    expect(ffnet.extract(retry.doc, url)).toMatchObject({ site: 'ffnet', kind: 'rate-limited' });
  });

  it('splits loose <br> text in the body into paragraphs', () => {
    const url = 'https://www.fanfiction.net/s/2/1/x';
    const { doc, close } = loadPage(
      '<html><body><div id="profile_top"><b class="xcontrast_txt">T</b> <a class="xcontrast_txt" href="/u/1/A">A</a><span class="xgray">Rated: K - English - Words: 10 - id: 2</span></div>' +
        '<div id="storytext">First.<br><br>Second, <i>italic</i>.<br><br>xXx<br><br>Third.</div></body></html>',
      url,
    );
    closers.push(close);
    const ch = ffnet.extract(doc, url) as Chapter;
    expect(ch.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['story', 'First.'],
      ['story', 'Second, italic.'],
      ['separator', 'xXx'],
      ['story', 'Third.'],
    ]);
    expect(ch.chapterCount).toBe(1);
  });
});
