/**
 * Block sequences for comparing the notes detector against its frozen reference copy
 * (tests/unit/notes/identical.test.ts): the labelled chapters, the fixture pages and the bench pages
 * as the extension extracts them, and random chapters from a seeded generator that mixes story
 * paragraphs, dividers, headings, A/N markers, disclaimers, review replies, sign-offs and chatter in
 * several languages, with fingerprint memory and reader corrections.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractChapter } from '../../../lib/extract';
import type { LabelledChapter } from '../../../lib/notes/evaluate';
import type { DetectorBlock, StoryNoteMemory } from '../../../lib/notes/types';
import { isExtractError } from '../../../lib/sites/types';
import { benchPages } from '../../../scripts/bench/pages';
import { loadPage } from '../sites/load-page';
import { edgeFingerprints, fingerprint } from './reference/fingerprint';
import { htmlToText } from './reference/html-text';

const FIXTURES = resolve(__dirname, '../../fixtures');

export interface Sequence {
  id: string;
  blocks: DetectorBlock[];
  memory?: StoryNoteMemory;
}

function labelled(dir: string): LabelledChapter[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as LabelledChapter);
}

/** Every labelled chapter (notes, notes-extra, seed), with the text given or derived from the HTML. */
export function labelledSequences(): Sequence[] {
  const out: Sequence[] = [];
  for (const dir of ['notes', 'notes-extra', 'seed']) {
    for (const ch of labelled(dir)) {
      out.push({ id: `${dir}/${ch.id}`, blocks: ch.blocks.map((b) => ({ html: b.html, text: b.text ?? htmlToText(b.html) })) });
      // Without text: the detector derives it.
      out.push({ id: `${dir}/${ch.id} (no text)`, blocks: ch.blocks.map((b) => ({ html: b.html }) as DetectorBlock) });
    }
  }
  return out;
}

function extracted(id: string, html: string, url: string): Sequence[] {
  const { doc } = loadPage(html, url);
  const r = extractChapter(doc, url);
  if (isExtractError(r)) return [];
  const body = r.blocks.filter((b) => b.source === 'body').map((b) => ({ html: b.html, text: b.text }));
  const all = r.blocks.map((b) => ({ html: b.html, text: b.text }));
  return [
    { id, blocks: body },
    { id: `${id} (all blocks)`, blocks: all },
  ];
}

/** Every fixture page, extracted as the extension does (body blocks, and every block for variety). */
export function pageSequences(): Sequence[] {
  const dir = join(FIXTURES, 'pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .flatMap((f) => {
      const name = f.slice(0, -5);
      const { url } = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { url: string };
      return extracted(`pages/${name}`, readFileSync(join(dir, f), 'utf8'), url);
    });
}

export function benchSequences(): Sequence[] {
  return benchPages().flatMap((p) => extracted(`bench/${p.id}`, p.html, p.url).slice(0, 1));
}

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NARRATION = (
  'the a and of to in she he it was said her his that with for on at as by from but not they had them their ' +
  'lamp tide market harbour salt ember keeper ledger stairs fog signal rope lantern window letter map ink chapter ' +
  'quiet slowly across toward under before after again still never always only almost nearly update review ' +
  'walked turned looked listened waited remembered counted carried opened closed answered whispered asked ' +
  'morning evening night winter spring rain wind stone water light shadow voice door table corner you your ' +
  'i me my we our ihr euch el ella il elle er ihm ich mein je mon yo mi eu meu thanks everyone guys part story'
).split(' ');
const NAMES = ['Ysolde', 'Maren', 'Tobiah', 'Hermione', "Neville's", 'Corin', 'Alder', 'Jean-Luc', 'Élodie', 'Ñico', 'McGonagall', 'O’Brien', 'Zoë'];
const PUNCT = ['.', '.', '.', ',', '!', '?', '...', ';', ':', ' —', '?!', '!!'];

const NOTE_LINES = [
  'A/N: Thank you so much for reading! Please review, it keeps me writing.',
  'A/N - sorry for the late update, real life got in the way.',
  "Author's Note: This chapter was hard to write. Let me know what you think!",
  "Authors note: to answer the most common question, yes I will finish this story.",
  'AN: Hope you all enjoyed the chapter :)',
  'AN- short one today, next update soon!',
  '[A/N: flashback ahead]',
  '[Warning: the system has detected an intruder]',
  '【A/N: translator here】',
  '{Author’s note: this is a dream sequence}',
  'N/A: ¡Gracias por leer! Nos leemos en el próximo capítulo.',
  'N/A: Obrigada por ler, até o próximo capítulo! Beijos',
  'NdA : Merci d’avoir lu ! Bonne lecture et à bientôt.',
  'Nota de la autora: perdón por la tardanza, espero que les guste.',
  'Notas da autora: desculpem a demora!',
  'Anmerkung: Vielen Dank fürs Lesen, ihr Lieben! Bis zum nächsten Kapitel.',
  'Disclaimer: I do not own Harry Potter, it belongs to JK Rowling. No money is being made.',
  "Disclaimer: I don't own Naruto.",
  'I own nothing. All characters belong to their creators.',
  'Descargo de responsabilidad: los personajes no me pertenecen.',
  'Haftungsausschluss: Die Figuren gehören nicht mir.',
  "Beta'd by the wonderful Wren. Any mistakes left are mine.",
  'Edit: fixed some typos, thanks to a reviewer who pointed them out.',
  'Update 2: the next chapter is on my Patreon, link is on my profile.',
  'Trigger warning: mentions of blood.',
  'TW: violence',
  'Warnings: angst, fluff, and a cliffhanger.',
  'Review replies:',
  'Guest: Thank you! I hope you like this one too.',
  'Wren (Guest): Thanks for the review!',
  '<b>Moonlit</b>: haha yes, that was the plan!',
  'Thanks for reading! Leave a review and see you next chapter :)',
  'Join my Discord server for sneak peeks and fan art!',
  'Special thanks to my beta and to everyone who left kudos <3',
  'Hi everyone!',
  'Hey guys, sorry for the wait!!',
  'Until next time!',
  'Stay safe, take care, and happy reading!',
  'Cheers!',
  'Love you all! xoxo',
  '— Wren',
  '~Moon',
  'xoxo, Wren',
  'lol sooo this happened omg',
  'What do you guys think? Who is the traitor? Should I continue?',
  'Glossary: senpai - an upperclassman',
  'Translation notes: "itadakimasu" is said before meals.',
  'Sorry this took so long, my muse abandoned me and writer’s block hit hard.',
  'This story is on hiatus until further notice.',
  'Chapter 12 will be up next week.',
  'Thanks to everyone who reviewed the last chapter 😊💕',
  'Dedicated to my readers, you are the best ♥',
  'Que les pareció? Dejen sus reviews!',
  "Qu'en avez-vous pensé ? Laissez des commentaires !",
  'Was haltet ihr davon? Liebe Grüße, eure M.',
  'O que vocês acharam? Deixem seus comentários!',
  'Thank you to all the lovely reviewers, you make my day.',
  'Please vote and comment if you liked it!',
  "Don't forget to vote!",
  'Happy reading, dear readers!',
  'P.S. the link is in my bio.',
];

const HEADINGS = [
  '<h2>Chapter 3</h2>',
  '<h3>Chapter Four: The Thaw</h3>',
  '<p><strong>Part Two</strong></p>',
  '<p align="center">Prologue</p>',
  '<p style="text-align: center">Epilogue</p>',
  '<p><b>Capítulo 7</b></p>',
  '<center>Interlude</center>',
  '<p><strong>The Lantern</strong></p>',
  '<p>Chapter Five</p>',
  '<p><em><strong>Kapitel 2</strong></em></p>',
];

const DIVIDERS = [
  '<hr>',
  '<hr />',
  '<HR size="1" noshade>',
  '<p>* * *</p>',
  '<p align="center">~~~</p>',
  '<p>xXx</p>',
  '<p>oOo</p>',
  '<p>-o-O-o-</p>',
  '<p>Line Break</p>',
  '<p>scene break</p>',
  '<p>§</p>',
  '<p>&nbsp;</p>',
  '<p></p>',
  '<p>~*~*~</p>',
  '<p>• • •</p>',
  '<p>❀❀❀</p>',
  '<p> </p>',
  '<div><hr></div>',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function sentence(r: () => number): string {
  const n = 3 + Math.floor(r() * 14);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(r() < 0.12 ? pick(r, NAMES) : pick(r, NARRATION));
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + pick(r, PUNCT);
}

function storyText(r: () => number): string {
  const k = r() < 0.2 ? 1 : 1 + Math.floor(r() * 8);
  let t = '';
  for (let i = 0; i < k; i++) t += (t ? ' ' : '') + sentence(r);
  const x = r();
  if (x < 0.2) t = `"${t}" ${pick(r, ['said', 'asked', 'whispered', 'dijo', 'sagte'])} ${pick(r, NAMES)}.`;
  else if (x < 0.27) t = `— ${t}`;
  else if (x < 0.32) t = `“${t}”`;
  else if (x < 0.36) t = `«${t}»`;
  else if (x < 0.4) t = `I ${t.toLowerCase()}`;
  else if (x < 0.44) t = `A ${t.toLowerCase()}`;
  else if (x < 0.47) t = `No ${t.toLowerCase()}`;
  else if (x < 0.5) t = `${pick(r, ['Note', 'Update', 'Edit', 'Content', 'Review', 'Warning', 'Beta', 'An', 'Nada', 'Rien', 'Aviso', 'Anmerkung', 'Writer', 'Authors'])} ${t.toLowerCase()}`;
  return t;
}

function wrap(r: () => number, text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const x = r();
  if (x < 0.55) return `<p>${esc}</p>`;
  if (x < 0.62) return `<p><em>${esc}</em></p>`;
  if (x < 0.68) return `<p><strong>${esc}</strong></p>`;
  if (x < 0.72) return `<p align="center">${esc}</p>`;
  if (x < 0.76) {
    const m = /^(\S+)\s(.*)$/.exec(esc);
    return m ? `<p><strong>${m[1]}</strong> ${m[2]}</p>` : `<p>${esc}</p>`;
  }
  if (x < 0.8) return `<p><i>${esc.slice(0, 10)}</i>${esc.slice(10)}</p>`;
  if (x < 0.83) return `<blockquote><p>${esc}</p></blockquote>`;
  if (x < 0.86) return `<div>${esc}<br>${esc.slice(0, 20)}</div>`;
  if (x < 0.88) return `<p><span><b>${esc}</b></span></p>`;
  if (x < 0.9) return `<p>${esc.replace(/ /g, '&nbsp; ')}</p>`;
  if (x < 0.92) return ` <p>${esc}</p>`;
  return `<p>${esc.replace(/(\w+)/, '<u>$1</u>')}</p>`;
}

function noteText(r: () => number): string {
  let t = pick(r, NOTE_LINES);
  if (r() < 0.3) t += ' ' + pick(r, NOTE_LINES).replace(/^[^:]*:\s*/, '');
  if (r() < 0.15) t = t.toUpperCase();
  if (r() < 0.15) t = t.toLowerCase();
  if (r() < 0.1) t = pick(r, ['(', '*', '~', '-- ', '  ', '\u00a0', '[', '_', '"']) + t;
  if (r() < 0.1) t = `${t} ${storyText(r)}`;
  return t;
}

function block(r: () => number, kind: number): DetectorBlock {
  let html: string;
  if (kind < 0.55) html = wrap(r, storyText(r));
  else if (kind < 0.67) html = pick(r, DIVIDERS);
  else if (kind < 0.72) html = pick(r, HEADINGS);
  else html = wrap(r, noteText(r));
  const y = r();
  if (y < 0.04) return { html } as DetectorBlock;
  if (y < 0.06) return { html, text: `  ${htmlToText(html)}  ` };
  return { html, text: htmlToText(html) };
}

function memoryFor(r: () => number, blocks: DetectorBlock[]): StoryNoteMemory | undefined {
  const x = r();
  if (x < 0.45 || !blocks.length) return undefined;
  if (x < 0.5) return { noteFingerprints: [], corrections: {} };
  const texts = () => {
    const b = pick(r, blocks);
    return b.text ?? htmlToText(b.html);
  };
  const noteFingerprints = r() < 0.5 ? edgeFingerprints(blocks).filter(() => r() < 0.4) : [];
  for (let i = 0; i < 3; i++) if (r() < 0.4) noteFingerprints.push(fingerprint(texts()));
  if (r() < 0.2) noteFingerprints.push('nothing.here');
  const corrections: Record<string, 'story' | 'note'> = {};
  for (let i = 0; i < 3; i++) if (r() < 0.35) corrections[fingerprint(texts())] = r() < 0.5 ? 'story' : 'note';
  return { noteFingerprints, corrections };
}

/** `count` random chapters: a few notes at the edges or inline around story, with memory sometimes. */
export function randomSequences(count: number, seed: number): Sequence[] {
  const r = rng(seed);
  const out: Sequence[] = [];
  for (let s = 0; s < count; s++) {
    const n = Math.floor(r() * (r() < 0.1 ? 120 : 30));
    const blocks: DetectorBlock[] = [];
    const style = r();
    for (let i = 0; i < n; i++) {
      const edge = i < 3 || i >= n - 3;
      // Mostly story, with notes more likely at the edges; some chapters are all mixed.
      const kind = style < 0.3 ? r() : edge ? (r() < 0.5 ? 0.72 + r() * 0.28 : r()) : r() < 0.85 ? r() * 0.67 : r();
      blocks.push(block(r, kind));
    }
    out.push({ id: `random/${seed}/${s}`, blocks, memory: memoryFor(r, blocks) });
  }
  return out;
}
