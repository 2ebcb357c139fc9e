/** lib/notes/language.ts: a chapter's language from its page's `lang` when believable, else from its words. */
import { describe, expect, it } from 'vitest';
import { baseLanguage, detectLanguage } from '../../../lib/notes/language';
import '../../../lib/notes/lexicons';

const ENGLISH = [
  'She had not been there for a long time, and the house was colder than she remembered it.',
  'When he came back with the tea, they sat by the window and said nothing at all for a while.',
];
const SPANISH = [
  'Ella no había estado allí desde hacía mucho tiempo, y la casa estaba más fría de lo que recordaba.',
  'Cuando él volvió con el té, se sentaron junto a la ventana y no dijeron nada durante un rato.',
];
const GERMAN = [
  'Sie war schon lange nicht mehr dort gewesen, und das Haus war kälter, als sie es in Erinnerung hatte.',
  'Als er mit dem Tee zurückkam, saßen sie am Fenster und sagten eine Weile gar nichts.',
];

describe('baseLanguage', () => {
  it('takes the base of a language tag, lower-cased, either separator', () => {
    expect(baseLanguage('pt-BR')).toBe('pt');
    expect(baseLanguage(' EN_gb ')).toBe('en');
    expect(baseLanguage('de')).toBe('de');
  });

  it('maps Filipino to Tagalog and the old Indonesian tag to the new', () => {
    expect(baseLanguage('fil')).toBe('tl');
    expect(baseLanguage('in')).toBe('id');
  });

  it('refuses empty and unbelievable tags from the page', () => {
    for (const tag of [null, undefined, '', '   ', 'x', 'english', '12', 'e1', '<script>', '-en']) expect(baseLanguage(tag), String(tag)).toBeNull();
  });
});

describe('detectLanguage', () => {
  it('reads the language from the words when the page says nothing', () => {
    expect(detectLanguage(ENGLISH)).toBe('en');
    expect(detectLanguage(SPANISH)).toBe('es');
    expect(detectLanguage(GERMAN)).toBe('de');
  });

  it("believes the page's lang when the text agrees or says too little", () => {
    expect(detectLanguage(SPANISH, 'es-MX')).toBe('es');
    expect(detectLanguage(['Ok.'], 'fr')).toBe('fr');
    expect(detectLanguage([], 'pl')).toBe('pl');
  });

  it('lets a text clearly in another language beat a site-wide default', () => {
    expect(detectLanguage(SPANISH, 'en')).toBe('es');
    expect(detectLanguage(GERMAN, 'en')).toBe('de');
  });

  it('falls back to English with neither words nor a believable hint, never throwing on odd input', () => {
    expect(detectLanguage([])).toBe('en');
    expect(detectLanguage(['12345 !!! ...'], 'not a tag')).toBe('en');
    expect(detectLanguage(['日本語の文章です。'])).toBe('en');
    expect(() => detectLanguage(['x'.repeat(1_000_000)])).not.toThrow();
  });

  it('reads from the middle of the chapter out, so front matter in another language does not decide', () => {
    const blocks = ['Disclaimer: I do not own these characters, and this is the author note.', ...SPANISH, ...SPANISH, ...SPANISH];
    expect(detectLanguage(blocks)).toBe('es');
  });
});
