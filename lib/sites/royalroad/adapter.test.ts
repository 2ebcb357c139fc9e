import { describe, expect, it } from 'vitest';
import { adapterFor } from '../registry';
import { hiddenClasses, royalroad } from './adapter';
import { isExtractError } from '../types';
import { chapter, fixture } from '../../../tests/unit/sites/load-page';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('Royal Road parseUrl', () => {
  it.each([
    ['https://www.royalroad.com/fiction/91734/the-lamplighters-ledger/chapter/1702220/chapter-4-below-the-gasworks', '91734', '1702220'],
    ['https://www.royalroad.com/fiction/91734/the-lamplighters-ledger/chapter/1702220/chapter-4-below-the-gasworks#comments', '91734', '1702220'],
    ['https://royalroad.com/fiction/91734/x/chapter/1702220/', '91734', '1702220'],
    ['https://www.royalroad.com/fiction/91734/the-lamplighters-ledger', '91734', null],
    ['https://www.royalroad.com/fiction/91734', '91734', null],
    ['https://www.royalroad.com/fiction/chapter/1702220', '', '1702220'],
  ])('%s', (url, storyId, chapterId) => {
    expect(royalroad.parseUrl(url)).toEqual({ storyId, chapterId });
    expect(adapterFor(url)).toBe(royalroad);
  });

  it.each([
    'https://www.royalroad.com/fictions/best-rated',
    'https://www.royalroad.com/profile/402917',
    'https://www.royalroad.com/fiction/syndication/91734',
    'https://www.royalroad.com.evil.example/fiction/91734/x',
    'https://www.royalroad.com/fiction/91734/x/reviews/extra/more',
  ])('rejects %s', (url) => {
    expect(royalroad.parseUrl(url)).toBeNull();
  });

  it('matches only Royal Road hosts', () => {
    for (const m of royalroad.matches) expect(m).toMatch(/^https:\/\/(www\.)?royalroad\.com\/fiction\/\*$/);
  });
});

describe('Royal Road anti-piracy classes', () => {
  it('reads hidden class names from the page styles, whatever their name', () => {
    const doc = parse(`<style>.a{color:red} .cnAbc, p.cnDef { display : none } .keep{display:block}
      /* .cnComment{display:none} */ @media screen { .cnGhi{speak:never} } .x .y{display:none}</style>`);
    expect([...hiddenClasses(doc)].sort()).toEqual(['cnAbc', 'cnDef', 'cnGhi']);
  });

  it('drops hidden paragraphs from body and notes, keeps the rest', () => {
    const doc = parse(`<style>.zzHidden{display:none}</style>
      <div class="fic-header"><h1>Ch</h1><h2><a href="/fiction/5/s">S</a></h2><h3><a href="/profile/1">A</a></h3></div>
      <div class="portlet author-note-portlet"><div class="portlet-body author-note"><p>Note</p><p class="zzHidden">stolen</p></div></div>
      <div class="chapter-inner chapter-content"><p>One</p><p class="zzHidden">stolen</p><span style="display: none">also</span><p>Two</p></div>`);
    const ch = chapter(royalroad.extract(doc, 'https://www.royalroad.com/fiction/5/s/chapter/9/c'));
    expect(ch.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['note', 'Note'],
      ['story', 'One'],
      ['story', 'Two'],
    ]);
    expect(ch.blocks[0]).toMatchObject({ source: 'structured', noteWhere: 'before' });
    expect(ch.chapterIndex).toBeNull();
  });
});

describe('Royal Road hidden lines inside paragraphs', () => {
  it('removes a hidden span nested in a visible paragraph', () => {
    const doc = parse(`<style>.cnQq{display:none}</style>
      <div class="fic-header"><h1>Ch</h1><h2><a href="/fiction/5/s">S</a></h2></div>
      <div class="chapter-inner chapter-content"><p>Kept <span class="cnQq">stolen words</span>text.</p></div>`);
    const ch = chapter(royalroad.extract(doc, 'https://www.royalroad.com/fiction/5/s/chapter/9/c'));
    expect(ch.blocks.map((b) => b.text)).toEqual(['Kept text.']);
    expect(ch.blocks[0].html).not.toContain('stolen');
    expect(ch.author).toBeNull();
  });
});

describe('Royal Road spoilers', () => {
  it('keeps a spoiler box\'s content, hidden inline until clicked, as story text', () => {
    // div.spoiler > .smalltext label + div.spoiler-inner style="display: none" (FanFicFare removes the
    // style in handle_spoilers; WebToEpub's RoyalRoadParser makes such divs visible).
    const doc = parse(`<style>.cnHid{display:none}</style>
      <div class="fic-header"><h1>Ch</h1><h2><a href="/fiction/5/s">S</a></h2></div>
      <div class="chapter-inner chapter-content"><p>Before.</p>
        <div class="spoiler"><div class="smalltext">Spoiler: Status</div><input type="button" value="Show">
          <div class="spoiler-inner" style="display: none"><p>Level 4 Lamplighter</p></div></div>
        <p class="cnHid">stolen</p><p style="display:none">hidden</p><p>After.</p></div>`);
    const ch = chapter(royalroad.extract(doc, 'https://www.royalroad.com/fiction/5/s/chapter/9/c'));
    const texts = ch.blocks.map((b) => b.text);
    expect(texts).toContain('Level 4 Lamplighter');
    expect(texts.join(' ')).not.toMatch(/stolen|hidden/);
    expect(texts[0]).toBe('Before.');
    expect(texts[texts.length - 1]).toBe('After.');
  });
});

describe('Royal Road extract', () => {
  it('reads the fiction id from the page on a short chapter URL', () => {
    const { doc } = fixture('royalroad-chapter');
    const ch = chapter(royalroad.extract(doc, 'https://www.royalroad.com/fiction/chapter/1702220'));
    expect(ch.storyId).toBe('91734');
    expect(ch.chapterId).toBe('1702220');
    expect(ch.chapterIndex).toBe(4);
    expect(ch.storyUrl).toBe('https://www.royalroad.com/fiction/91734/the-lamplighters-ledger');
  });

  it('puts notes before and after by position, structured', () => {
    const ch = chapter(royalroad.extract(fixture('royalroad-chapter').doc, fixture('royalroad-chapter').url));
    const notes = ch.blocks.filter((b) => b.kind === 'note');
    expect(notes.map((b) => b.noteWhere)).toEqual(['before', 'before', 'after']);
    expect(notes.every((b) => b.source === 'structured' && b.confidence === 1)).toBe(true);
    expect(ch.blocks[0].kind).toBe('note');
    expect(ch.blocks[ch.blocks.length - 1].kind).toBe('note');
  });

  it('falls back to the chapter list for neighbours when the buttons are disabled', () => {
    const { doc, url } = fixture('royalroad-chapter-first');
    const ch = chapter(royalroad.extract(doc, url));
    expect(ch.prevUrl).toBeNull();
    for (const b of Array.from(doc.querySelectorAll('.nav-buttons a'))) b.remove();
    const again = chapter(royalroad.extract(doc, url));
    expect(again.nextUrl).toBe('https://www.royalroad.com/fiction/60218/saltglass-and-cinder/chapter/2011377/1-furnace-light');
    expect(again.prevUrl).toBeNull();
  });

  it('fails loudly naming the body selector', () => {
    const { doc, url } = fixture('royalroad-layout-changed');
    expect(royalroad.extract(doc, url)).toMatchObject({ kind: 'layout-changed', field: 'chapter text', site: 'royalroad' });
  });

  it('says not-chapter on the fiction page', () => {
    const doc = parse('<div class="fic-header"><h1>The Lamplighter\'s Ledger</h1></div><table id="chapters"></table>');
    expect(royalroad.extract(doc, 'https://www.royalroad.com/fiction/91734/the-lamplighters-ledger')).toMatchObject({ kind: 'not-chapter' });
  });

  it('never throws on an empty document', () => {
    expect(isExtractError(royalroad.extract(parse(''), 'https://www.royalroad.com/fiction/1/x/chapter/2/y'))).toBe(true);
  });
});

describe('the site comments for the end of the chapter', () => {
  it('links the chapter page\'s own comments section', async () => {
    const { loadPage } = await import('../../../tests/unit/sites/load-page');
    const { royalroad } = await import('./adapter');
    const { pageExpected, pageHtml } = await import('../../../tests/site-fixtures');
    const { url } = pageExpected('royalroad-chapter');
    const { doc, close } = loadPage(pageHtml('royalroad-chapter'), url);
    const ch = royalroad.extract(doc, url) as import('../types').Chapter;
    expect(ch.meta?.feedbackUrl).toMatch(/^https:\/\/www\.royalroad\.com\/fiction\/.*#comments$/);
    expect(ch.meta?.feedbackLabel).toBe('Comments on Royal Road');
    await close();
  });
});
