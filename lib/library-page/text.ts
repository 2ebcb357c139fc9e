/** Search text folding: case- and accent-insensitive matching without a locale-aware collator. */

/** Letters that Unicode does not decompose into base letter + mark. */
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const EXTRA_RE = /[ßæœøłđðþı]/g;
const MARKS_RE = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** "Émilie's Café" -> "emilie's cafe". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: plain ASCII needs no decomposition.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS_RE, '').replace(EXTRA_RE, (c) => EXTRA_FOLDS[c] ?? c);
}

/** A query -> folded words, all of which must match (multi-word AND). Empty query -> []. */
export function queryTokens(query: string): string[] {
  return fold(query)
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Every token occurs somewhere in the (already folded) key. */
export function matchesTokens(key: string, tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (!key.includes(tokens[i])) return false;
  return true;
}
