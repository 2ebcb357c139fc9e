/**
 * Every language's lexicon, registered with the matchers on import. Imported by the worker (which
 * runs the detector for every page: lib/background/notes-detect.ts), the CLI tools and the tests;
 * no content script carries a word list.
 */
import de from './lexicon/de.json';
import en from './lexicon/en.json';
import es from './lexicon/es.json';
import fr from './lexicon/fr.json';
import id from './lexicon/id.json';
import it from './lexicon/it.json';
import nl from './lexicon/nl.json';
import pl from './lexicon/pl.json';
import pt from './lexicon/pt.json';
import ru from './lexicon/ru.json';
import tl from './lexicon/tl.json';
import tr from './lexicon/tr.json';
import vi from './lexicon/vi.json';
import type { Lexicon } from './lexicon';
import { registerLexicon } from './matchers';

export const LEXICONS: Record<string, Lexicon> = { en, es, pt, fr, de, it, id, ru, pl, nl, tr, vi, tl } as Record<string, Lexicon>;

for (const lex of Object.values(LEXICONS)) if (!registerLexicon(lex)) throw new Error(`lexicon ${lex.lang} is malformed`);

/** Every language's stop words (what a content script needs to tell a page's language). */
export function stopwordsByLanguage(): Record<string, string[]> {
  return Object.fromEntries(Object.values(LEXICONS).map((l) => [l.lang, l.stopwords]));
}

export { matcherFor } from './matchers';
