/** lib/notes/language.ts: a chapter's language from its page's `lang` when believable, else from its words. */
import { describe, expect, it } from 'vitest';
import { baseLanguage, detectLanguage } from '../../../lib/notes/language';
import '../../../lib/notes/lexicons';
import { normalizeForMatch, tokenize } from '../../../lib/notes/lexicon';
import { stopwordTable } from '../../../lib/notes/matchers';
import { textOf } from '../../../lib/notes/evaluate';
import { HAND_DIRS, loadChapters, loadLanguageChapters } from '../../../scripts/notes-fixtures';

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

/**
 * The answer when every sampled word is read (up to ~4,000): what detectLanguage computed before it
 * learned to stop once the page's own language is certain to win.
 */
function readingEverything(texts: string[], hint?: string | null): string {
  const table = stopwordTable();
  const langs = [...table.keys()];
  const index = new Map<string, number[]>();
  langs.forEach((lang, li) => {
    for (const w of table.get(lang)!) for (const t of tokenize(normalizeForMatch(w)).words) if (!(index.get(t) ?? []).includes(li)) index.set(t, [...(index.get(t) ?? []), li]);
  });
  const score = new Float64Array(langs.length);
  let words = 0;
  const mid = Math.floor(texts.length / 2);
  for (let k = 0; k < texts.length && words < 4000; k++) {
    const i = k % 2 ? mid - (k + 1) / 2 : mid + k / 2;
    if (i < 0 || i >= texts.length) continue;
    const toks = tokenize(normalizeForMatch(texts[i].slice(0, 3000)), 400).words;
    words += toks.length;
    for (const t of toks) for (const li of index.get(t) ?? []) score[li] += 1 / index.get(t)!.length;
  }
  let best = 0;
  for (let i = 1; i < score.length; i++) if (score[i] > score[best]) best = i;
  const h = baseLanguage(hint);
  const hi = h ? langs.indexOf(h) : -1;
  if (h && (score[best] === 0 || (hi >= 0 && score[hi] * 2 >= score[best]))) return h;
  return score[best] > 0 && score[best] >= Math.min(words, 200) * 0.05 ? langs[best] : (h ?? 'en');
}

describe('detectLanguage stops reading once the hint is certain', () => {
  it('answers as reading every sampled word would, on every hand-written chapter, under every hint', () => {
    const chapters = [...loadChapters(HAND_DIRS), ...loadLanguageChapters()];
    expect(chapters.length).toBeGreaterThan(100);
    const hints = [undefined, 'en', 'es', 'de', 'fr', 'ru', 'pt-BR', 'xx'];
    let checked = 0;
    for (const c of chapters) {
      const texts = c.blocks.map(textOf);
      // Long chapters too: the hand-written ones are short, the early stop shows on long ones.
      for (const t of [texts, [...texts, ...texts, ...texts, ...texts, ...texts, ...texts, ...texts, ...texts]]) {
        for (const hint of [c.lang, ...hints]) {
          expect(detectLanguage(t, hint), `${c.id} hint ${hint}`).toBe(readingEverything(t, hint));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('keeps a close call for the other language: a text half in each, hinted either way', () => {
    const mixed = Array.from({ length: 120 }, (_, i) => (i % 2 ? SPANISH[i % 2] : ENGLISH[i % 2]) + ' ' + (i % 3 ? GERMAN[0] : ''));
    for (const hint of ['en', 'es', 'de', null]) expect(detectLanguage(mixed, hint), String(hint)).toBe(readingEverything(mixed, hint));
  });
});
