import { describe, expect, it } from 'vitest';
import { adapterFor } from '../registry';
import { scribblehub } from './adapter';
import { isExtractError } from '../types';
import { chapter, fixture } from '../../../tests/unit/sites/load-page';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('Scribble Hub parseUrl', () => {
  it.each([
    ['https://www.scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455/', '1048822', '1190455'],
    ['https://www.scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455', '1048822', '1190455'],
    ['https://scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455/#comments', '1048822', '1190455'],
    ['https://www.scribblehub.com/read/1048822/chapter/1190455/', '1048822', '1190455'],
  ])('%s', (url, storyId, chapterId) => {
    expect(scribblehub.parseUrl(url)).toEqual({ storyId, chapterId });
    expect(adapterFor(url)).toBe(scribblehub);
  });

  it('accepts the series page as a story page, outside the chapter match patterns', () => {
    const url = 'https://www.scribblehub.com/series/1048822/dungeon-core-bakery/';
    expect(scribblehub.parseUrl(url)).toEqual({ storyId: '1048822', chapterId: null });
    expect(adapterFor(url)).toBeNull();
  });

  it.each([
    'https://www.scribblehub.com/series-ranking/',
    'https://www.scribblehub.com/profile/201877/crumb-warden/',
    'https://www.scribblehub.com/read/1048822-dungeon-core-bakery/',
    'https://scribblehub.com.evil.example/read/1-x/chapter/2/',
  ])('rejects %s', (url) => {
    expect(scribblehub.parseUrl(url)).toBeNull();
  });
});

describe('Scribble Hub extract', () => {
  it('keeps the news box out and places notes by position', () => {
    const ch = chapter(scribblehub.extract(fixture('scribblehub-chapter').doc, fixture('scribblehub-chapter').url));
    expect(ch.blocks.some((b) => b.text.includes('Patreon'))).toBe(false);
    expect(ch.blocks.filter((b) => b.kind === 'note').map((b) => b.noteWhere)).toEqual(['after', 'after']);
    expect(ch.storyUrl).toBe('https://www.scribblehub.com/series/1048822/dungeon-core-bakery/');
    const first = chapter(scribblehub.extract(fixture('scribblehub-chapter-first').doc, fixture('scribblehub-chapter-first').url));
    expect(first.blocks[0]).toMatchObject({ kind: 'note', noteWhere: 'before', source: 'structured' });
  });

  it('reads the by-line as the site writes it: story link first, then the author', () => {
    // Live chapter pages: <div class="chp_byauthor"><a href="/series/…">Story</a> by <a href="/profile/…">Author</a></div>
    const doc = parse(`<div class="chapter-title">Chapter 2 – Low Tide</div>
      <div class="chp_byauthor"><a href="https://www.scribblehub.com/series/5150/salt-and-static/">Salt and Static</a> by
      <a href="https://www.scribblehub.com/profile/77/tern/">Tern</a></div>
      <div id="chp_raw" class="chp_raw"><p>The tide went out and did not come back.</p></div>`);
    const ch = chapter(scribblehub.extract(doc, 'https://www.scribblehub.com/read/5150-salt-and-static/chapter/101/'));
    expect(ch.author).toBe('Tern');
    expect(ch.title).toBe('Salt and Static');
    expect(ch.storyUrl).toBe('https://www.scribblehub.com/series/5150/salt-and-static/');
    const last = chapter(scribblehub.extract(fixture('scribblehub-chapter-last').doc, fixture('scribblehub-chapter-last').url));
    expect(last.author).toBe('Pale Ferryman');
  });

  it('reads Modern Footnotes apart: the marker stays, the note follows the chapter', () => {
    // lightnovel-crawler's ScribbleHub source drops .modern-footnotes-footnote__note as clutter;
    // left inline, its text would interrupt the sentence.
    const doc = parse(`<div class="wi_breadcrumb chapter"><a href="https://www.scribblehub.com/series/5150/salt-and-static/">Salt and Static</a></div>
      <div class="chapter-title">Chapter 3</div>
      <div id="chp_raw" class="chp_raw"><p>The gauge read nine<sup class="modern-footnotes-footnote" data-mfn="1"><a href="javascript:void(0)" role="button">1</a></sup><span class="modern-footnotes-footnote__note" data-mfn="1">Nine is bad. Ten is worse.</span> and climbing.</p>
      <p>She tapped it twice.</p>
      <div class="wi_authornotes"><div class="wi_authornotes_body"><p>See you Thursday.</p></div></div></div>`);
    const ch = chapter(scribblehub.extract(doc, 'https://www.scribblehub.com/read/5150-salt-and-static/chapter/103/'));
    expect(ch.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['story', 'The gauge read nine1 and climbing.'],
      ['story', 'She tapped it twice.'],
      ['note', '1. Nine is bad. Ten is worse.'],
      ['note', 'See you Thursday.'],
    ]);
    expect(ch.blocks[2]).toMatchObject({ noteWhere: 'after', label: 'Footnotes', source: 'structured' });
  });

  it('treats a disabled previous/next button as none', () => {
    const ch = chapter(scribblehub.extract(fixture('scribblehub-chapter-last').doc, fixture('scribblehub-chapter-last').url));
    expect(ch.nextUrl).toBeNull();
    expect(ch.prevUrl).toBe('https://www.scribblehub.com/read/1120475-the-lighthouse-lich/chapter/1293318/');
  });

  it('fails loudly naming the body selector', () => {
    const { doc, url } = fixture('scribblehub-layout-changed');
    expect(scribblehub.extract(doc, url)).toMatchObject({ kind: 'layout-changed', field: 'chapter text', site: 'scribblehub' });
  });

  it('never throws on an empty document', () => {
    expect(isExtractError(scribblehub.extract(parse(''), 'https://www.scribblehub.com/read/1-x/chapter/2/'))).toBe(true);
  });
});
