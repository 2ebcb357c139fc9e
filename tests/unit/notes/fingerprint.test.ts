import { describe, expect, it } from 'vitest';
import { detectNotes } from '../../../lib/notes/detector';
import { edgeFingerprints, fingerprint, learnFromChapter, withCorrection } from '../../../lib/notes/fingerprint';
import { htmlToText } from '../../../lib/notes/html-text';
import type { DetectorBlock, StoryNoteMemory } from '../../../lib/notes/types';

const b = (html: string): DetectorBlock => ({ html, text: htmlToText(html) });
const empty = (): StoryNoteMemory => ({ noteFingerprints: [], corrections: {} });

function chapter(first: string, last: string, body: string[]): DetectorBlock[] {
  return [b(`<p>${first}</p>`), ...body.map((t) => b(`<p>${t}</p>`)), b(`<p>${last}</p>`)];
}
const bodyA = [
  '"Where are you going?" Mara asked, pulling her coat tighter.',
  'Tomas did not answer. He walked to the end of the pier and stared at the grey water.',
  '"Home," he said at last. "Wherever that is now."',
];
const bodyB = [
  'The train left at dawn, and Mara watched the fields slide past the window.',
  '"You kept the ticket," Tomas said, surprised.',
  'She smiled and said nothing, turning the little card over and over in her fingers.',
];

describe('fingerprint', () => {
  it('ignores case, accents, punctuation, spacing and numbers', () => {
    const a = fingerprint('Chapter 41 is up! Thanks, everyone.');
    expect(a).toBe(fingerprint('chapter 42 is up   thanks everyone'));
    expect(fingerprint('Perdón por la tardanza')).toBe(fingerprint('perdon por la TARDANZA!'));
    expect(a).toMatch(/^[0-9a-z]+\.[0-9a-z]+$/);
    expect(a.length).toBeLessThanOrEqual(15);
  });
  it('differs for different text and is empty for empty text', () => {
    expect(fingerprint('I do not own Naruto.')).not.toBe(fingerprint('I do not own Bleach.'));
    expect(fingerprint('   ')).toBe('');
  });
});

describe('learning from chapters', () => {
  it('learns a block that recurs at the edges of two chapters, not one, and not twice the same chapter', () => {
    const signoff = 'Stay hydrated, friends. — M';
    const ch1 = chapter('It was raining again in the harbour town.', signoff, bodyA);
    const ch2 = chapter('Morning came slowly over the fields.', signoff, bodyB);
    let r = learnFromChapter(empty(), ch1, 'c1');
    expect(r.learned).toEqual([]);
    r = learnFromChapter(r.memory, ch1, 'c1', r.sightings);
    expect(r.learned).toEqual([]);
    r = learnFromChapter(r.memory, ch2, 'c2', r.sightings);
    expect(r.learned).toEqual([fingerprint(signoff)]);
    expect(r.memory.noteFingerprints).toContain(fingerprint(signoff));
  });

  it('does not learn a fingerprint the reader corrected to story', () => {
    const line = 'The sea was always there, waiting.';
    const mem = withCorrection(empty(), line, 'story');
    let r = learnFromChapter(mem, chapter(line, 'End.', bodyA), 'c1');
    r = learnFromChapter(r.memory, chapter(line, 'Fin.', bodyB), 'c2', r.sightings);
    expect(r.learned).toEqual([]);
  });

  it('edge fingerprints skip separators, headings and dialogue', () => {
    const blocks = [b('<hr>'), b('<p><strong>Chapter 3</strong></p>'), b('<p>"Hi," she said.</p>'), b('<p>Rain fell.</p>')];
    expect(edgeFingerprints(blocks)).toEqual([fingerprint('Rain fell.')]);
  });
});

describe('detectNotes honours memory', () => {
  const plainSignoff = 'Stay hydrated, friends. — M';
  const blocks = chapter('It was raining again in the harbour town.', plainSignoff, bodyA);

  it('a learned fingerprint makes an otherwise unremarkable edge block a note', () => {
    expect(detectNotes(blocks).at(-1)!.label).toBe('story');
    const mem: StoryNoteMemory = { noteFingerprints: [fingerprint(plainSignoff)], corrections: {} };
    const d = detectNotes(blocks, mem);
    expect(d.at(-1)!.label).toBe('note');
    expect(d.at(-1)!.where).toBe('after');
    expect(d.slice(0, -1).every((x) => x.label === 'story')).toBe(true);
  });

  it('a learned line that is mostly numbers (a scene\'s time line) needs evidence of a note of its own', () => {
    const timeLine = '9:10 am, March 3rd, 2004';
    const withTime = chapter(timeLine, bodyB[2], bodyA);
    // Numbers are folded: every chapter's time line has the same fingerprint.
    expect(fingerprint(timeLine)).toBe(fingerprint('7:45 am, March 3rd, 2005'));
    expect(detectNotes(withTime, { noteFingerprints: [fingerprint(timeLine)], corrections: {} })[0].label).toBe('story');
    const stamp = 'Updated 3/14/2019';
    const withStamp = chapter(stamp, bodyB[2], bodyA);
    expect(detectNotes(withStamp, { noteFingerprints: [fingerprint(stamp)], corrections: {} })[0].label).toBe('note');
  });

  it('a correction always wins, both ways', () => {
    const withNote = [b('<p>A/N: Thanks for reading, see you next chapter!</p>'), ...blocks];
    expect(detectNotes(withNote)[0].label).toBe('note');
    const toStory = withCorrection(empty(), withNote[0].text, 'story');
    const d1 = detectNotes(withNote, toStory);
    expect(d1[0]).toMatchObject({ label: 'story', confidence: 1, unsure: false });

    const toNote = withCorrection(empty(), bodyA[1], 'note');
    const d2 = detectNotes(blocks, toNote);
    expect(d2[2]).toMatchObject({ label: 'note', confidence: 1, where: 'inline' });
    expect(d2[1].label).toBe('story');

    // a correction beats a learned fingerprint
    const both: StoryNoteMemory = { noteFingerprints: [fingerprint(plainSignoff)], corrections: toStory.corrections };
    both.corrections[fingerprint(plainSignoff)] = 'story';
    expect(detectNotes(blocks, both).at(-1)!.label).toBe('story');
  });
});
