import { describe, expect, it } from 'vitest';
import { blockInfo, capitalisedNames, F, isSeparatorBlock, isSeparatorText, isTitleLine, normalizeForMatch } from '../../../lib/notes/features';
import { blockShape, htmlToText } from '../../../lib/notes/html-text';
import { CONCEPTS } from '../../../lib/notes/lexicon';
import '../../../lib/notes/lexicons';
import { matcherFor } from '../../../lib/notes/matchers';
import { HAND_DIRS, loadChapters, loadLanguageChapters } from '../../../scripts/notes-fixtures';
import { textOf } from '../../../lib/notes/evaluate';
import { dot, MODEL } from '../../../lib/notes/model';

const info = (html: string, lang = 'en') => blockInfo(html, htmlToText(html), matcherFor(lang));
const stage1 = (html: string, lang = 'en') => dot(MODEL.stage1, info(html, lang).x);
const concept = (html: string, c: (typeof CONCEPTS)[number], lang = 'en') => info(html, lang).x[F[`c:${c}`]];

describe('html helpers', () => {
  it('turns block html into collapsed text without a DOM', () => {
    expect(htmlToText('<p>Tom &amp; Jerry<br>said &ldquo;hi&rdquo;&#33; &#x263A;</p>')).toBe('Tom & Jerry said “hi”! ☺');
  });
  it('reads the block shape', () => {
    expect(blockShape('<p align="center"><strong><em>x y</em></strong></p>')).toMatchObject({ centered: true, allBold: true, allItalic: true });
    expect(blockShape('<p><strong>Guest:</strong> thanks!</p>')).toMatchObject({ allBold: false, leadBold: 'Guest:' });
    expect(blockShape('<hr>').rule).toBe(true);
  });
  it('normalises for matching', () => {
    expect(normalizeForMatch('Perdón  POR la Tardanza’s')).toBe("perdon por la tardanza's");
  });
});

describe('separators', () => {
  it.each(['***', '* * *', '~~~', 'xXx', 'XxXxX', 'oOo', '-x-x-', '———', '§', '~*~*~', '', 'Line Break'])('%j is a divider', (t) => {
    expect(isSeparatorText(t)).toBe(true);
  });
  it.each(['Ok.', 'No', 'xoxo, Wren', 'Chapter 3', '...and then?'])('%j is not a divider', (t) => {
    expect(isSeparatorText(t)).toBe(false);
  });
  it('an <hr> is a divider', () => expect(isSeparatorBlock('<hr size="1" noshade>', '')).toBe(true));
});

describe('note labels', () => {
  it.each([
    ['<p>A/N: hi</p>', 'en'],
    ['<p>AN: quick one</p>', 'en'],
    ["<p><strong>Author's Note:</strong> hello</p>", 'en'],
    ['<p>Note: the spell is made up.</p>', 'en'],
    ["<p>Author's Footnote: I have a mailing list.</p>", 'en'],
    ['<p>N/A: ¡Hola!</p>', 'es'],
    ['<p>Nota de la autora: gracias</p>', 'es'],
    ['<p>Notas iniciais: oi gente</p>', 'pt'],
    ['<p>NdA : merci à tous</p>', 'fr'],
    ["<p>Note de l'auteure : coucou</p>", 'fr'],
    ['<p>Anmerkung: Perspektivwechsel</p>', 'de'],
    ["<p>Note dell'autrice: eccomi!</p>", 'it'],
    ['<p>Примечание автора: спасибо</p>', 'ru'],
    ['<p>Disclaimer: I own nothing.</p>', 'en'],
    ['<p>[A/N: quick note]</p>', 'en'],
    ['<p>TW: blood</p>', 'en'],
    ['<p>Edit: fixed typos</p>', 'en'],
    ['<p>P.S. the next one is longer</p>', 'en'],
  ])('%s opens a note (%s)', (html, lang) => expect(info(html, lang).marker).toBe(true));

  it.each([
    '<p>An old man sat by the fire.</p>',
    '<p>An: Hermine Granger</p>',
    '<p>Note to self: buy a scarecrow.</p>',
    '<p>Nothing moved.</p>',
  ])('%s does not', (html) => expect(info(html).marker).toBe(false));
});

describe('concepts from the lexicons, in every language', () => {
  it.each([
    ['en', '<p>Thank you so much for reading!</p>', 'thanks'],
    ['es', '<p>¡Gracias por leer!</p>', 'thanks'],
    ['pt', '<p>Obrigada por ler, gente!</p>', 'thanks'],
    ['fr', "<p>Merci pour vos reviews !</p>", 'thanks'],
    ['de', '<p>Danke fürs Lesen, ihr Lieben!</p>', 'thanks'],
    ['it', '<p>Grazie a chi recensisce!</p>', 'thanks'],
    ['ru', '<p>Спасибо за отзывы!</p>', 'thanks'],
    ['id', '<p>Terima kasih sudah membaca!</p>', 'thanks'],
    ['en', '<p>Please review, it makes my day.</p>', 'askFeedback'],
    ['es', '<p>Nos leemos en el próximo capítulo.</p>', 'chapter'],
  ] as const)('%s: %s has %s', (lang, html, c) => expect(concept(html, c, lang)).toBeGreaterThan(0));

  it('an entry matches whole words only', () => {
    expect(concept('<p>He looked at the preview.</p>', 'review')).toBe(0);
    expect(concept('<p>Thanks for the reviews!</p>', 'review')).toBeGreaterThan(0);
  });

  it('English pronouns do not count on a page in another language', () => {
    expect(concept('<p>I ragazzi erano stanchi.</p>', 'firstPerson', 'it')).toBe(0);
    expect(concept('<p>I was tired.</p>', 'firstPerson', 'en')).toBeGreaterThan(0);
  });
});

describe('shape', () => {
  it('recognises chapter headings', () => {
    expect(info('<p align="center"><strong>Chapter Four: The Thaw</strong></p>').heading).toBe(true);
    expect(info('<p><strong>Capítulo 3</strong></p>', 'es').heading).toBe(true);
    expect(info('<h2>Kapitel 7</h2>', 'de').heading).toBe(true);
    expect(info('<p><strong>Review replies!</strong></p>').heading).toBe(false);
    expect(info('<p>He ran.</p>').heading).toBe(false);
  });
  it('recognises a signature line but not a dialogue dash line', () => {
    expect(info('<p>— Wren</p>').x[F.signature]).toBe(1);
    expect(info('<p>—Llegas tarde.</p>', 'es').x[F.signature]).toBe(0);
    expect(info('<p>—Llegas tarde.</p>', 'es').dialogueStart).toBe(true);
    expect(info('<p>« Tu viens ? » demanda-t-elle.</p>', 'fr').dialogueStart).toBe(true);
  });
  it('counts header fields', () => {
    expect(info('<p>Title: Winter<br>Rating: T<br>Pairing: A/B<br>Genre: Angst</p>').x[F.headerFields]).toBeGreaterThanOrEqual(1.5);
  });
  it('recognises a title-like line (a story title or scene heading), not a note line or a sentence', () => {
    expect(isTitleLine('Memories are Gold and Death is Cheap', 7)).toBe(true);
    expect(info('<p>Die Rückkehr des Königs</p>', 'de').title).toBe(true);
    expect(info('<p>Review Please!</p>').title).toBe(false);
    expect(info('<p>Updated 11/04/2011</p>').title).toBe(false);
    expect(info("<p>Author's Notes</p>").title).toBe(false);
    expect(info('<p>He ran to the Great Hall.</p>').title).toBe(false);
    expect(info('<p>the rain kept falling on the roof</p>').title).toBe(false);
    expect(info('<p>CURRENTLY UNDER HEAVY REVISION</p>').title).toBe(false);
  });
  it('recognises an update stamp line and short lines dense with author talk', () => {
    expect(info('<p>Updated 3/14/2019</p>').x[F.stampLine]).toBe(1);
    expect(info('<p>Actualizado el 2/6/2020</p>', 'es').x[F.stampLine]).toBe(1);
    expect(info('<p>9:10 am, March 3rd, 2004</p>').x[F.stampLine]).toBe(0);
    expect(info('<p>Big thanks to my beta reader, Sol!</p>').x[F.denseShort]).toBe(1);
    expect(info('<p>Big thanks to my beta reader, Sol!</p>').x[F.noteConcepts]).toBeGreaterThanOrEqual(1);
    expect(info('<p>Sol thanked the guard and walked on into the rain.</p>').x[F.noteConcepts]).toBe(0);
  });
  it('finds recurring-name candidates, not sentence starts', () => {
    expect(capitalisedNames('The door opened and Neville saw Luna. She waved.')).toEqual(['Neville', 'Luna']);
  });
});

describe('stage-1 scores (the learned weights)', () => {
  it.each([
    ['en', '<p>Thank you so much for reading! Please review, it makes my day :)</p>'],
    ['es', '<p>¡Gracias por leer! No olviden votar y comentar. ¡Nos leemos!</p>'],
    ['pt', '<p>Obrigada por ler, gente! Deixem seus comentários, beijos!</p>'],
    ['fr', "<p>Merci d'avoir lu ! Laissez une review, bisous et à la prochaine !</p>"],
    ['de', '<p>Danke fürs Lesen, ihr Lieben! Bis zum nächsten Kapitel!</p>'],
    ['en', '<p>Patrons get five advance chapters, and the Discord link is on my profile!</p>'],
    ['en', '<p>Disclaimer: everything belongs to Tolkien; no copyright infringement intended.</p>'],
  ])('%s note talk scores above story', (lang, html) => expect(stage1(html, lang)).toBeGreaterThan(0));

  it.each([
    ['en', '<p>"Don\'t," said Geralt, and turned back to the fire.</p>'],
    ['es', '<p>—Vas a dejar el suelo sin piedra —dijo Usagi desde abajo.</p>'],
    ['pt', '<p>—Você voltou —disse Sakura, parada no meio da rua.</p>'],
    ['fr', '<p>« Tu sais qu\'il est presque minuit ? » demanda une voix derrière elle.</p>'],
    ['de', '<p>„Du hast nicht geschlafen“, sagte Legolas neben ihm.</p>'],
    ['en', '<p>The frost had come down over the grounds in the night, and he walked to the greenhouse alone.</p>'],
  ])('%s story scores negative', (lang, html) => expect(stage1(html, lang)).toBeLessThan(0));
});

describe('names and title lines on plain text (ASCII patterns there) as with the Unicode patterns', () => {
  /** What capitalisedNames and isTitleLine did with Unicode classes on every text. */
  const NAME_RE = /([.!?:;"“”«»—–\-]\s*|^\s*)?\b(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?)/gu;
  const CAPITAL_START = /^[^\p{L}]*\p{Lu}/u;
  const namesBefore = (text: string) => {
    const out: string[] = [];
    for (const m of text.matchAll(NAME_RE)) {
      if (m[1] !== undefined) continue;
      const w = m[2].replace(/['’]s$/, '');
      // The stop list (Chapter, Monday, Thanks…) as capitalisedNames applies it: a lone word after a lower-case one.
      if (w.length >= 3 && capitalisedNames(`x ${w}`).length && !out.includes(w)) out.push(w);
    }
    return out;
  };
  const titleBefore = (t: string, words: number) => {
    if (words < 2 || words > 10 || t.length > 90 || /[.!?:;,…)\]"”»]$/.test(t) || /\d/.test(t) || !CAPITAL_START.test(t)) return false;
    let long = 0;
    let caps = 0;
    for (const w of t.split(/\s+/)) {
      if (w.replace(/[^\p{L}]/gu, '').length <= 3) continue;
      long++;
      if (CAPITAL_START.test(w)) caps++;
    }
    return long >= 2 && caps >= 0.75 * long && t !== t.toUpperCase();
  };

  it('finds the same names and title lines in every block of the hand-written chapters, any language', () => {
    const texts = [...loadChapters(HAND_DIRS), ...loadLanguageChapters()].flatMap((c) => c.blocks.map(textOf));
    texts.push('Harry met Ron-Weasley. “Hermione!” — Draco’s wand', 'Yes, Ma’am, said Rosie’ll to Jean-Luc', 'Memories Are Gold and Death is Cheap', 'The Café Of Lost Things', 'Über Alles Andere Heute');
    expect(texts.length).toBeGreaterThan(1000);
    let titles = 0;
    for (const t of texts) {
      expect(capitalisedNames(t), t).toEqual(namesBefore(t));
      const line = t.trim().slice(0, 90);
      const words = line.split(/\s+/).length;
      const title = isTitleLine(line, words);
      expect(title, line).toBe(titleBefore(line, words));
      if (title) titles++;
    }
    expect(titles).toBeGreaterThan(5);
  });
});
