import { describe, expect, it } from 'vitest';
import { adapterFor } from '../registry';
import { isExtractError } from '../types';
import { wattpad } from './adapter';
import { chapter, fixture } from '../../../tests/unit/sites/load-page';
import { workFacts } from '../../reader/work';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('Wattpad parseUrl', () => {
  it.each([
    ['https://www.wattpad.com/1391907352-letters-to-the-lighthouse-four-postmarked-nowhere', '', '1391907352'],
    ['https://www.wattpad.com/1391907352-letters-to-the-lighthouse-four-postmarked-nowhere/page/2', '', '1391907352'],
    ['https://www.wattpad.com/1391907352', '', '1391907352'],
    ['https://wattpad.com/1391907352-x#comments', '', '1391907352'],
    ['https://www.wattpad.com/story/312774021-letters-to-the-lighthouse', '312774021', null],
  ])('%s', (url, storyId, chapterId) => {
    expect(wattpad.parseUrl(url)).toEqual({ storyId, chapterId });
    expect(adapterFor(url)).toBe(wattpad);
  });

  it.each([
    'https://www.wattpad.com/home',
    'https://www.wattpad.com/user/saltwaterpages',
    'https://www.wattpad.com/stories/romance',
    'https://www.wattpad.com/list/12345-reading-list',
    'https://www.wattpad.com/',
    'https://wattpad.com.evil.example/1391907352-x',
  ])('rejects %s', (url) => {
    expect(wattpad.parseUrl(url)).toBeNull();
    expect(adapterFor(url)).toBeNull();
  });
});

describe('Wattpad extract', () => {
  it('joins all pages in page order and drops repeated paragraphs', () => {
    const doc = parse(`<div class="story-info"><a class="title" href="/story/9-s">S</a><span class="author"><a href="/user/u">u</a></span></div>
      <header class="part-header"><h1>p</h1></header>
      <div data-page-number="2"><p data-p-id="c">three</p><p data-p-id="d">four <span class="num-comment">12</span></p></div>
      <div data-page-number="1"><p data-p-id="a">one</p><p data-p-id="b">two</p><p data-p-id="c">three</p></div>`);
    const ch = chapter(wattpad.extract(doc, 'https://www.wattpad.com/77-s-p/page/2'));
    expect(ch.blocks.map((b) => b.text)).toEqual(['one', 'two', 'three', 'four']);
    expect(ch.url).toBe('https://www.wattpad.com/77-s-p');
    expect(ch.storyId).toBe('9');
    expect(ch.chapterIndex).toBeNull();
  });

  it('reads the story title from the screen-reader label and the part title from h1.h2 outside a header', () => {
    // As WebToEpub's WattpadParser reads them: div.story-info span.sr-only, h1.h2.
    const doc = parse(`<div class="story-info"><span class="sr-only">Harbour Songs</span>
        <a href="/story/4455-harbour-songs" class="cover"><img src="https://img.wattpad.com/cover/4455.jpg" alt=""></a>
        <span class="author">by <a href="/user/gullwing">gullwing</a></span></div>
      <div class="part-title-wrap"><h1 class="h2">the quay at dawn</h1></div>
      <div data-page-number="1"><pre><p data-p-id="a1">Fog lay on the water.</p></pre></div>`);
    const ch = chapter(wattpad.extract(doc, 'https://www.wattpad.com/8899-harbour-songs-the-quay-at-dawn'));
    expect(ch.title).toBe('Harbour Songs');
    expect(ch.storyId).toBe('4455');
    expect(ch.chapterTitle).toBe('the quay at dawn');
    expect(ch.author).toBe('gullwing');
  });

  it('reads a part whose class names are generated: paragraphs by data-p-id, the rest from window.prefetched', () => {
    // Wattpad's class names are hashed (QuickNovel issue #289); the part metadata script and
    // p[data-p-id] are what class-free tools read (WebToEpub WattpadParser, lightnovel-crawler).
    const meta = {
      'part.7002.metadata': {
        data: {
          id: 7002,
          title: 'two - the ferry',
          group: {
            id: 6100,
            title: 'Harbour Songs',
            user: { name: 'gullwing', username: 'gullwing' },
            parts: [
              { id: 7001, title: 'one - fog', url: 'https://www.wattpad.com/7001-harbour-songs-one-fog' },
              { id: 7002, title: 'two - the ferry', url: 'https://www.wattpad.com/7002-harbour-songs-two-the-ferry' },
              { id: 7003, title: 'three - draft', draft: true },
              { id: 7004, title: 'four - the lamp', url: 'https://evil.example/7004' },
            ],
          },
        },
      },
    };
    const doc = parse(`<script>window.prefetched = ${JSON.stringify(meta)}; window.afterwards = { "x": "}" };</script>
      <div class="_x9f2a"><span class="_q1w2e">two - the ferry</span></div>
      <div class="_k3j4h"><p data-p-id="f1">The ferry left at six.</p><p data-p-id="f2">Nobody waved. <button class="_c0m">3</button></p></div>`);
    const ch = chapter(wattpad.extract(doc, 'https://www.wattpad.com/7002-harbour-songs-two-the-ferry'));
    expect(ch).toMatchObject({
      storyId: '6100',
      title: 'Harbour Songs',
      author: 'gullwing',
      chapterTitle: 'two - the ferry',
      chapterIndex: 2,
      chapterCount: 3,
      prevUrl: 'https://www.wattpad.com/7001-harbour-songs-one-fog',
      nextUrl: 'https://www.wattpad.com/7004',
      storyUrl: 'https://www.wattpad.com/story/6100',
    });
    expect(ch.blocks.map((b) => b.text)).toEqual(['The ferry left at six.', 'Nobody waved.']);
  });

  it("puts the story object's status, mature flag, tags and language on the work card, and only values of the right type", () => {
    const page = (group: Record<string, unknown>) =>
      parse(`<script>window.prefetched = ${JSON.stringify({ 'part.7002.metadata': { data: { id: 7002, title: 'two', group: { id: 6100, title: 'Harbour Songs', ...group } } } })};</script>
        <h1 class="h2">two</h1><div data-page-number="1"><p data-p-id="a">The ferry left at six.</p></div>`);
    const url = 'https://www.wattpad.com/7002-harbour-songs-two';
    const full = chapter(wattpad.extract(page({ completed: true, mature: true, tags: ['romance', 'sea', 'romance', 42], language: { id: 1, name: 'English' } }), url));
    expect(full.status).toBe('complete');
    expect(full.meta).toMatchObject({ status: 'complete', rating: 'Mature', tags: ['romance', 'sea'], language: 'English' });
    expect(workFacts(full)?.always).toContainEqual(['Rating', 'rating', 'Mature']);
    expect(workFacts(full)?.tags).toEqual([['Tags', 'tags', 'romance, sea']]);

    const wip = chapter(wattpad.extract(page({ completed: false, mature: false }), url));
    expect(wip.status).toBe('in-progress');
    expect(wip.meta?.rating).toBeUndefined();

    const hostile = chapter(wattpad.extract(page({ completed: 'yes', mature: 'true', tags: 'a,b', language: { name: 7 } }), url));
    expect(hostile.status).toBeNull();
    expect(hostile.meta).toBeUndefined();
  });

  it('reads story id, position and neighbours from the table of contents', () => {
    const ch = chapter(wattpad.extract(fixture('wattpad-part-first').doc, fixture('wattpad-part-first').url));
    expect(ch.storyId).toBe('355018842');
    expect(ch.chapterId).toBe('1422090113');
    expect(ch.storyUrl).toBe('https://www.wattpad.com/story/355018842-the-orchard-keepers');
    expect(ch.blocks.filter((b) => b.text.startsWith('Their youngest brother'))).toHaveLength(1);
  });

  it('fails loudly naming the paragraph selector', () => {
    const { doc, url } = fixture('wattpad-layout-changed');
    expect(wattpad.extract(doc, url)).toMatchObject({ kind: 'layout-changed', field: 'paragraphs', site: 'wattpad' });
  });

  it('says not-chapter on the story page', () => {
    expect(wattpad.extract(parse('<h1>S</h1>'), 'https://www.wattpad.com/story/312774021-x')).toMatchObject({ kind: 'not-chapter' });
  });

  it('never throws on an empty document', () => {
    expect(isExtractError(wattpad.extract(parse(''), 'https://www.wattpad.com/1-x'))).toBe(true);
  });
});
