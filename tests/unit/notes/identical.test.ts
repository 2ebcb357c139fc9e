/**
 * The notes detector makes exactly the decisions of its frozen reference copy
 * (tests/unit/notes/reference/, the detector before the cold-start work): same label, confidence,
 * unsure flag and place for every block, on every labelled chapter, fixture page, bench page and
 * thousands of random chapters with and without fingerprint memory and corrections. The per-block
 * features and scores the rest of the code uses are compared too.
 */
import { describe, expect, it } from 'vitest';
import { detectNotes } from '../../../lib/notes/detector';
import * as live from '../../../lib/notes/features';
import { htmlToText } from '../../../lib/notes/html-text';
import type { DetectorBlock, StoryNoteMemory } from '../../../lib/notes/types';
import { benchSequences, labelledSequences, pageSequences, randomSequences, rng, type Sequence } from './corpus';
import { detectNotes as refDetectNotes } from './reference/detector';
import * as ref from './reference/features';
import { fingerprint } from './reference/fingerprint';

function features(f: live.BlockFeatures | ref.BlockFeatures) {
  const { text, words, separator, heading, marker, signature, dialogueStart, html } = f;
  return { text, words, separator, heading, marker, signature, dialogueStart, html };
}

/** A memory that knows some of the chapter's blocks as notes and has corrections for others. */
function someMemory(blocks: DetectorBlock[], seed: number): StoryNoteMemory {
  const r = rng(seed);
  const text = () => {
    const b = blocks[Math.floor(r() * blocks.length)];
    return b.text ?? htmlToText(b.html);
  };
  const noteFingerprints = [0, 1, 2].map(() => fingerprint(text()));
  return { noteFingerprints, corrections: { [fingerprint(text())]: 'story', [fingerprint(text())]: 'note' } };
}

function sameDecisions(seqs: Sequence[], withMemory = false): void {
  let i = 0;
  for (const s of seqs) {
    const copy = JSON.stringify(s.blocks);
    const memories = [s.memory];
    if (withMemory && s.blocks.length) memories.push(someMemory(s.blocks, i++));
    for (const m of memories) {
      const want = refDetectNotes(s.blocks, m);
      const got = detectNotes(s.blocks, m);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${s.id} ${m ? JSON.stringify(m) : ''}`).toStrictEqual(want);
    }
    expect(JSON.stringify(s.blocks), `${s.id}: blocks unchanged`).toBe(copy);
  }
}

function sameFeatures(seqs: Sequence[]): void {
  for (const s of seqs) {
    for (const b of s.blocks) {
      const text = b.text ?? htmlToText(b.html);
      const a = live.blockFeatures(b.html, text);
      const e = ref.blockFeatures(b.html, text);
      expect(features(a), `${s.id}: ${b.html.slice(0, 80)}`).toStrictEqual(features(e));
      expect(live.scoreParts(a), `${s.id}: ${b.html.slice(0, 80)}`).toStrictEqual(ref.scoreParts(e));
      expect(live.blockScore(a)).toBe(ref.blockScore(e));
      expect(live.capitalisedNames(text)).toStrictEqual(ref.capitalisedNames(text));
      expect(live.normalizeForMatch(text)).toBe(ref.normalizeForMatch(text));
      expect(live.isSeparatorText(text)).toBe(ref.isSeparatorText(text));
    }
  }
}

describe('the detector decides exactly as the reference', () => {
  const labelled = labelledSequences();
  const pages = pageSequences();

  it('on the labelled chapters (with and without memory)', () => {
    expect(labelled.length).toBeGreaterThan(60);
    sameDecisions(labelled, true);
  }, 120_000);

  it('on the fixture pages', () => {
    expect(pages.length).toBeGreaterThan(40);
    sameDecisions(pages, true);
  }, 120_000);

  it('on the bench pages', () => {
    sameDecisions(benchSequences());
  }, 120_000);

  it('on 4,000 random chapters', () => {
    for (let seed = 1; seed <= 8; seed++) sameDecisions(randomSequences(500, seed));
  }, 120_000);

  it('block by block: features, score parts, names, normalisation, separators', () => {
    sameFeatures(labelled.filter((s) => !s.id.endsWith('(no text)')));
    sameFeatures(pages);
    sameFeatures(randomSequences(300, 99));
  }, 120_000);
});

describe('text-level fast paths agree with the reference regexes', () => {
  const r = rng(7);
  const ALPHABET = [
    ...'aAbBcCdDeEgGhHiIkKlLnNoOpPrRsStTuUvVwWxXyY0123456789',
    ...' \t\n\u00a0\u2003\u3000\ufeff',
    ...'*~-_=+#•·.°§¤※◇◆○●□■♦♥♡☆★✦✧❀❁✿❦❧|/\\<>^:;…—–()[]{}【〔】〕"“”„«»\'’`!?,&',
    ...'éÉãÃáÁñÑßſKİıøØ',
  ];
  const WORDS = [
    'line break', 'linebreak', 'Line Break', 'SCENE BREAK', 'page break', 'break', 'Break', 'separador', 'Trennlinie',
    'xXx', 'oOo', 'x0x', 'A/N', 'a/n', 'AN', 'AN:', 'A.N', 'ANs', 'N/A', 'n.a.', 'NdA', 'N.d.A.', 'nota', 'Notas', 'author', "author's",
    "Author's", 'authors', "writer's", 'writers', 'writer', 'note', 'notes', 'disclaimer', 'Disclaimer', 'DISCLAIMER', 'descargo',
    'aviso', 'avisos', 'haftungsausschluss', 'avertissement', 'i', 'I', 'no', 'No', 'nada', 'não', 'nao', 'rien', 'review', 'reviews',
    'reply', 'replies', 'respuesta', 'resposta', 'réponse', 'reponses', 'antworten', 'beta', "beta'd", 'beta-read', 'betaread', 'betaed',
    'edit', 'edited', 'update', 'updated', 'trigger', 'content', 'tw', 'cw', 'TW', 'warning', 'warnings', 'advertencia', 'warnung',
    'triggerwarnung', 'glossary', 'glossáry', 'glosario', 'glossário', 'glossaire', 'glossar', 'translation', 'translations',
    'traducciones', 'anmerkung', 'anmerkungen', 'autorenanmerkung', 'autorennotiz', 'vorwort', 'nachwort', 'do not own', "don't own",
    'own nothing', 'me pertenece', 'The', 'He', 'She', 'Any', 'Nothing', 'Note', 'Anyway', 'Edward', 'Harry', 'Chapter', 'Part',
  ];
  const randomText = (): string => {
    let t = '';
    const n = Math.floor(r() * 8);
    for (let i = 0; i < n; i++) t += r() < 0.4 ? WORDS[Math.floor(r() * WORDS.length)] : ALPHABET[Math.floor(r() * ALPHABET.length)];
    return t;
  };

  it('separator text, markers and headings of short random texts', () => {
    for (let k = 0; k < 40_000; k++) {
      const t = randomText();
      expect(live.isSeparatorText(t), JSON.stringify(t)).toBe(ref.isSeparatorText(t));
      const htmls = [`<p>${t}</p>`, `<p><strong>${t}</strong> x</p>`, `<hr>${t}`, `<h2>${t}</h2>`, t, `<p> ${t}</p>`];
      const html = htmls[k % htmls.length];
      expect(features(live.blockFeatures(html, t)), JSON.stringify([html, t])).toStrictEqual(features(ref.blockFeatures(html, t)));
    }
  }, 120_000);
});
