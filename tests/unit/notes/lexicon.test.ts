import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../../lib/notes/features';
import { detectLanguage, baseLanguage } from '../../../lib/notes/language';
import { CONCEPTS, compileLexicons, findHits, isLexicon, normalizeForMatch, tokenize } from '../../../lib/notes/lexicon';
import { LEXICONS } from '../../../lib/notes/lexicons';
import { registerLexicon, registerStopwords } from '../../../lib/notes/matchers';
import { CONTEXT, MODEL } from '../../../lib/notes/model';
import names from '../../../lib/notes/model-names.json';
import { loadLanguageChapters } from '../../../scripts/notes-fixtures';
import { textOf } from '../../../lib/notes/evaluate';

describe('lexicons (data files)', () => {
  it.each(Object.keys(LEXICONS))('%s is a well-formed lexicon with every concept', (lang) => {
    const lex = LEXICONS[lang];
    expect(isLexicon(lex)).toBe(true);
    expect(lex.lang).toBe(lang);
    for (const c of CONCEPTS) expect(lex.concepts[c]?.length ?? 0, `${lang}.${c}`).toBeGreaterThan(0);
    expect(lex.stopwords.length).toBeGreaterThanOrEqual(20);
  });

  it('matches phrases on whole words, with accents and case ignored, and stems with *', () => {
    const m = compileLexicons([{ lang: 'xx', stopwords: [], concepts: { thanks: ['merci beaucoup'], review: ['recensi*'], chapter: ['capítulo'] } }]);
    const hits: string[] = [];
    findHits(m, tokenize(normalizeForMatch('MERCI beaucoup pour les Recensioni du CAPITULO; précapitulo')).words, (h) => hits.push(CONCEPTS[h.concept]));
    expect(hits.sort()).toEqual(['chapter', 'review', 'thanks']);
  });

  it('refuses malformed lexicons and stop-word tables from elsewhere', () => {
    expect(registerLexicon({ lang: 'en', stopwords: [], concepts: { nope: ['x'] } })).toBe(false);
    expect(registerLexicon({ lang: '../x', stopwords: [], concepts: {} })).toBe(false);
    expect(registerLexicon(null)).toBe(false);
    expect(registerStopwords({ 'x x': ['a'] })).toBe(false);
    expect(registerStopwords({ zz: 'not a list' })).toBe(false);
  });
});

describe('language of a chapter', () => {
  it('reads every hand-written chapter in its own language, with no help from the page', () => {
    const wrong = loadLanguageChapters()
      .map((c) => [c.id, c.lang, detectLanguage(c.blocks.map(textOf))])
      .filter(([, want, got]) => want !== got);
    expect(wrong).toEqual([]);
  });
  it('believes the page unless the text clearly says otherwise', () => {
    const italian = ['Lei lo guardò senza dire niente, poi si voltò verso la finestra e sospirò.', 'Non era la prima volta che succedeva, e non sarebbe stata l’ultima.'];
    expect(detectLanguage(italian, 'en')).toBe('it');
    expect(detectLanguage(['Ok.'], 'pt-BR')).toBe('pt');
    expect(baseLanguage('fil-PH')).toBe('tl');
  });
});

describe('the learned model', () => {
  it('has one weight per feature, named as the code names them', () => {
    expect(names.features).toEqual(FEATURES);
    expect(names.context).toEqual(CONTEXT);
    expect(MODEL.stage1.w).toHaveLength(FEATURES.length);
    expect(MODEL.stage2.w).toHaveLength(FEATURES.length + CONTEXT.length);
    for (const w of [...MODEL.stage1.w, ...MODEL.stage2.w]) expect(Number.isFinite(w)).toBe(true);
  });
});
