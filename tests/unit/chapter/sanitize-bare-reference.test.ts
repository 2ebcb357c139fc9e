/**
 * isBareSafe() is one regex scan now; it answers exactly what the tag-by-tag loop it replaced did
 * (frozen below), on random markup and on every block of every fixture page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOWED_TAGS, isBareSafe } from '../../../lib/chapter/sanitize-policy';
import { adapterFor } from '../../../lib/sites/registry';
import { isExtractError } from '../../../lib/sites/types';
import { pageCases, pageExpected } from '../../site-fixtures';

/** FROZEN REFERENCE: isBareSafe as it was (lib/sanitize.ts, commit 7e227ad). */
const REF_BARE_SAFE = new Set(ALLOWED_TAGS.filter((t) => t !== 'a' && t !== 'img'));
const REF_TAG_AT = /<(\/?)([a-z][a-z0-9]*)\s*>/y;
function refIsBareSafe(html: string): boolean {
  let i = html.indexOf('<');
  while (i !== -1) {
    REF_TAG_AT.lastIndex = i;
    const m = REF_TAG_AT.exec(html);
    if (!m || !REF_BARE_SAFE.has(m[2])) return false;
    i = html.indexOf('<', REF_TAG_AT.lastIndex);
  }
  return true;
}

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

describe('isBareSafe', () => {
  it('equals the tag-by-tag loop on 30,000 random strings of markup pieces', () => {
    const pieces = ['<p>', '</p>', '<pre>', '<pr>', '<em>', '</em >', '<EM>', '<a>', '<img>', '<p class="x">', '<!-- c -->', '<', '>', ' ', 'text', '&lt;', '<h1>', '<h7>', '< p>', '</ p>', '<br>', '<br/>', '<hr>', '<script>', '<p\n>', '<table>', '<tbody>', '<o:p>', '</'];
    const r = rng(9);
    for (let k = 0; k < 30000; k++) {
      let s = '';
      const n = Math.floor(r() * 8);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)];
      expect(isBareSafe(s), JSON.stringify(s)).toBe(refIsBareSafe(s));
    }
  });

  it('equals it on every block of every fixture page', () => {
    let n = 0;
    for (const c of pageCases()) {
      const { url } = pageExpected(c.name);
      const htmlFile = c.page;
      const doc = new DOMParser().parseFromString(readFileSync(htmlFile, 'utf8'), 'text/html');
      const ch = adapterFor(url)?.extract(doc, url);
      if (!ch || isExtractError(ch)) continue;
      for (const b of ch.blocks) {
        expect(isBareSafe(b.html), b.html).toBe(refIsBareSafe(b.html));
        n++;
      }
    }
    expect(n).toBeGreaterThan(200);
  }, 60_000);
});
