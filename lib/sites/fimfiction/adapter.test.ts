import { describe, expect, it } from 'vitest';
import { fimfiction } from './adapter';
import { adapterFor } from '../registry';
import { isExtractError } from '../types';
import { chapter, fixture } from '../../../tests/unit/sites/load-page';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('Fimfiction parseUrl', () => {
  it.each([
    ['https://www.fimfiction.net/story/551208/2/the-clockmakers-promise/gears-and-gossip', '551208', '2'],
    ['https://www.fimfiction.net/story/551208/2/the-clockmakers-promise/gears-and-gossip#chapter', '551208', '2'],
    ['https://fimfiction.net/story/551208/12/the-clockmakers-promise', '551208', '12'],
    ['https://www.fimfiction.net/story/551208/the-clockmakers-promise', '551208', null],
    ['https://www.fimfiction.net/story/551208/1984-redux', '551208', null],
    ['https://www.fimfiction.net/story/551208', '551208', null],
  ])('%s', (url, storyId, chapterId) => {
    expect(fimfiction.parseUrl(url)).toEqual({ storyId, chapterId });
    expect(adapterFor(url)).toBe(fimfiction);
  });

  it.each([
    'https://www.fimfiction.net/stories',
    'https://www.fimfiction.net/user/310442/Tock+Tinker',
    'https://www.fimfiction.net/blog/1234/x',
    'https://fimfiction.net.evil.example/story/1/2/x/y',
  ])('rejects %s', (url) => {
    expect(fimfiction.parseUrl(url)).toBeNull();
  });
});

describe('Fimfiction extract', () => {
  it('puts author notes before/after by document order and keeps their header out', () => {
    const ch = chapter(fimfiction.extract(fixture('fimfiction-chapter').doc, fixture('fimfiction-chapter').url));
    const notes = ch.blocks.filter((b) => b.kind === 'note');
    expect(notes.map((b) => b.noteWhere)).toEqual(['before', 'after', 'after']);
    expect(notes.every((b) => b.source === 'structured' && !b.text.includes("Author's Note:"))).toBe(true);
    expect(ch.storyUrl).toBe('https://www.fimfiction.net/story/551208/the-clockmakers-promise');
    expect(ch.chapterId).toBe('2');
  });

  it('uses the chapter list when the footer links are missing', () => {
    const { doc, url } = fixture('fimfiction-chapter');
    doc.querySelector('.chapter-footer')?.remove();
    const ch = chapter(fimfiction.extract(doc, url));
    expect(ch.prevUrl).toBe('https://www.fimfiction.net/story/551208/1/the-clockmakers-promise/midnight-and-then-nothing');
    expect(ch.nextUrl).toBe('https://www.fimfiction.net/story/551208/3/the-clockmakers-promise/the-winding-key');
  });

  it('keeps the floated date and word count out of the chapter title, and finds the author in the info box', () => {
    // WebToEpub's FimfictionParser strips h1.chapter-title div[style='float:right'];
    // FanFicFare and WebToEpub read the author from div.info-container a.
    const doc = parse(`<div class="story_content_box"><a class="story_name" href="/story/9001/lanterns">Lanterns</a>
        <div class="info-container"><a href="/user/515/Wick+Trimmer">Wick Trimmer</a></div></div>
      <h1 class="chapter-title"><div style="float:right">2,044 words &middot; 14th Feb 2022</div>The Long Wick</h1>
      <div id="chapter-body" class="chapter-body bbcode"><p>The lamps were lit at dusk.</p></div>
      <div class="comment"><div class="author"><a href="/user/1/Someone+Else">Someone Else</a></div></div>`);
    const ch = chapter(fimfiction.extract(doc, 'https://www.fimfiction.net/story/9001/3/lanterns/the-long-wick'));
    expect(ch.chapterTitle).toBe('The Long Wick');
    expect(ch.author).toBe('Wick Trimmer');
  });

  it('fails loudly naming the body selector', () => {
    const { doc, url } = fixture('fimfiction-layout-changed');
    expect(fimfiction.extract(doc, url)).toMatchObject({ kind: 'layout-changed', field: 'chapter text', site: 'fimfiction' });
  });

  it('says not-chapter on the story page', () => {
    const doc = parse('<h1>Story</h1><ul class="chapters"><li><a href="/story/1/1/s/c">C</a></li></ul>');
    expect(fimfiction.extract(doc, 'https://www.fimfiction.net/story/1/s')).toMatchObject({ kind: 'not-chapter' });
  });

  it('never throws on an empty document', () => {
    expect(isExtractError(fimfiction.extract(parse(''), 'https://www.fimfiction.net/story/1/2/s/c'))).toBe(true);
  });
});
