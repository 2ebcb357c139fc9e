import { describe, expect, it } from 'vitest';
import { sanitizeHtml, sanitizeMany } from '../../lib/sanitize';

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
];

describe('sanitizeMany', () => {
  it('gives, block for block, what sanitizeHtml gives', () => {
    expect(sanitizeMany(BLOCKS, window as unknown as Window)).toEqual(BLOCKS.map((b) => sanitizeHtml(b, window as unknown as Window)));
  });

  it('falls back to one block at a time when a block does not stay inside its wrapper', () => {
    const tricky = ['<p>one</p>', '</div><p>escaped</p><div>', '<p>three</p>'];
    const out = sanitizeMany(tricky, window as unknown as Window);
    expect(out).toEqual(tricky.map((b) => sanitizeHtml(b, window as unknown as Window)));
    expect(out).toHaveLength(3);
  });
});
