import { describe, expect, it } from 'vitest';
import type { Block } from '../../../lib/sites/types';
import { DEFAULT_NOTE_LABEL, groupBlocks, previewText, type NoteGroup } from '../../../lib/reader/notes';

const story = (text: string): Block => ({ kind: 'story', html: `<p>${text}</p>`, text, source: 'body' });
const note = (text: string, extra: Partial<Block> = {}): Block => ({
  kind: 'note',
  html: `<p>${text}</p>`,
  text,
  source: 'body',
  noteWhere: 'before',
  ...extra,
});
const sep = (): Block => ({ kind: 'separator', html: '<hr>', text: '', source: 'body' });

const shape = (blocks: Block[]) =>
  groupBlocks(blocks).map((it) => (it.type === 'block' ? it.index : { note: it.indices, label: it.label }));

describe('groupBlocks', () => {
  it('leaves a chapter without notes as plain blocks', () => {
    expect(shape([story('a'), sep(), story('b')])).toEqual([0, 1, 2]);
  });

  it('turns each run of consecutive notes into one disclosure', () => {
    const blocks = [note('A/N one'), note('A/N two'), story('x'), story('y'), note('bye'), note('review!')];
    expect(shape(blocks)).toEqual([
      { note: [0, 1], label: DEFAULT_NOTE_LABEL },
      2,
      3,
      { note: [4, 5], label: DEFAULT_NOTE_LABEL },
    ]);
  });

  it('puts separators next to a note with the note (before, between, after)', () => {
    const blocks = [note('A/N'), sep(), story('x'), sep(), story('y'), sep(), note('end'), sep(), note('more'), sep()];
    expect(shape(blocks)).toEqual([{ note: [0, 1], label: DEFAULT_NOTE_LABEL }, 2, 3, 4, { note: [5, 6, 7, 8, 9], label: DEFAULT_NOTE_LABEL }]);
  });

  it('uses the block label and splits runs whose labels differ', () => {
    const blocks = [
      note('summary-ish', { label: 'Chapter notes', source: 'structured' }),
      note('more', { label: 'Notes', source: 'structured' }),
      story('text'),
      note('thanks', { label: 'End notes', noteWhere: 'after', source: 'structured' }),
    ];
    expect(shape(blocks)).toEqual([{ note: [0], label: 'Chapter notes' }, { note: [1], label: 'Notes' }, 2, { note: [3], label: 'End notes' }]);
  });

  it('gives a short preview, an id and the unsure flag', () => {
    const long = 'Thanks so much to everyone who reviewed the last chapter, you are all wonderful and I read every single one of them twice';
    const items = groupBlocks([story('x'), note(long, { unsure: true, noteWhere: 'inline' }), note('second')]);
    const g = items[1] as NoteGroup;
    expect(g.type).toBe('note');
    expect(g.id).toBe('note-1');
    expect(g.unsure).toBe(true);
    expect(g.where).toBe('inline');
    expect(g.preview.length).toBeLessThanOrEqual(91);
    expect(g.preview.endsWith('…')).toBe(true);
    expect(g.preview.startsWith('Thanks so much')).toBe(true);
    expect((groupBlocks([note('short')])[0] as NoteGroup).unsure).toBe(false);
  });

  it('covers every block exactly once, in order', () => {
    const blocks = [sep(), note('a'), sep(), sep(), story('b'), note('c'), story('d'), sep(), sep()];
    const order = groupBlocks(blocks).flatMap((it) => (it.type === 'block' ? [it.index] : it.indices));
    expect(order).toEqual(blocks.map((_, i) => i));
  });
});

describe('previewText', () => {
  it('keeps short text and cuts long text at a word', () => {
    expect(previewText('  hello   world ')).toBe('hello world');
    expect(previewText('one two three four five', 12)).toBe('one two…');
  });
});
