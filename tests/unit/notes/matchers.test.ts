/** lib/notes/matchers.ts: lexicons registered as they arrive (some from the worker: checked first) and the matcher per page language. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LEXICONS } from '../../../lib/notes/lexicons';
import { conceptIndex, findHits, type Matcher } from '../../../lib/notes/lexicon';

type Matchers = typeof import('../../../lib/notes/matchers');
let m: Matchers;

/** A fresh registry for each test (the shared one has every language registered by lexicons.ts). */
beforeEach(async () => {
  vi.resetModules();
  m = await import('../../../lib/notes/matchers');
});

const en = LEXICONS.en;
const it_ = LEXICONS.it;

describe('registerLexicon', () => {
  it('registers a well-formed lexicon with its stop words', () => {
    expect(m.hasLexicon('it')).toBe(false);
    expect(m.registerLexicon(it_)).toBe(true);
    expect(m.hasLexicon('it')).toBe(true);
    expect(m.lexiconOf('it')).toBe(it_);
    expect(m.stopwordTable().get('it')).toEqual(it_.stopwords);
  });

  it('refuses malformed lexicons from elsewhere and registers nothing', () => {
    const bad: unknown[] = [
      null,
      'en',
      { ...en, lang: 'EN' },
      { ...en, lang: 'english' },
      { ...en, stopwords: [1, 2] },
      { ...en, concepts: null },
      { ...en, concepts: { notAConcept: ['x'] } },
      { ...en, concepts: { ...en.concepts, speech: 'said' } },
    ];
    for (const lex of bad) expect(m.registerLexicon(lex), JSON.stringify(lex)?.slice(0, 40)).toBe(false);
    expect(m.hasLexicon('en')).toBe(false);
    expect(m.stopwordTable().size).toBe(0);
  });
});

describe('registerStopwords', () => {
  it('takes each well-formed language and refuses the rest', () => {
    const ok = m.registerStopwords({ fr: ['le', 'la'], XX: ['a'], de: 'der', es: [1], pt: Array(501).fill('a'), nl: ['x'.repeat(41)] });
    expect(ok).toBe(false);
    expect([...m.stopwordTable().keys()]).toEqual(['fr']);
    expect(m.registerStopwords(null)).toBe(false);
    expect(m.registerStopwords('fr')).toBe(false);
    expect(m.registerStopwords({ it: ['il'] })).toBe(true);
  });

  it("never replaces a language's stop words already known from its lexicon", () => {
    m.registerLexicon(it_);
    m.registerStopwords({ it: ['fake'] });
    expect(m.stopwordTable().get('it')).toEqual(it_.stopwords);
  });
});

describe('matcherFor', () => {
  it('has nothing to match before any lexicon is registered', () => {
    const matcher = m.matcherFor('en');
    expect(matcher.langs).toEqual([]);
    expect(matcher.first.size).toBe(0);
  });

  it('is English alone for English and for a language without a lexicon here', () => {
    m.registerLexicon(en);
    expect(m.matcherFor('en').langs).toEqual(['en']);
    expect(m.matcherFor('ja').langs).toEqual(['en']);
    expect(m.matcherFor('ja')).toBe(m.englishMatcher());
  });

  it("is English plus the page's language, English pronouns and tense words left out", () => {
    m.registerLexicon(en);
    m.registerLexicon(it_);
    const both = m.matcherFor('it');
    expect(both.langs).toEqual(['en', 'it']);
    const first = conceptIndex('firstPerson');
    const conceptsOf = (matcher: Matcher, word: string) => {
      const found: number[] = [];
      findHits(matcher, [word], (h) => void found.push(h.concept));
      return found;
    };
    // "I" is a first-person pronoun on an English page, not on an Italian one.
    expect(conceptsOf(m.matcherFor('en'), 'i')).toContain(first);
    expect(conceptsOf(both, 'i')).not.toContain(first);
    const englishFirst = en.concepts.firstPerson;
    expect(m.lexiconOf('en')?.concepts.firstPerson).toEqual(englishFirst);
  });

  it('compiles again when a lexicon arrives later', () => {
    m.registerLexicon(en);
    const before = m.matcherFor('it');
    m.registerLexicon(it_);
    const after = m.matcherFor('it');
    expect(after).not.toBe(before);
    expect(after.langs).toEqual(['en', 'it']);
  });
});
