/**
 * Every language's lexicon, and the matcher for a page in one language (that language's words
 * plus English, which turns up in notes of every language). Bundled by the worker, the CLI tools
 * and the generic reader; the site content scripts get a non-English lexicon from the worker
 * (`notes/lexicon`) so their bundles carry English only.
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
import { matcherWith } from './lexicon-en';
import type { Lexicon, Matcher } from './lexicon';

export const LEXICONS: Record<string, Lexicon> = { en, es, pt, fr, de, it, id, ru, pl, nl, tr, vi, tl } as Record<string, Lexicon>;

const cache = new Map<string, Matcher>();

/** The matcher for a page in `lang` (English alone for English or an unknown language). */
export function matcherFor(lang: string): Matcher {
  const lex = LEXICONS[lang];
  if (!lex || lang === 'en') return matcherWith(null);
  let m = cache.get(lang);
  if (!m) cache.set(lang, (m = matcherWith(lex)));
  return m;
}
