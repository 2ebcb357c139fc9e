/**
 * collapse(), text(), isSeparatorText() and blocksFrom() (lib/sites/blocks.ts) against their
 * specifications, written here in their plainest form, on hand cases and on random input. Their
 * fast paths must answer what the definitions say, whatever the code looked like before.
 * (The full output on every fixture page is tests/unit/sites/case-blocks.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blocksFrom, collapse, isSeparatorText, text } from '../../../lib/sites/blocks';
import { pageCases } from '../../site-fixtures';
import { rng, pick } from '../../rng';

/** Many cases in happy-dom: slow on a busy machine, never a timing check. */
const LONG = 60_000;

/** The definition: zero-width characters dropped, every run of white space one space, trimmed. */
const specCollapse = (s: string): string => s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();

/** Elements whose content is never text. */
const NOT_TEXT = 'script, style, template, noscript';
/** Elements with a space at each edge (so "one</p><p>two" reads "one two"). */
const SPACED =
  'p, div, blockquote, hr, h1, h2, h3, h4, h5, h6, ul, ol, dl, table, pre, center, section, article, main, aside, ' +
  'header, footer, figure, details, address, fieldset, nav, form, li, tr, td, th';

/** The definition of text(): textContent without the non-text elements, a space at <br> and at block edges, collapsed. */
function specText(node: Node): string {
  if (node.nodeType === 1 && (node as Element).matches(`${NOT_TEXT}, br`)) return '';
  const copy = node.cloneNode(true);
  if (copy.nodeType === 1) {
    const el = copy as Element;
    for (const x of Array.from(el.querySelectorAll(NOT_TEXT))) x.remove();
    for (const x of Array.from(el.querySelectorAll('br'))) x.replaceWith(' ');
    for (const x of Array.from(el.querySelectorAll(SPACED))) {
      x.before(' ');
      x.after(' ');
    }
  }
  return specCollapse(copy.textContent ?? '');
}

const TAGS = ['p', 'div', 'span', 'em', 'b', 'i', 'br', 'li', 'ul', 'td', 'table', 'tr', 'script', 'style', 'noscript', 'template', 'center', 'font', 'a', 'img', 'hr', 'blockquote', 'h2', 'section', 'small'];
const WORDS = ['word', 'Maren', ' ', '  ', '\n', '\t', '&nbsp;', '\u200b', '\ufeff', '\u2060', '***', '~', 'x', 'o0o', '"', '“quoted”', '&amp;', '<!-- c -->', 'é', '…'];

function fragment(r: () => number, depth = 0): string {
  let out = '';
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    if (depth < 4 && r() < 0.45) {
      const tag = pick(r, TAGS);
      out += tag === 'br' || tag === 'img' || tag === 'hr' ? `<${tag}>` : `<${tag}>${fragment(r, depth + 1)}</${tag}>`;
    } else out += pick(r, WORDS);
  }
  return out;
}

function randomHost(r: () => number): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = fragment(r) + '\n' + fragment(r);
  return host;
}

describe('collapse()', () => {
  it('hand cases', () => {
    expect(collapse('  one \n\t two  ')).toBe('one two');
    expect(collapse('a\u00a0\u00a0b')).toBe('a b');
    expect(collapse('zero\u200bwidth\ufeff')).toBe('zerowidth');
    expect(collapse('\u3000wide\u2009thin ')).toBe('wide thin');
    expect(collapse('plain')).toBe('plain');
    expect(collapse(' \u200b \n')).toBe('');
  });

  it('is its definition on random white space, zero-width characters and text', () => {
    const r = rng(3);
    const alphabet = ['a', 'b', ' ', ' ', '  ', '\n', '\t', '\r', '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u3000', '\u2009', '\u2028', 'é', '.'];
    for (let k = 0; k < 20000; k++) {
      let s = '';
      const n = Math.floor(r() * 14);
      for (let i = 0; i < n; i++) s += pick(r, alphabet);
      expect(collapse(s), JSON.stringify(s)).toBe(specCollapse(s));
    }
  }, LONG);
});

describe('text()', () => {
  it('hand cases', () => {
    const el = document.createElement('div');
    el.innerHTML = 'one<br>two<p>three</p>fo<b>ur</b><script>no</script><style>.x{}</style> &amp; <li>five</li>';
    expect(text(el)).toBe('one two three four & five');
    expect(text(el.querySelector('br'))).toBe('');
    expect(text(el.querySelector('script'))).toBe('');
    expect(text(null)).toBe('');
  });

  it('is its definition for every node of 1,000 random fragments', () => {
    const r = rng(7);
    let nodes = 0;
    for (let k = 0; k < 1000; k++) {
      const host = randomHost(r);
      const all: Node[] = [host];
      const walker = document.createTreeWalker(host, 0xffffffff);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) all.push(n);
      for (const n of all) {
        if (n.nodeType === 8) continue; // a comment has no text of its own to define
        expect(text(n), `${(n as Element).outerHTML ?? JSON.stringify(n.nodeValue)}`).toBe(specText(n));
        nodes++;
      }
    }
    expect(nodes).toBeGreaterThan(10000);
  }, LONG);

  it('is its definition on every element of every fixture page', () => {
    let n = 0;
    for (const c of pageCases()) {
      const doc = new DOMParser().parseFromString(readFileSync(c.page, 'utf8'), 'text/html');
      for (const el of Array.from(doc.querySelectorAll('*'))) {
        expect(text(el), `${c.name} <${el.tagName} ${el.className}>`).toBe(specText(el));
        n++;
      }
    }
    expect(n).toBeGreaterThan(5000);
  }, LONG);
});

describe('isSeparatorText()', () => {
  it('hand cases each way', () => {
    for (const s of ['* * *', '***', '~~~', '-----', '###', '= = =', 'xXx', 'XXX', 'xxx', 'oOo', 'o0o', 'x-x-x', 'o~o~o', '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~', '\u00a0*\u00a0*\u00a0*', '§', '♥ ♥ ♥', '·:·']) {
      expect(isSeparatorText(s), JSON.stringify(s)).toBe(true);
    }
    for (const s of ['', '   ', '...', '…', '?!', '!', '"…"', '“', "'", '«»', 'Ooo', 'OOO', 'ooo', 'line break', 'Chapter 2', 'x', 'ox', '1.', 'The end.', '*sigh*', 'é', 'Ha!']) {
      expect(isSeparatorText(s), JSON.stringify(s)).toBe(false);
    }
  });

  it('is false whenever there is a letter other than x/o or a digit other than 0, true on symbol runs', () => {
    const r = rng(11);
    const alphabet = ['*', ' ', '~', '-', 'x', 'X', 'o', 'O', '0', '1', 'a', 'A', '"', '…', '.', '?', '!', '#', '=', '\u00a0', '\u200b', '§', '♥', 'é', '“', '·', '_', 'ó', 'word'];
    let words = 0;
    for (let k = 0; k < 20000; k++) {
      let s = '';
      const n = 1 + Math.floor(r() * 12);
      for (let i = 0; i < n; i++) s += pick(r, alphabet);
      if (/[\p{L}\p{N}]/u.test(s.replace(/[xXoO0]/g, ''))) {
        expect(isSeparatorText(s), JSON.stringify(s)).toBe(false);
        words++;
      }
    }
    expect(words).toBeGreaterThan(5000);
    const divider = ['*', '~', '-', '=', '#', '_', '§', '♥', '·', '+'];
    for (let k = 0; k < 5000; k++) {
      let s = pick(r, divider);
      const n = Math.floor(r() * 8);
      for (let i = 0; i < n; i++) s += pick(r, [...divider, ' ', '\u00a0']);
      expect(isSeparatorText(s), JSON.stringify(s)).toBe(true);
    }
  }, LONG);
});

/**
 * Text without its spaces: blocks may split where the text has no space (inline text before a
 * <span> that wraps paragraphs), so "no text lost" compares the characters, in order.
 */
const chars = (s: string): string => s.replace(/ /g, '');

describe('blocksFrom()', () => {
  it('hand case: paragraphs, <br> runs, separators, no empty blocks', () => {
    const host = document.createElement('div');
    host.innerHTML = '<p>One.</p><p>&nbsp;</p><p>* * *</p>two<br><br><i>three<br>four</i><hr><script>x</script><div><p>five</p></div>';
    expect(blocksFrom(host).map((b) => [b.kind, b.text])).toEqual([
      ['story', 'One.'],
      ['separator', '* * *'],
      ['story', 'two'],
      ['story', 'three'],
      ['story', 'four'],
      ['separator', ''],
      ['story', 'five'],
    ]);
  });

  it('on 1,000 random containers: no text lost or reordered, no empty blocks, separators only from separator text', () => {
    const r = rng(5);
    let blocks = 0;
    for (let k = 0; k < 1000; k++) {
      const host = randomHost(r);
      const all = blocksFrom(host);
      const what = host.innerHTML;
      // No text lost, none added, in order: the blocks' text is the container's text.
      expect(chars(all.map((b) => b.text).join('')), what).toBe(chars(specText(host)));
      for (const b of all) {
        const hr = /^<hr\b/i.test(b.html);
        // No empty blocks: text, a picture, or a rule.
        expect(b.text !== '' || hr || /<img\b/i.test(b.html), `${what}\n${b.html}`).toBe(true);
        // A block's text is its HTML's text.
        const back = document.createElement('div');
        back.innerHTML = b.html;
        expect(b.text, b.html).toBe(specText(back));
        // Separators are rules and separator text, and separator text is a separator.
        expect(b.kind === 'separator', `${what}\n${b.html}`).toBe(hr || isSeparatorText(b.text));
        expect(b.source).toBe('body');
        blocks++;
      }
      // Structured notes: every block a note (rules dropped), with its place.
      for (const b of blocksFrom(host, { source: 'structured', kind: 'note', noteWhere: 'before' })) {
        expect([b.kind, b.noteWhere, b.confidence, /^<hr\b/i.test(b.html)], b.html).toEqual(['note', 'before', 1, false]);
      }
    }
    expect(blocks).toBeGreaterThan(2000);
  }, LONG);
});
