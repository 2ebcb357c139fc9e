import { describe, expect, it, vi } from 'vitest';
import { absUrl, blocksFrom, collapse, isSeparatorText, missing, noteBlocks, parseCount, text } from '../../../lib/sites/blocks';

function el(html: string): Element {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d;
}

describe('text / collapse', () => {
  it('collapses whitespace, decodes entities and spaces <br>', () => {
    expect(text(el('<p>  Hello&nbsp;&amp;\n  <b>bye</b><br>next&#8230;</p>'))).toBe('Hello & bye next…');
  });
  it('ignores scripts and styles', () => {
    expect(text(el('<p>a<script>var x=1</script><style>p{}</style> b</p>'))).toBe('a b');
  });
  it('drops zero-width characters', () => {
    expect(collapse('\u200ba\u00a0 b\ufeff')).toBe('a b');
  });
  it('is empty for null', () => {
    expect(text(null)).toBe('');
  });
});

describe('absUrl', () => {
  it.each([
    ['/s/1/2/x', 'https://www.fanfiction.net/s/1/1/x', 'https://www.fanfiction.net/s/1/2/x'],
    ['/works/5/chapters/9#workskin', 'https://archiveofourown.org/works/5', 'https://archiveofourown.org/works/5/chapters/9'],
    ['https://a.example/x?y=1#z', 'https://b.example/', 'https://a.example/x?y=1'],
    ['chapter-2', 'https://a.example/story/chapter-1', 'https://a.example/story/chapter-2'],
  ])('%s against %s', (href, base, want) => {
    expect(absUrl(href, base)).toBe(want);
  });
  it.each([[null], [''], ['#top'], ['javascript:void(0)'], ['mailto:a@b.c']])('null for %s', (href) => {
    expect(absUrl(href, 'https://a.example/')).toBeNull();
  });
});

describe('missing', () => {
  it('names field and selector and warns', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const e = missing('ffnet', 'chapter text', '#storytext');
    expect(e).toMatchObject({ site: 'ffnet', kind: 'layout-changed', field: 'chapter text', selector: '#storytext' });
    expect(e.error).toContain('chapter text');
    expect(e.error).toContain('#storytext');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('isSeparatorText', () => {
  it.each(['* * *', '***', '~~~', 'xXx', 'XxXxX', 'oOo', 'o0o', '-----', '###', '~*~*~', '- x - x -', 'xxx', '§', '———'])(
    'separator: %s',
    (t) => expect(isSeparatorText(t)).toBe(true),
  );
  it.each(['"..."', '…', '...', '?!', 'Ooo', 'ooo', 'Hello.', 'A/N', '', '"!"', 'x'])('not a separator: %s', (t) =>
    expect(isSeparatorText(t)).toBe(false),
  );
});

describe('parseCount', () => {
  it.each([
    ['55,275', 55275],
    ['Words: 1.234', 1234],
    ['12 345 words', 12345],
    ['none', null],
    [null, null],
  ])('%s', (s, n) => expect(parseCount(s)).toBe(n));
});

describe('blocksFrom', () => {
  it('makes one block per block-level child and drops empty paragraphs', () => {
    const b = blocksFrom(
      el('<p>One.</p><p>&nbsp;</p><p> </p><blockquote><p>Quoted</p><p>more</p></blockquote><h3>Head</h3><ul><li>a</li><li>b</li></ul><table><tr><td>c</td></tr></table><pre>x  y</pre>'),
    );
    expect(b.map((x) => x.text)).toEqual(['One.', 'Quoted more', 'Head', 'a b', 'c', 'x y']);
    expect(b.every((x) => x.kind === 'story' && x.source === 'body')).toBe(true);
    expect(b[0].html).toBe('<p>One.</p>');
  });

  it('turns <hr> and symbol-only paragraphs into separators', () => {
    const b = blocksFrom(el('<p>A</p><hr size="1" noshade><p>B</p><p align="center">* * *</p><p>xXx</p><p>C</p>'));
    expect(b.map((x) => x.kind)).toEqual(['story', 'separator', 'story', 'separator', 'separator', 'story']);
  });

  it('splits loose inline text at <br> into paragraphs', () => {
    const b = blocksFrom(el('First line, <i>with</i> style.<br><br>\nSecond <b>one</b>.<br />\n<br />Third.<hr>Fourth.<br>'));
    expect(b.map((x) => [x.kind, x.text])).toEqual([
      ['story', 'First line, with style.'],
      ['story', 'Second one.'],
      ['story', 'Third.'],
      ['separator', ''],
      ['story', 'Fourth.'],
    ]);
    expect(b[0].html).toBe('<p>First line, <i>with</i> style.</p>');
  });

  it('splits inline formatting that spans several <br> runs and keeps the formatting', () => {
    const b = blocksFrom(el('<i>Long ago,<br><br>in a <b>far</b> land.</i><br><br>Now.'));
    expect(b.map((x) => x.text)).toEqual(['Long ago,', 'in a far land.', 'Now.']);
    expect(b[1].html).toBe('<p><i>in a </i><i><b>far</b></i><i> land.</i></p>');
  });

  it('walks into wrappers that hold paragraphs, and into divs of loose text', () => {
    const b = blocksFrom(el('<div class="wrap"><p>A</p><span><p>B</p></span></div><div>C<br><br>D</div><div>E <em>e</em></div>'));
    expect(b.map((x) => x.text)).toEqual(['A', 'B', 'C', 'D', 'E e']);
    expect(b[4].html).toBe('<div>E <em>e</em></div>');
  });

  it('keeps image-only paragraphs, skips scripts, forms and skipped elements', () => {
    const b = blocksFrom(
      el('<p><img src="https://x.example/a.png"></p><script>no()</script><form><p>f</p></form><p class="hide">secret</p><p>ok</p>'),
      { skip: (e) => e.classList.contains('hide') },
    );
    expect(b.map((x) => x.text)).toEqual(['', 'ok']);
    expect(b[0].html).toContain('<img');
  });

  it('noteBlocks makes structured notes with label and position', () => {
    const b = noteBlocks(el('<p>Thanks, beta!</p><hr><p>* * *</p><p>See you.</p>'), 'after', 'End notes');
    expect(b).toHaveLength(3);
    for (const x of b) {
      expect(x).toMatchObject({ kind: 'note', source: 'structured', noteWhere: 'after', label: 'End notes', confidence: 1 });
    }
  });
});

describe('embedded players become labelled placeholders', () => {
  it('an iframe, a video and a podfic audio player each leave a link that says what was there', async () => {
    const { blocksFrom } = await import('../../../lib/sites/blocks');
    const div = document.createElement('div');
    div.innerHTML =
      '<p>Before.</p><p><iframe src="https://www.youtube.com/embed/abc"></iframe></p>' +
      '<audio controls><source src="https://example.org/podfic.mp3"></audio>' +
      '<video src="/media/clip.webm"></video><p>After.</p>';
    const blocks = blocksFrom(div);
    expect(blocks.map((b) => b.text)).toEqual([
      'Before.',
      "[Embedded video from www.youtube.com: the reader view can't play it. Open it on the site]",
      "[Embedded audio (podfic) from example.org: the reader view can't play it. Open it on the site]",
      expect.stringMatching(/^\[Embedded video from .*Open it on the site\]$/),
      'After.',
    ]);
    expect(blocks[1].html).toContain('href="https://www.youtube.com/embed/abc"');
    expect(blocks[2].html).toContain('href="https://example.org/podfic.mp3"');
    expect(blocks.every((b) => !/<iframe|<audio|<video/.test(b.html))).toBe(true);
  });
});
