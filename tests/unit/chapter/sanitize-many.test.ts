import { describe, expect, it } from 'vitest';
import { isBareSafe, sanitizeHtml, sanitizeMany } from '../../../lib/chapter/sanitize';

const BLOCKS = [
  '<p>Plain <em>story</em> text with <a href="https://example.org/x">a link</a>.</p>',
  '<p onclick="alert(1)">Handler <img src="x" onerror="alert(1)"> gone</p>',
  '<p><script>alert(1)</script>after script</p>',
  '<hr>',
  '',
  '<blockquote><p>Quoted</p><p style="color:red">styled</p></blockquote>',
  '<p><a href="javascript:alert(1)">js link</a></p>',
  '<table><tr><td>cell</td></tr></table>',
  '<p>unclosed <b>bold',
  '<p>Bare <em>story</em> with <strong>bold</strong>, &amp; entities&nbsp;and "quotes" &lt;b&gt;.<br>Next line.</p>',
  '<p>x</p><iframe></iframe>',
  '<p><svg><script>alert(1)</script></svg></p>',
  '<p>comment <!-- <img src=x onerror=alert(1)> --></p>',
];

describe('sanitizeMany', () => {
  it('gives, block for block, what sanitizeHtml gives, and bare markup unchanged', () => {
    const w = window as unknown as Window;
    expect(sanitizeMany(BLOCKS, w)).toEqual(BLOCKS.map((b) => (isBareSafe(b) ? b : sanitizeHtml(b, w))));
    const dirty = BLOCKS.filter((b) => !isBareSafe(b));
    expect(dirty.length).toBeGreaterThan(4);
    expect(sanitizeMany(dirty, w)).toEqual(dirty.map((b) => sanitizeHtml(b, w)));
  });

  it('keeps only attribute-free allowed markup as is', () => {
    expect(isBareSafe('<p>Bare <em>story</em> &amp; <br> text</p>')).toBe(true);
    expect(isBareSafe('plain text')).toBe(true);
    expect(isBareSafe('<p class="x">a</p>')).toBe(false);
    expect(isBareSafe('<a>link</a>')).toBe(false);
    expect(isBareSafe('<p>x</p><iframe></iframe>')).toBe(false);
    expect(isBareSafe('<p>x</p><script>')).toBe(false);
    expect(isBareSafe('<!-- c -->')).toBe(false);
    expect(isBareSafe('<p>a < b</p>')).toBe(false);
  });

  it('falls back to one block at a time when a block does not stay inside its wrapper', () => {
    const tricky = ['<p class="a">one</p>', '</div><p class="b">escaped</p><div>', '<p class="c">three</p>'];
    const out = sanitizeMany(tricky, window as unknown as Window);
    expect(out).toEqual(tricky.map((b) => sanitizeHtml(b, window as unknown as Window)));
    expect(out).toHaveLength(3);
  });
});
