/** The English lexicon, compiled once: the matcher every page starts with (English turns up in notes of every language). */
import en from './lexicon/en.json';
import { compileLexicons, type Concept, type Lexicon, type Matcher } from './lexicon';

export const EN = en as Lexicon;

/** Concepts that count only in the page's own language: "i" is a pronoun in English, an article in Italian. */
const OWN_LANGUAGE_ONLY: Concept[] = ['firstPerson', 'secondPerson', 'thirdPerson', 'speech'];

let cached: Matcher | null = null;

export function englishMatcher(): Matcher {
  return (cached ??= compileLexicons([EN]));
}

/** English plus another language's lexicon (checked by the caller); English pronouns and verbs left out. */
export function matcherWith(lex: Lexicon | null): Matcher {
  if (!lex || lex.lang === 'en') return englishMatcher();
  const concepts = { ...EN.concepts };
  for (const c of OWN_LANGUAGE_ONLY) delete concepts[c];
  return compileLexicons([{ ...EN, concepts }, lex]);
}
