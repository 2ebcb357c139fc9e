/** lib/notes/html-text.ts: DOM-free text and shape of one block's HTML (the notes detector, in the worker too). */
import { describe, expect, it } from 'vitest';
import { blockShape, decodeEntities, hasLetter, htmlToText, isPlainText, withoutEndTag } from '../../../lib/notes/html-text';
import { HAND_DIRS, loadChapters, loadLanguageChapters } from '../../../scripts/notes-fixtures';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex entities', () => {
    expect(decodeEntities('Tom &amp; Jerry &hellip; &ldquo;hi&rdquo; &HEARTS;')).toBe('Tom & Jerry … “hi” ♥');
    expect(decodeEntities('&#65;&#x42;&#X43;&#128578;')).toBe('ABC🙂');
  });

  it('leaves unknown names and impossible code points as written, never throwing', () => {
    expect(decodeEntities('&bogus; &#0; &#x110000; &#99999999999; & amp;')).toBe('&bogus; &#0; &#x110000; &#99999999999; & amp;');
  });

  it('decodes once: an escaped entity stays an entity', () => {
    expect(decodeEntities('&amp;lt;script&amp;gt;')).toBe('&lt;script&gt;');
  });
});

describe('htmlToText', () => {
  it('drops tags, turns <br> into a space, collapses whitespace', () => {
    expect(htmlToText('<p> A <b>bold</b>\n\tline<br>next<BR/>end&nbsp; </p>')).toBe('A bold line next end');
  });

  it('does not turn decoded text back into tags', () => {
    expect(htmlToText('<p>&lt;b&gt;not bold&lt;/b&gt;</p>')).toBe('<b>not bold</b>');
  });

  it('answers an empty string for a block without text', () => {
    expect(htmlToText('<p><br></p>')).toBe('');
    expect(htmlToText('')).toBe('');
  });
});

describe('blockShape', () => {
  it('finds rules: an <hr>, or a block holding only one', () => {
    expect(blockShape('<hr>').rule).toBe(true);
    expect(blockShape('<p><hr></p>').rule).toBe(true);
    expect(blockShape('<p><hr>text after</p>').rule).toBe(false);
    expect(blockShape('<p>text</p>').rule).toBe(false);
  });

  it('finds centred blocks by align, by style and by <center>', () => {
    expect(blockShape('<p align="center">x</p>').centered).toBe(true);
    expect(blockShape('<p style="text-align: center">x</p>').centered).toBe(true);
    expect(blockShape('<center>x</center>').centered).toBe(true);
    expect(blockShape('<p><center>x</center></p>').centered).toBe(true);
    expect(blockShape('<p style="text-align: left">center</p>').centered).toBe(false);
  });

  it('knows a block in bold or italics all through, and one only partly so', () => {
    expect(blockShape('<p><strong>All bold.</strong></p>').allBold).toBe(true);
    expect(blockShape('<p><b>One</b> <b>two</b>, </p>').allBold).toBe(true);
    expect(blockShape('<p><b>Part</b> plain</p>').allBold).toBe(false);
    expect(blockShape('<p><em>All italic</em></p>').allItalic).toBe(true);
    expect(blockShape('<p><i>Part</i> plain</p>').allItalic).toBe(false);
    expect(blockShape('<p>plain</p>')).toMatchObject({ allBold: false, allItalic: false });
    // <b> is not <br>, <i> is not <img>.
    expect(blockShape('<p><br>text</p>').allBold).toBe(false);
    expect(blockShape('<p><img src="x">text</p>').allItalic).toBe(false);
  });

  it('knows headings and quotes by their tag', () => {
    expect(blockShape('<h3>Title</h3>').headingTag).toBe(true);
    expect(blockShape('<h7>Title</h7>').headingTag).toBe(false);
    expect(blockShape('<blockquote>q</blockquote>').quoteTag).toBe(true);
    expect(blockShape('<p>q</p>')).toMatchObject({ headingTag: false, quoteTag: false });
  });

  it('reads the leading bold run as text, also under an opening <em>', () => {
    expect(blockShape('<p><strong>Disclaimer:</strong> I own nothing.</p>').leadBold).toBe('Disclaimer:');
    expect(blockShape('<p><em><b>A/N &amp; thanks</b></em> to all</p>').leadBold).toBe('A/N & thanks');
    expect(blockShape('<p>Not <b>leading</b></p>').leadBold).toBe('');
  });

  it('copes with malformed and tag-less input', () => {
    for (const html of ['', 'plain text', '<p', '<p><b>unclosed', '</p>', '<<<>>>', '<p>'.repeat(1000)]) {
      expect(() => blockShape(html)).not.toThrow();
    }
    expect(blockShape('plain text')).toMatchObject({ rule: false, centered: false, allBold: false, headingTag: false, leadBold: '' });
  });
});

describe('withoutEndTag (blockShape reads the block without its closing tag)', () => {
  /** What blockShape used before: an anchored pattern searched for over the whole block. */
  const searched = (s: string) => s.replace(/<\/[a-z0-9]+\s*>\s*$/i, '');

  it('drops the closing tag at the very end, white space after it too, in any case', () => {
    expect(withoutEndTag('A <b>line</b></p>')).toBe('A <b>line</b>');
    expect(withoutEndTag('text</P >  \n')).toBe('text');
    expect(withoutEndTag('x</h2>')).toBe('x');
  });

  it('keeps everything when the block does not end in a closing tag', () => {
    for (const s of ['no tags at all', 'text</p> and more', 'a <br>', 'a<', 'a </>', 'a </p', '</b>x', '<b>bold</b>.']) expect(withoutEndTag(s)).toBe(s);
  });

  it('gives what the searched pattern gave on every block of the hand-written chapters and on edge cases', () => {
    const inputs = [
      ...[...loadChapters(HAND_DIRS), ...loadLanguageChapters()].flatMap((c) => c.blocks.map((b) => b.html)),
      ...['', '<', '</', '</p>', ' </p> ', '</p></p>', 'a</p>\t</div>', '<p>a</p>b</p>', 'a</1>', 'a</a-b>', 'a</ p>', 'é</em>  '],
    ];
    expect(inputs.length).toBeGreaterThan(500);
    for (const html of inputs) {
      const open = /^\s*<([a-z0-9]+)\b([^>]*)>/i.exec(html);
      const rest = open ? html.slice(open[0].length) : html;
      expect(withoutEndTag(rest), html).toBe(searched(rest));
    }
  });
});

describe('plain text: where the Unicode classes are ASCII\'s', () => {
  const plainCodePoints = [...Array.from({ length: 0x80 }, (_, i) => i), ...Array.from({ length: 0x70 }, (_, i) => 0x2000 + i)];

  it('on every code point of ASCII and General Punctuation, \\p{L}, \\p{Lu}, \\p{Ll}, \\p{N} are [A-Za-z], [A-Z], [a-z], [0-9]', () => {
    const pairs: [RegExp, RegExp][] = [
      [/^\p{L}$/u, /^[A-Za-z]$/],
      [/^\p{Lu}$/u, /^[A-Z]$/],
      [/^\p{Ll}$/u, /^[a-z]$/],
      [/^\p{N}$/u, /^[0-9]$/],
      [/^\s$/u, /^\s$/],
    ];
    for (const cp of plainCodePoints) {
      const c = String.fromCodePoint(cp);
      expect(isPlainText(c), cp.toString(16)).toBe(true);
      for (const [uni, plain] of pairs) expect(plain.test(c), `${uni} U+${cp.toString(16)}`).toBe(uni.test(c));
    }
  });

  it('is false as soon as one character lies outside (accents, no-break space, other scripts, emoji)', () => {
    for (const s of ['café', 'a\u00a0b', 'Глава', '日本', 'ok 🙂', '\u2070']) expect(isPlainText(s), s).toBe(false);
    expect(isPlainText('“Well—” he said… ’twas')).toBe(true);
    expect(isPlainText('')).toBe(true);
  });

  it('hasLetter answers as /[\\p{L}\\p{N}]/u does', () => {
    for (const s of ['', ' ', '* * *', '—…—', '~ 3 ~', 'x', 'é', '\u00a0', 'Я', '日', '٣', '🙂', '“ ”', '\u2070', '½']) expect(hasLetter(s), s).toBe(/[\p{L}\p{N}]/u.test(s));
  });
});
