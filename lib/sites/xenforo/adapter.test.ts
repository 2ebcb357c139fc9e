import { describe, expect, it } from 'vitest';
import { adapterFor } from '../registry';
import { isExtractError, type ExtractError } from '../types';
import { decodeCfEmail, questionablequesting, spacebattles, sufficientvelocity } from './adapter';
import { chapter, fixture } from '../../../tests/unit/sites/load-page';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('XenForo parseUrl', () => {
  it.each([
    ['https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/reader/page-2#post-99801234', '1148221', '99801234'],
    ['https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/', '1148221', null],
    ['https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221', '1148221', null],
    ['https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99612008', '1148221', '99612008'],
    ['https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/page-21#post-99801234', '1148221', '99801234'],
    ['https://forums.spacebattles.com/threads/1148221/', '1148221', null],
    ['https://forums.spacebattles.com/threads/x.1148221/reader/?x=1#posts', '1148221', null],
    ['http://forums.spacebattles.com/threads/a.b.c.77/page-2', '77', null],
  ])('spacebattles %s', (url, storyId, chapterId) => {
    expect(spacebattles.parseUrl(url)).toEqual({ storyId, chapterId });
  });

  it.each([
    ['https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/reader/', sufficientvelocity.id, '130552'],
    ['https://forum.questionablequesting.com/threads/the-salt-road.21907/page-3#post-7730018', questionablequesting.id, '21907'],
    ['https://questionablequesting.com/threads/the-salt-road.21907/', questionablequesting.id, '21907'],
  ])('the forum of %s', (url, id, storyId) => {
    const a = adapterFor(url);
    expect(a?.id).toBe(id);
    expect(a?.parseUrl(url)?.storyId).toBe(storyId);
  });

  it.each([
    'https://forums.spacebattles.com/forums/creative-writing.18/',
    'https://forums.spacebattles.com/members/someone.402211/',
    'https://forums.spacebattles.com/posts/99801234/',
    'https://spacebattles.com.evil.example/threads/x.1/',
    'https://forums.sufficientvelocity.com/threads/',
    'ftp://forums.spacebattles.com/threads/x.1/',
    'not a url',
  ])('rejects %s', (url) => {
    for (const a of [spacebattles, sufficientvelocity, questionablequesting]) expect(a.parseUrl(url)).toBeNull();
  });

  it('keeps each forum to its own host', () => {
    expect(spacebattles.parseUrl('https://forums.sufficientvelocity.com/threads/x.1/')).toBeNull();
    for (const a of [spacebattles, sufficientvelocity, questionablequesting]) {
      for (const m of a.matches) expect(m).toMatch(/^https:\/\/[a-z.]+\/threads\/\*$/);
      for (const u of a.exampleUrls) expect(adapterFor(u)).toBe(a);
    }
  });
});

describe('XenForo extract', () => {
  it('takes the post the fragment points to, alone, with its threadmark navigation and position', () => {
    const { doc } = fixture('spacebattles-reader');
    const url = 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/reader/page-2#post-99955120';
    const ch = chapter(spacebattles.extract(doc, url));
    expect(ch.chapterId).toBe('99955120');
    expect(ch.chapterTitle).toBe('Chapter 12: Exposure');
    expect(ch.chapterIndex).toBe(12);
    expect(ch.chapterCount).toBe(13);
    expect(ch.url).toBe('https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99955120');
    expect(ch.storyUrl).toBe('https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/');
    expect(ch.nextUrl).toBe('https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-100102877');
    expect(ch.blocks.map((b) => b.text)).toEqual([
      'Ines developed her film in a bathroom with the window painted black, and Taylor stood in the doorway with a swarm of moths keeping watch on the stairwell below.',
      'The photographs came up slowly in the tray, grey shapes swimming into focus like fish rising to the surface.',
    ]);
    expect(ch.blocks.every((b) => b.source === 'body')).toBe(true);
  });

  it('strips the prefix label from the title', () => {
    const ch = chapter(spacebattles.extract(fixture('spacebattles-reader').doc, fixture('spacebattles-reader').url));
    expect(ch.title).toBe('Signal and Noise (Worm AU)');
  });

  it("puts the thread's tags on the work card, never a tag link quoted inside a post", () => {
    const f = fixture('spacebattles-reader');
    const post = f.doc.querySelector('article.message--post .bbWrapper')!;
    post.insertAdjacentHTML('beforeend', '<span class="js-tagList"><a class="tagItem" href="/tags/spoiler/">spoiler</a></span>');
    const ch = chapter(spacebattles.extract(f.doc, f.url));
    expect(ch.meta?.tags).toEqual(['au', 'worm', 'slice of life']);
    f.doc.querySelector('dl.tagList')!.remove();
    expect(chapter(spacebattles.extract(f.doc, f.url)).meta).toBeUndefined();
  });

  it('without a fragment, takes the first threadmarked post, never a reply or signature', () => {
    const { doc, url } = fixture('sufficientvelocity-thread-first');
    const ch = chapter(sufficientvelocity.extract(doc, url));
    expect(ch.chapterId).toBe('30411287');
    expect(ch.chapterIndex).toBeNull();
    const all = ch.blocks.map((b) => b.text).join('\n');
    expect(all).not.toContain('Check out my other fic');
    expect(all).not.toContain('Relatable content');
  });

  it('picks the pointed-to threadmark among other threadmarks and replies', () => {
    const { doc, url } = fixture('questionablequesting-thread-last');
    const ch = chapter(questionablequesting.extract(doc, url));
    expect(ch.chapterId).toBe('7730018');
    expect(ch.prevUrl).toBe('https://forum.questionablequesting.com/threads/the-salt-road.21907/post-7729500');
    expect(ch.nextUrl).toBeNull();
    expect(ch.blocks.some((b) => b.kind === 'separator')).toBe(true);
  });

  it('refuses a reply that is not threadmarked', () => {
    const { doc } = fixture('questionablequesting-thread-last');
    const r = questionablequesting.extract(doc, 'https://forum.questionablequesting.com/threads/the-salt-road.21907/page-3#post-7729990');
    expect(isExtractError(r) && r.kind).toBe('not-chapter');
  });

  it('reports a missing post by its id', () => {
    const { doc } = fixture('questionablequesting-thread-last');
    const r = questionablequesting.extract(doc, 'https://forum.questionablequesting.com/threads/the-salt-road.21907/page-3#post-1');
    expect(isExtractError(r) && r.kind).toBe('layout-changed');
  });

  it('fails loudly naming the post text selector when the body container is renamed', () => {
    const { doc, url } = fixture('spacebattles-layout-changed');
    const r = spacebattles.extract(doc, url);
    expect(isExtractError(r)).toBe(true);
    expect(r).toMatchObject({ kind: 'layout-changed', field: 'post text' });
    expect((r as ExtractError).selector).toContain('.bbWrapper');
  });

  it('never takes a signature as the body', () => {
    const doc = parse(`<h1 class="p-title-value">T</h1>
      <article class="message message--post hasThreadmark" data-content="post-5">
        <div class="message-cell--threadmark-header"><span class="threadmarkLabel">One</span></div>
        <div class="message-content"><aside class="message-signature"><div class="bbWrapper">sig</div></aside></div>
      </article>`);
    const r = spacebattles.extract(doc, 'https://forums.spacebattles.com/threads/t.1/');
    expect(r).toMatchObject({ kind: 'layout-changed', field: 'post text' });
  });

  it('says not-chapter on the threadmarks index and on a page without threadmarks', () => {
    const idx = parse('<h1 class="p-title-value">T</h1><div class="structItem">Chapter 1</div>');
    expect(spacebattles.extract(idx, 'https://forums.spacebattles.com/threads/t.1/threadmarks?threadmark_category=1')).toMatchObject({
      kind: 'not-chapter',
    });
    const plain = parse(`<h1 class="p-title-value">T</h1><article class="message message--post" data-content="post-9">
      <div class="message-body"><div class="bbWrapper">hello</div></div></article>`);
    expect(spacebattles.extract(plain, 'https://forums.spacebattles.com/threads/t.1/')).toMatchObject({ kind: 'not-chapter' });
  });

  it('never throws on an empty document', () => {
    expect(isExtractError(spacebattles.extract(parse(''), 'https://forums.spacebattles.com/threads/t.1/'))).toBe(true);
  });
});

describe('XenForo post text as the forums serve it', () => {
  // Markup modelled on live XenForo 2 posts: lazy-loaded images (placeholder src, real address in
  // data-src, or data-url on SV) followed by a <noscript> copy, quote blocks with expand/shrink
  // links, and Cloudflare's e-mail obfuscation.
  const post = (inner: string) =>
    parse(`<h1 class="p-title-value">Tidewater</h1>
      <article class="message message--post hasThreadmark" data-author="Gull" data-content="post-41">
        <div class="message-cell--threadmark-header"><span class="threadmarkLabel">Part 1</span></div>
        <div class="message-content"><article class="message-body js-selectToQuote"><div class="bbWrapper">${inner}</div></article></div>
      </article>`);
  const url = 'https://forums.spacebattles.com/threads/tidewater.77/post-41';

  it('gives lazy-loaded images their real address and drops the <noscript> copy', () => {
    const ch = chapter(
      spacebattles.extract(
        post(`The map:<br>
          <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="https://i.example.org/map.png" class="bbImage lazyload" alt="map">
          <noscript><img src="https://i.example.org/map.png" class="bbImage" alt="map"></noscript><br>
          <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-url="https://i.example.org/coast.png" class="bbImage lazyload" alt="coast">`),
        url,
      ),
    );
    const html = ch.blocks.map((b) => b.html).join('\n');
    expect(html).toContain('src="https://i.example.org/map.png"');
    expect(html).toContain('src="https://i.example.org/coast.png"');
    expect(html).not.toContain('data:image');
    expect(html.match(/map\.png/g)).toHaveLength(1);
  });

  it('drops the quote block\'s expand and shrink links', () => {
    const ch = chapter(
      spacebattles.extract(
        post(`<blockquote class="bbCodeBlock bbCodeBlock--quote"><div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">Quoted line.</div>
          <div class="bbCodeBlock-expandLink"><a>Click to expand...</a></div><div class="bbCodeBlock-shrinkLink"><a>Click to shrink...</a></div></div></blockquote>
          Story line.`),
        url,
      ),
    );
    const all = ch.blocks.map((b) => b.text).join(' ');
    expect(all).toContain('Quoted line.');
    expect(all).not.toMatch(/Click to (expand|shrink)/);
  });

  it('reads smilies as their text', () => {
    // FanFicFare's replace_failed_smilies_with_alt_text: img.smilie--sprite / mceSmilie become their alt text.
    const ch = chapter(
      spacebattles.extract(
        post(`Well done <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" class="smilie smilie--sprite smilie--sprite1" alt=":)" title="Smile    :)" data-shortname=":)"> and
          <img class="smilie smilie--emoji" alt="😂" src="https://cdn.example.org/emoji/1f602.png" title="Face with tears of joy    :joy:">.`),
        url,
      ),
    );
    expect(ch.blocks.map((b) => b.text)).toEqual(['Well done :) and 😂.']);
    expect(ch.blocks[0].html).not.toContain('<img');
  });

  it('decodes Cloudflare-hidden e-mail addresses instead of showing "[email protected]"', () => {
    expect(decodeCfEmail('422f23302b2302273a232f322e276c2d3025')).toBe('maria@example.org');
    expect(decodeCfEmail('zz')).toBeNull();
    const ch = chapter(
      spacebattles.extract(
        post(`Write to <a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="422f23302b2302273a232f322e276c2d3025">[email&#160;protected]</a> today.<br>
          Or <a href="/cdn-cgi/l/email-protection#1b"><span class="__cf_email__" data-cfemail="422f23302b2302273a232f322e276c2d3025">[email&#160;protected]</span></a>.`),
        url,
      ),
    );
    expect(ch.blocks.map((b) => b.text)).toEqual(['Write to maria@example.org today.', 'Or maria@example.org.']);
    expect(ch.blocks.map((b) => b.html).join('')).not.toContain('cdn-cgi');
  });
});
