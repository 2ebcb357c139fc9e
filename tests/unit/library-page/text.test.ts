/** lib/library-page/text.ts: search folding (case and accents) and multi-word AND matching. */
import { describe, expect, it } from 'vitest';
import { fold, matchesTokens, queryTokens } from '../../../lib/library-page/text';

describe('fold', () => {
  it('lower-cases plain ASCII unchanged otherwise', () => {
    expect(fold("Harry's Story 2")).toBe("harry's story 2");
  });

  it('drops accents and combining marks', () => {
    expect(fold("Émilie's Café")).toBe("emilie's cafe");
    expect(fold('Ñandú Über Ångström')).toBe('nandu uber angstrom');
    expect(fold('e\u0301')).toBe('e');
  });

  it('folds letters Unicode does not decompose', () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Æsir Œuvre Søren Łódź Đorđe þorn ıi')).toBe('aesir oeuvre soren lodz dorde thorn ii');
  });

  it('leaves scripts without case or accents readable', () => {
    expect(fold('日本語')).toBe('日本語');
    expect(fold('Привет')).toBe('привет');
  });
});

describe('queryTokens', () => {
  it('splits a folded query on any whitespace; an empty or blank query has no tokens', () => {
    expect(queryTokens('  Café\tNoir\n Rouge ')).toEqual(['cafe', 'noir', 'rouge']);
    expect(queryTokens('')).toEqual([]);
    expect(queryTokens(' \t\n ')).toEqual([]);
  });
});

describe('matchesTokens', () => {
  const key = fold('The Café at the End of the Universe — Émilie');
  it('matches only when every token occurs, in any order', () => {
    expect(matchesTokens(key, queryTokens('universe CAFE'))).toBe(true);
    expect(matchesTokens(key, queryTokens('emilie end'))).toBe(true);
    expect(matchesTokens(key, queryTokens('cafe restaurant'))).toBe(false);
  });

  it('matches everything with no tokens', () => {
    expect(matchesTokens(key, [])).toBe(true);
  });

  it('treats regex characters in a query as text', () => {
    expect(matchesTokens(fold('a.b (c)'), queryTokens('.*'))).toBe(false);
    expect(matchesTokens(fold('a.b (c)'), queryTokens('(c)'))).toBe(true);
  });
});
