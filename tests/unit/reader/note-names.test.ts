import { describe, expect, it } from 'vitest';
import { noteNames } from '../../../components/reader/ReaderView';
import type { NoteGroup } from '../../../lib/reader/notes';

const group = (id: string, label: string): NoteGroup => ({ type: 'note', id, label, indices: [0], preview: '' }) as unknown as NoteGroup;

describe('note landmark names (axe landmark-unique)', () => {
  it('numbers the notes that share a label and leaves a single one as it is', () => {
    const names = noteNames([group('a', "Author's note"), group('b', 'Chapter notes'), group('c', "Author's note"), group('d', "Author's note")]);
    expect([...names.values()]).toEqual(["Author's note 1", 'Chapter notes', "Author's note 2", "Author's note 3"]);
    expect(new Set(names.values()).size).toBe(4);
  });
});
