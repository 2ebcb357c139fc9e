import { describe, expect, it } from 'vitest';
import { evaluate, evaluateWithMemory, type LabelledChapter } from '../../../lib/notes/evaluate';
import '../../../lib/notes/lexicons';

const signoff = 'Stay hydrated, friends. — M';
const bodies = [
  ['The ferry left late, and Mara counted the gulls that followed it out of the harbour.', '"We will be there by noon," Tomas said, though he did not believe it.'],
  ['The island was smaller than the map had promised, a grey hump of rock and heather.', 'Mara climbed to the old signal tower and looked back at the mainland.'],
  ['Rain came in the night and found every gap in the roof of the tower.', '"Tomorrow," Tomas said, "we go back." She did not answer him.'],
];
/** Chapter k of one story: two story paragraphs and the author's habitual last line, labelled a note. */
const chapter = (k: number, story = 'ferry'): LabelledChapter => ({
  id: `${story}-${k}`,
  lang: 'en',
  story,
  blocks: [...bodies[k - 1].map((t) => ({ html: `<p>${t}</p>`, label: 'story' as const })), { html: `<p>${signoff}</p>`, label: 'note' }],
});

describe('evaluateWithMemory', () => {
  it('reads each story in order: a line at the edges of two chapters is found from the third on', () => {
    // Given out of order, and beside another story that must not share its memory.
    const chapters = [chapter(3), chapter(1), chapter(2), chapter(1, 'other')];
    expect(evaluate(chapters).tp).toBe(0);
    const r = evaluateWithMemory(chapters);
    const found = Object.fromEntries(r.perChapter.map((c) => [c.id, c.tp]));
    expect(found).toEqual({ 'ferry-3': 1, 'ferry-1': 0, 'ferry-2': 0, 'other-1': 0 });
    expect(r.storyBlocksHidden).toBe(0);
  });
});
