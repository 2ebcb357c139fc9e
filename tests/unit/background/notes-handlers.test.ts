import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotesHandlers } from '../../../lib/background/notes-handlers';
import { dispatch, type BackgroundRequests, type Handlers } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getNoteMemory } from '../../../lib/library/store';
import { detectNotes } from '../../../lib/notes/detector';
import { edgeFingerprints, fingerprint } from '../../../lib/notes/fingerprint';
import type { StoryNoteMemory } from '../../../lib/notes/types';
import { freshName } from '../library/helpers';

let db: LibraryDB;
let clock: number;
const send = (message: unknown) =>
  dispatch<BackgroundRequests>(
    createNotesHandlers({ db: () => Promise.resolve(db), now: () => clock }) as Handlers<BackgroundRequests>,
    message,
  ) as Promise<{ memory: StoryNoteMemory }>;

beforeEach(async () => {
  db = await openLibrary(freshName('notes-handlers'));
  clock = 1000;
});
afterEach(() => db.close());

const p = (text: string) => ({ html: `<p>${text}</p>`, text });
const DISCLAIMER = 'Disclaimer: I do not own the characters, they belong to their creators.';
const PLACES = ['harbour', 'orchard', 'library', 'station'];
const NAMES = ['Mara', 'Tobin', 'Ilse', 'Corwin'];
/** Chapter n of a story: the same disclaimer on top, different story text (digits do not count in fingerprints). */
function chapter(n: number) {
  const place = PLACES[n % PLACES.length];
  const name = NAMES[n % NAMES.length];
  return [
    p(DISCLAIMER),
    p(`The rain came sideways across the ${place}, and ${name} pulled the coat tighter.`),
    p(`${name} counted the lamps twice before being sure that one near the ${place} was missing.`),
    p(`Nobody at the ${place} would look at ${name} when asked where it had gone.`),
    p(`By nightfall the ${place} was quiet and ${name} had stopped asking.`),
    p(`The letter in the pocket felt heavier with every step ${name} took away from the ${place}.`),
  ];
}

describe('notes handlers', () => {
  it('answers an empty memory for a story it has never seen, without writing', async () => {
    expect(await send({ type: 'notes/memory', storyKey: 'ffnet:1' })).toEqual({
      memory: { noteFingerprints: [], corrections: {} },
    });
    expect(await getNoteMemory(db, 'ffnet:1')).toBeNull();
  });

  it('learns a block seen at the edges of two different chapters; a revisit counts once', async () => {
    const fp = fingerprint(DISCLAIMER);
    const edges1 = edgeFingerprints(chapter(1));
    expect(edges1).toContain(fp);
    let res = await send({ type: 'notes/learn', storyKey: 'ffnet:1', chapterId: '1', edges: edges1 });
    expect(res.memory.noteFingerprints).toEqual([]);
    // the same chapter again: still one chapter
    res = await send({ type: 'notes/learn', storyKey: 'ffnet:1', chapterId: '1', edges: edges1 });
    expect(res.memory.noteFingerprints).toEqual([]);
    // another story does not count either
    await send({ type: 'notes/learn', storyKey: 'ffnet:2', chapterId: '2', edges: edgeFingerprints(chapter(2)) });
    expect((await send({ type: 'notes/memory', storyKey: 'ffnet:1' })).memory.noteFingerprints).toEqual([]);

    clock = 2000;
    res = await send({ type: 'notes/learn', storyKey: 'ffnet:1', chapterId: '2', edges: edgeFingerprints(chapter(2)) });
    expect(res.memory.noteFingerprints).toEqual([fp]);
    const record = await getNoteMemory(db, 'ffnet:1');
    expect(record).toMatchObject({ storyKey: 'ffnet:1', updatedAt: 2000 });
    expect(record?.edgeCounts[fp]).toBe(2);
    // The detector now treats the disclaimer as a note on a third chapter.
    const decisions = detectNotes(chapter(3), res.memory);
    expect(decisions[0].label).toBe('note');
    expect(decisions[1].label).toBe('story');
  });

  it('records, applies and removes a reader correction', async () => {
    const text = chapter(1)[4].text;
    let res = await send({ type: 'notes/correct', storyKey: 'ao3:9', text, label: 'note' });
    expect(res.memory.corrections).toEqual({ [fingerprint(text)]: 'note' });
    expect(detectNotes(chapter(1), res.memory)[4].label).toBe('note');

    res = await send({ type: 'notes/correct', storyKey: 'ao3:9', text: DISCLAIMER, label: 'story' });
    expect(res.memory.corrections[fingerprint(DISCLAIMER)]).toBe('story');

    res = await send({ type: 'notes/correct', storyKey: 'ao3:9', text, label: null });
    expect(res.memory.corrections).toEqual({ [fingerprint(DISCLAIMER)]: 'story' });
    expect((await send({ type: 'notes/memory', storyKey: 'ao3:9' })).memory).toEqual(res.memory);
  });

  it('a block corrected to story is never learned as a note', async () => {
    await send({ type: 'notes/correct', storyKey: 'ffnet:3', text: DISCLAIMER, label: 'story' });
    await send({ type: 'notes/learn', storyKey: 'ffnet:3', chapterId: '1', edges: edgeFingerprints(chapter(1)) });
    const res = await send({ type: 'notes/learn', storyKey: 'ffnet:3', chapterId: '2', edges: edgeFingerprints(chapter(2)) });
    expect(res.memory.noteFingerprints).not.toContain(fingerprint(DISCLAIMER));
    expect(detectNotes(chapter(3), res.memory)[0].label).toBe('story');
  });

  it('refuses malformed requests before they reach the database', async () => {
    await expect(send({ type: 'notes/memory', storyKey: '' })).rejects.toThrow(/storyKey/);
    await expect(send({ type: 'notes/learn', storyKey: 'ffnet:1', chapterId: 5, edges: [] })).rejects.toThrow(/chapterId/);
    await expect(send({ type: 'notes/correct', storyKey: 'ffnet:1', text: '', label: 'story' })).rejects.toThrow(/text/);
    await expect(send({ type: 'notes/correct', storyKey: 'ffnet:1', text: 'x', label: 'maybe' })).rejects.toThrow(/label/);
    // junk edges are dropped, not stored
    const res = await send({ type: 'notes/learn', storyKey: 'ffnet:1', chapterId: '1', edges: [42, '__proto__', 'ok.fp'] });
    expect(res.memory.noteFingerprints).toEqual([]);
    expect(Object.keys((await getNoteMemory(db, 'ffnet:1'))!.edgeCounts)).toEqual(['ok.fp']);
  });
});
