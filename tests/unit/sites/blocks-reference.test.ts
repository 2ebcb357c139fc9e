/**
 * The fast paths of collapse(), text(), isSeparatorText() and blocksFrom() (lib/sites/blocks.ts) answer exactly what the
 * plain implementations did (tests/unit/sites/reference/blocks-v1.ts), on random fragments and on
 * every element of every fixture page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Many cases in happy-dom: slow on a busy machine, never a timing check. */
const LONG = 60_000;
import { blocksFrom, collapse, isSeparatorText, text } from '../../../lib/sites/blocks';
import * as ref from './reference/blocks-v1';
import { pageCases } from '../../site-fixtures';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ['p', 'div', 'span', 'em', 'b', 'i', 'br', 'li', 'ul', 'td', 'table', 'tr', 'script', 'style', 'noscript', 'template', 'center', 'font', 'a', 'img', 'hr', 'blockquote', 'h2', 'section', 'small'];
const WORDS = ['word', 'Maren', ' ', '  ', '\n', '\t', '&nbsp;', '\u200b', '\ufeff', '\u2060', '***', '~', 'x', 'o0o', '"', '“quoted”', '&amp;', '<!-- c -->', 'é', '…'];

function fragment(r: () => number, depth = 0): string {
  let out = '';
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    if (depth < 4 && r() < 0.45) {
      const tag = TAGS[Math.floor(r() * TAGS.length)];
      out += tag === 'br' || tag === 'img' || tag === 'hr' ? `<${tag}>` : `<${tag}>${fragment(r, depth + 1)}</${tag}>`;
    } else out += WORDS[Math.floor(r() * WORDS.length)];
  }
  return out;
}

describe('text() fast path', () => {
  it('equals the plain walk on 1,000 random fragments, for every node in them', () => {
    const r = rng(7);
    for (let k = 0; k < 1000; k++) {
      const host = document.createElement('div');
      host.innerHTML = fragment(r);
      const nodes: Node[] = [host];
      const it = document.createTreeWalker(host, 0xffffffff);
      for (let n = it.nextNode(); n; n = it.nextNode()) nodes.push(n);
      for (const n of nodes) expect(text(n)).toBe(ref.text(n));
    }
  }, LONG);

  it('equals the plain walk on every element of every fixture page', () => {
    for (const c of pageCases()) {
      const f = `${c.name}.html`;
      const doc = new DOMParser().parseFromString(readFileSync(c.page, 'utf8'), 'text/html');
      for (const el of Array.from(doc.querySelectorAll('*'))) expect(text(el), `${f} <${el.tagName}>`).toBe(ref.text(el));
    }
  }, LONG);
});

describe('blocksFrom() with the fast paths', () => {
  it('gives the same blocks on 1,000 random containers', () => {
    const r = rng(5);
    for (let k = 0; k < 1000; k++) {
      const host = document.createElement('div');
      host.innerHTML = fragment(r) + '\n' + fragment(r);
      for (const opts of [{}, { source: 'structured' as const, kind: 'note' as const, noteWhere: 'before' as const }]) {
        expect(blocksFrom(host, opts)).toEqual(ref.blocksFrom(host, opts));
      }
    }
  }, LONG);

  it('gives the same blocks for every container of every fixture page', () => {
    for (const c of pageCases()) {
      const f = `${c.name}.html`;
      const doc = new DOMParser().parseFromString(readFileSync(c.page, 'utf8'), 'text/html');
      for (const el of Array.from(doc.querySelectorAll('div, blockquote, article, section'))) {
        expect(blocksFrom(el), `${f} <${el.tagName} ${el.className}>`).toEqual(ref.blocksFrom(el));
      }
    }
  }, LONG);
});

describe('collapse() fast path', () => {
  it('equals the plain replace on random white space, zero-width characters and text', () => {
    const r = rng(3);
    const alphabet = ['a', 'b', ' ', ' ', '  ', '\n', '\t', '\r', '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u3000', '\u2009', 'é', '.'];
    for (let k = 0; k < 20000; k++) {
      let s = '';
      const n = Math.floor(r() * 14);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(collapse(s), JSON.stringify(s)).toBe(ref.collapse(s));
    }
  }, LONG);
});

describe('isSeparatorText() gate', () => {
  it('equals the plain check on random strings of divider and text characters', () => {
    const r = rng(11);
    const alphabet = ['*', ' ', '~', '-', 'x', 'X', 'o', 'O', '0', '1', 'a', 'A', '"', '…', '.', '?', '!', '#', '=', '\u00a0', '\u200b', '§', '♥', 'é', '“', '·', '_', 'ó'];
    for (let k = 0; k < 20000; k++) {
      let s = '';
      const n = 1 + Math.floor(r() * 12);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(isSeparatorText(s), JSON.stringify(s)).toBe(ref.isSeparatorText(s));
    }
    for (const s of ['* * *', 'xXx', 'oOo', 'Ooo', 'OOO', 'x-x-x', 'o~o~o', '...', '?!', '"…"', 'line break', '', '   ', 'Chapter 2', '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~']) {
      expect(isSeparatorText(s), s).toBe(ref.isSeparatorText(s));
    }
  }, LONG);
});
