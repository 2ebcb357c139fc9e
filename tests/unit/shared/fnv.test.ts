/** lib/shared/fnv.ts: FNV-1a 32-bit, the extension's one stable short-id hash. */
import { describe, expect, it } from 'vitest';
import { FNV_SEED, FNV_SEED_2, fnv1a } from '../../../lib/shared/fnv';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('uses the standard offset basis as its default seed', () => {
    expect(FNV_SEED).toBe(0x811c9dc5);
    expect(fnv1a('chapter', FNV_SEED)).toBe(fnv1a('chapter'));
  });

  it('always answers an unsigned 32-bit integer, also for long and non-Latin text', () => {
    const inputs = ['', 'x', 'é', '日本語のテキスト', '\u0000\uffff', '🙂'.repeat(50), 'a'.repeat(100_000)];
    for (const s of inputs) {
      const h = fnv1a(s);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThanOrEqual(0xffffffff);
    }
  });

  it('hashes UTF-16 code units: a character above 0xff is not folded into its low byte', () => {
    expect(fnv1a('\u0161')).not.toBe(fnv1a('\u0061'));
    expect(fnv1a('é')).not.toBe(fnv1a('e'));
  });

  it('is stable and order-sensitive', () => {
    expect(fnv1a('https://example.com/story/1')).toBe(fnv1a('https://example.com/story/1'));
    expect(fnv1a('ab')).not.toBe(fnv1a('ba'));
    expect(fnv1a('story-1')).not.toBe(fnv1a('story-2'));
  });

  it('gives a different hash with the second seed, so two hashes make a 64-bit id', () => {
    expect(FNV_SEED_2).not.toBe(FNV_SEED);
    for (const s of ['', 'a', 'note fingerprint']) expect(fnv1a(s, FNV_SEED_2)).not.toBe(fnv1a(s));
    expect(fnv1a('', FNV_SEED_2)).toBe(FNV_SEED_2);
  });

  it('takes a seed outside 32 bits as its unsigned 32-bit value', () => {
    expect(fnv1a('', -1)).toBe(0xffffffff);
    expect(fnv1a('abc', 2 ** 32 + 5)).toBe(fnv1a('abc', 5));
  });

  it('spreads a run of similar ids without collisions', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(fnv1a(`story:${i}`));
    expect(seen.size).toBe(10_000);
  });
});
