/**
 * The lexicons the detector can use, registered as they arrive: lexicons.ts registers every
 * language (the worker, where the detector runs for pages, the CLI tools, the tests). Lexicons
 * from elsewhere are data: each is checked before it is used.
 */
import { compileLexicons, isLexicon, type Concept, type Lexicon, type Matcher } from './lexicon';

/** Concepts that count only in the page's own language: "i" is a pronoun in English, an article in Italian. */
const OWN_LANGUAGE_ONLY: Concept[] = ['firstPerson', 'secondPerson', 'thirdPerson', 'speech', 'present', 'past'];

const registered = new Map<string, Lexicon>();
const stopwords = new Map<string, string[]>();
const compiled = new Map<string, Matcher>();

/** Make a language's lexicon available; false when it is not a well-formed lexicon. */
export function registerLexicon(lex: unknown): boolean {
  if (!isLexicon(lex)) return false;
  registered.set(lex.lang, lex);
  stopwords.set(lex.lang, lex.stopwords);
  compiled.clear();
  return true;
}

/** Every language's stop words (for telling the page's language), without the rest of the lexicons. */
export function registerStopwords(table: unknown): boolean {
  if (!table || typeof table !== 'object') return false;
  let ok = true;
  for (const [lang, words] of Object.entries(table as Record<string, unknown>)) {
    if (/^[a-z]{2,3}$/.test(lang) && Array.isArray(words) && words.length <= 500 && words.every((w) => typeof w === 'string' && w.length <= 40)) {
      if (!stopwords.has(lang)) stopwords.set(lang, words as string[]);
    } else ok = false;
  }
  return ok;
}

export function hasLexicon(lang: string): boolean {
  return registered.has(lang);
}

export function lexiconOf(lang: string): Lexicon | null {
  return registered.get(lang) ?? null;
}

/** Stop words per language, for the languages known so far. */
export function stopwordTable(): ReadonlyMap<string, string[]> {
  return stopwords;
}

/**
 * The matcher for a page in `lang`: English (it turns up in notes of every language) plus that
 * language's lexicon, English pronouns, verbs and tense words left out; English alone when the
 * language has no lexicon here; nothing at all before any lexicon is registered (the detector then
 * reads the blocks' shape only).
 */
export function matcherFor(lang: string): Matcher {
  const key = registered.has(lang) ? lang : 'en';
  let m = compiled.get(key);
  if (m) return m;
  const en = registered.get('en');
  const list: Lexicon[] = [];
  if (key === 'en') {
    if (en) list.push(en);
  } else {
    if (en) {
      const concepts = { ...en.concepts };
      for (const c of OWN_LANGUAGE_ONLY) delete concepts[c];
      list.push({ ...en, concepts });
    }
    list.push(registered.get(key)!);
  }
  compiled.set(key, (m = compileLexicons(list)));
  return m;
}

export function englishMatcher(): Matcher {
  return matcherFor('en');
}
