/**
 * Which language a chapter is written in: from the page's own `lang` when it is believable, else
 * from the text (the share of each language's most frequent function words, from the lexicons'
 * `stopwords`). Only the stop-word lists are bundled here, not the lexicons.
 */
import { stopwords as de } from './lexicon/de.json';
import { stopwords as en } from './lexicon/en.json';
import { stopwords as es } from './lexicon/es.json';
import { stopwords as fr } from './lexicon/fr.json';
import { stopwords as id } from './lexicon/id.json';
import { stopwords as it } from './lexicon/it.json';
import { stopwords as nl } from './lexicon/nl.json';
import { stopwords as pl } from './lexicon/pl.json';
import { stopwords as pt } from './lexicon/pt.json';
import { stopwords as ru } from './lexicon/ru.json';
import { stopwords as tl } from './lexicon/tl.json';
import { stopwords as tr } from './lexicon/tr.json';
import { stopwords as vi } from './lexicon/vi.json';
import { normalizeForMatch, tokenize } from './lexicon';

const LISTS: Record<string, string[]> = { en, es, pt, fr, de, it, id, ru, pl, nl, tr, vi, tl };

/** The languages the detector has a lexicon for. */
export const LANGUAGES = Object.keys(LISTS);

let index: Map<string, number[]> | null = null;

function stopIndex(): Map<string, number[]> {
  if (index) return index;
  index = new Map();
  LANGUAGES.forEach((lang, li) => {
    for (const w of LISTS[lang]) {
      for (const t of tokenize(normalizeForMatch(w)).words) {
        const l = index!.get(t) ?? [];
        if (!l.includes(li)) l.push(li);
        index!.set(t, l);
      }
    }
  });
  return index;
}

/** "pt-BR" -> "pt"; null when not a language with a lexicon. */
export function baseLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (base === 'fil') return 'tl';
  if (base === 'in') return 'id';
  return LANGUAGES.includes(base) ? base : null;
}

/**
 * The chapter's language. `texts` are block texts (a sample of ~4,000 words is read, from the
 * middle out); `hint` is the page's `lang`. A site-wide default (FanFiction.net says "en" on every
 * page) loses to a text that is clearly in another language.
 */
export function detectLanguage(texts: string[], hint?: string | null): string {
  const idx = stopIndex();
  const score = new Float64Array(LANGUAGES.length);
  let words = 0;
  const n = texts.length;
  const mid = Math.floor(n / 2);
  for (let k = 0; k < n && words < 4000; k++) {
    const i = k % 2 ? mid - (k + 1) / 2 : mid + k / 2;
    if (i < 0 || i >= n) continue;
    const toks = tokenize(normalizeForMatch(texts[i].slice(0, 3000)), 400).words;
    words += toks.length;
    for (const t of toks) {
      const l = idx.get(t);
      if (!l) continue;
      for (const li of l) score[li] += 1 / l.length;
    }
  }
  let best = 0;
  for (let i = 1; i < score.length; i++) if (score[i] > score[best]) best = i;
  const h = baseLanguage(hint);
  if (h) {
    const hs = score[LANGUAGES.indexOf(h)];
    if (score[best] === 0 || hs * 2 >= score[best]) return h;
  }
  return score[best] > 0 && score[best] >= Math.min(words, 200) * 0.05 ? LANGUAGES[best] : h ?? 'en';
}
