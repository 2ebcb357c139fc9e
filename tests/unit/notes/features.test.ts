import { describe, expect, it } from 'vitest';
import { blockFeatures, blockScore, capitalisedNames, isSeparatorText, normalizeForMatch } from '../../../lib/notes/features';
import { blockShape, htmlToText } from '../../../lib/notes/html-text';

const feat = (html: string) => blockFeatures(html, htmlToText(html));
const score = (html: string) => blockScore(feat(html));

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
  it('an <hr> is a divider', () => expect(feat('<hr size="1" noshade>').separator).toBe(true));
});

describe('markers', () => {
  it.each([
    '<p>A/N: hi</p>',
    '<p>AN: quick one</p>',
    "<p><strong>Author's Note:</strong> hello</p>",
    '<p>N/A: ¡Hola!</p>',
    '<p>Nota de la autora: gracias</p>',
    '<p>Notas da autora: oi gente</p>',
    "<p>NdA : merci à tous</p>",
    "<p>Note de l'auteure : coucou</p>",
    '<p>Anmerkung: Perspektivwechsel</p>',
    '<p>Disclaimer: I own nothing.</p>',
    "<p>I don't own Naruto.</p>",
    '<p>[A/N: quick note]</p>',
    "<p>Beta'd by Kestrel.</p>",
    '<p>TW: blood</p>',
    '<p>Edit: fixed typos</p>',
  ])('%s opens a note', (html) => expect(feat(html).marker).toBe(true));

  it.each([
    '<p><strong>[Warning: You have entered a Tier 3 zone.]</strong></p>',
    '<p>An old man sat by the fire.</p>',
    '<p>An: Hermine Granger</p>',
    '<p>Note to self: buy a scarecrow.</p>',
    '<p>Nothing moved.</p>',
  ])('%s does not', (html) => expect(feat(html).marker).toBe(false));
});

describe('headings, signatures, dialogue', () => {
  it('recognises chapter headings', () => {
    expect(feat('<p align="center"><strong>Chapter Four: The Thaw</strong></p>').heading).toBe(true);
    expect(feat('<p><strong>Capítulo 3</strong></p>').heading).toBe(true);
    expect(feat('<h2>Kapitel 7</h2>').heading).toBe(true);
    expect(feat('<p><strong>Review replies!</strong></p>').heading).toBe(false);
    expect(feat('<p>He ran.</p>').heading).toBe(false);
  });
  it('recognises a signature line but not a dialogue dash line', () => {
    expect(feat('<p>— Wren</p>').signature).toBe(true);
    expect(feat('<p>—Llegas tarde.</p>').signature).toBe(false);
    expect(feat('<p>—Llegas tarde.</p>').dialogueStart).toBe(true);
    expect(feat('<p>« Tu viens ? » demanda-t-elle.</p>').dialogueStart).toBe(true);
  });
  it('finds recurring-name candidates, not sentence starts', () => {
    expect(capitalisedNames('The door opened and Neville saw Luna. She waved.')).toEqual(['Neville', 'Luna']);
  });
});

describe('block scores', () => {
  it.each([
    ['en', '<p>Thank you so much for reading! Please review, it makes my day :)</p>'],
    ['es', '<p>¡Gracias por leer! No olviden votar y comentar. ¡Nos leemos!</p>'],
    ['pt', '<p>Obrigada por ler, gente! Deixem seus comentários, beijos!</p>'],
    ['fr', "<p>Merci d'avoir lu ! Laissez une review, bisous et à la prochaine !</p>"],
    ['de', '<p>Danke fürs Lesen, ihr Lieben! Bis zum nächsten Kapitel!</p>'],
    ['plug', '<p>Patrons get five advance chapters, and the Discord link is on my profile!</p>'],
    ['disclaimer', '<p>Everything belongs to Tolkien; no copyright infringement intended.</p>'],
  ])('%s note talk scores clearly positive', (_l, html) => expect(score(html)).toBeGreaterThanOrEqual(3));

  it.each([
    ['en', '<p>"Don\'t," said Geralt, and turned back to the fire.</p>'],
    ['es', '<p>—Vas a dejar el suelo sin piedra —dijo Usagi desde abajo.</p>'],
    ['pt', '<p>—Você voltou —disse Sakura, parada no meio da rua.</p>'],
    ['fr', '<p>« Tu sais qu\'il est presque minuit ? » demanda une voix derrière elle.</p>'],
    ['de', '<p>„Du hast nicht geschlafen“, sagte Legolas neben ihm.</p>'],
    ['narration', '<p>The frost had come down over the grounds in the night, and he walked to the greenhouse alone.</p>'],
  ])('%s story scores negative', (_l, html) => expect(score(html)).toBeLessThan(0));
});
