/**
 * The Node sanitiser (lib/chapter/sanitize.ts): the story-HTML policy as a plain allow-list walk.
 * Every case here came through DOMPurify on happy-dom 20 unchanged (cure53/DOMPurify#1457).
 */
import { describe, expect, it } from 'vitest';
import { sanitizeHtml, sanitizeMany } from '../../../lib/chapter/sanitize';

const s = (html: string) => sanitizeHtml(html, window);

describe('sanitizeHtml (Node)', () => {
  it('keeps allowed elements and attributes, the first one included', () => {
    expect(s('<p class="x" style="color:red">y</p>')).toBe('<p>y</p>');
    expect(s('<p>a</p><hr class="z"><p align="center" lang="fr">b</p>')).toBe('<p>a</p><hr><p align="center" lang="fr">b</p>');
    expect(s('x<p class="z">w</p>')).toBe('x<p>w</p>');
    expect(s('<table><tbody><tr><td colspan="2">c</td></tr></tbody></table>')).toBe('<table><tbody><tr><td colspan="2">c</td></tr></tbody></table>');
  });

  it('removes handlers, scripts, styles, frames and media with their content', () => {
    expect(s('x<img src=x onerror=alert(1)>')).toBe('x<img>');
    expect(s('x<img src="https://i.example/a.png" onload="a()" alt="A">')).toBe('x<img src="https://i.example/a.png" alt="A">');
    expect(s('<b>x</b><p onclick="a()">w</p>')).toBe('<b>x</b><p>w</p>');
    expect(s('<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="https://e.example"></iframe>')).toBe('<p>a</p>');
    expect(s('<p>a<svg><script>alert(1)</script><text>t</text></svg><math><mi>x</mi></math></p>')).toBe('<p>a</p>');
    expect(s('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>b')).toBe('b');
    expect(s('<template><img src=x onerror=alert(1)></template>c')).toBe('c');
  });

  it('applies the link and image rules', () => {
    expect(s('<a href="javascript:alert(1)">l</a>')).toBe('<a rel="noopener noreferrer nofollow" target="_blank">l</a>');
    expect(s('<a href=" JAVASCRIPT:alert(1)" target="_self" rel="opener">l</a>')).toBe('<a rel="noopener noreferrer nofollow" target="_blank">l</a>');
    expect(s('<a href="https://e.example/x">l</a>')).toBe('<a href="https://e.example/x" rel="noopener noreferrer nofollow" target="_blank">l</a>');
    expect(s('<img src="data:image/png;base64,AAAA">')).toBe('<img>');
  });

  it('unwraps unknown elements (their text stays) and drops comments', () => {
    expect(s('<section><label for="a">Hello</label> <o:p>there</o:p></section><!-- c -->')).toBe('Hello there');
    expect(s('<form action="https://e.example"><input value="v">t</form><button>b</button>')).toBe('tb');
    expect(s('<p>one<custom-el data-x="1">two</custom-el></p>')).toBe('<p>onetwo</p>');
  });

  it('gives a result that sanitises to itself (nothing unsafe appears when it is parsed again)', () => {
    const nasty = [
      '<p>a</p><img src=x onerror=alert(1)>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<svg><p><style><img src=x onerror=alert(1)></style></p></svg>',
      '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
      '<a href="&#106;avascript:alert(1)">x</a>',
    ];
    for (const h of nasty) {
      const once = s(h);
      expect(s(once), h).toBe(once);
      expect(once, h).not.toMatch(/onerror|onload|onclick|<script|<style|javascript:/i);
    }
  });

  it('sanitises many blocks as it does one by one', () => {
    const blocks = ['<p class="a">one</p>', 'x<img src=x onerror=alert(1)>', '<p>plain</p>', '<div><script>1</script>t</div>'];
    expect(sanitizeMany(blocks, window)).toEqual(blocks.map(s));
  });
});
