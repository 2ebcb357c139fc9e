/**
 * Which language a chapter is written in: from the page's own `lang` when it is believable, else
 * from the text (the share of each language's most frequent function words: the lexicons'
 * `stopwords`, registered in matchers.ts).
 */
import { normalizeForMatch, tokenize } from './lexicon';
import { stopwordTable } from './matchers';

/** The most words read, and the most one text adds (the loop below stops past MAX_WORDS). */
const MAX_WORDS = 4000;
const MAX_PER_TEXT = 400;

let index: { langs: string[]; words: Map<string, number[]>; size: number } | null = null;

function stopIndex(): { langs: string[]; words: Map<string, number[]>; size: number } {
  const table = stopwordTable();
  if (index && index.size === table.size) return index;
  const langs = [...table.keys()];
  const words = new Map<string, number[]>();
  langs.forEach((lang, li) => {
    for (const w of table.get(lang)!) {
      for (const t of tokenize(normalizeForMatch(w)).words) {
        const l = words.get(t) ?? [];
        if (!l.includes(li)) l.push(li);
        words.set(t, l);
      }
    }
  });
  return (index = { langs, words, size: table.size });
}

/** "pt-BR" -> "pt"; "fil" -> "tl"; null for an empty tag. */
export function baseLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (!/^[a-z]{2,3}$/.test(base)) return null;
  return base === 'fil' ? 'tl' : base === 'in' ? 'id' : base;
}

/**
 * The chapter's language. `texts` are block texts (a sample of ~4,000 words is read, from the
 * middle out); `hint` is the page's `lang`. A site-wide default (FanFiction.net says "en" on every
 * page) loses to a text that is clearly in another language.
 */
export function detectLanguage(texts: string[], hint?: string | null): string {
  const { langs, words: idx } = stopIndex();
  const score = new Float64Array(langs.length);
  let words = 0;
  const n = texts.length;
  const mid = Math.floor(n / 2);
  const h = baseLanguage(hint);
  const hi = h ? langs.indexOf(h) : -1;
  for (let k = 0; k < n && words < MAX_WORDS; k++) {
    const i = k % 2 ? mid - (k + 1) / 2 : mid + k / 2;
    if (i < 0 || i >= n) continue;
    const toks = tokenize(normalizeForMatch(texts[i].slice(0, 3000)), MAX_PER_TEXT).words;
    words += toks.length;
    for (const t of toks) {
      const l = idx.get(t);
      if (!l) continue;
      for (const li of l) score[li] += 1 / l.length;
    }
    // Decided already: a word adds at most 1 to any language's score, so when the hint's language
    // keeps at least half of every other's even if every word still to come went to that one, the
    // answer is the hint's (below). Most pages say their language, and say it right.
    if (hi >= 0 && words < MAX_WORDS && score[hi] * 2 >= maxOther(score, hi) + (MAX_WORDS + MAX_PER_TEXT - words) + 1) return h!;
  }
  let best = 0;
  for (let i = 1; i < score.length; i++) if (score[i] > score[best]) best = i;
  if (h) {
    const hs = hi >= 0 ? score[hi] : 0;
    if (!langs.length || score[best] === 0 || (hi >= 0 && hs * 2 >= score[best])) return h;
  }
  return langs.length && score[best] > 0 && score[best] >= Math.min(words, 200) * 0.05 ? langs[best] : h ?? 'en';
}

/** The highest score but the one at `skip`. */
function maxOther(a: Float64Array, skip: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (i !== skip && a[i] > m) m = a[i];
  return m;
}
