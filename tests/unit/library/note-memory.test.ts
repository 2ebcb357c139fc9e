import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getNoteMemory } from '../../../lib/library/store';
import { fingerprint } from '../../../lib/notes/fingerprint';
import { freshName } from './helpers';

let db: LibraryDB;
let send: (m: unknown) => Promise<unknown> | undefined;
beforeEach(async () => {
  db = await openLibrary(freshName('notes'));
  const handlers = createHandlers({ db: Promise.resolve(db), now: () => 1000 });
  send = (m) => dispatch<BackgroundRequests>(handlers, m);
});
afterEach(() => db.close());

describe('notes memory messages', () => {
  it('is empty for a story it has not seen', async () => {
    expect(await send({ type: 'notes/memory', storyKey: 'ao3:1' })).toEqual({ memory: { noteFingerprints: [], corrections: {} } });
  });

  it('learns a fingerprint seen at the edges of two chapters, counting a revisit once', async () => {
    expect(await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c1', edges: ['fpA', 'fpB'] })).toEqual({
      memory: { noteFingerprints: [], corrections: {} },
    });
    await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c1', edges: ['fpA'] });
    expect(((await send({ type: 'notes/memory', storyKey: 'ao3:1' })) as any).memory.noteFingerprints).toEqual([]);
    expect(await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c2', edges: ['fpA', '__proto__', 5] })).toEqual({
      memory: { noteFingerprints: ['fpA'], corrections: {} },
    });
    expect((await getNoteMemory(db, 'ao3:1'))?.edgeCounts).toEqual({ fpA: 2, fpB: 1 });
  });

  it('records, overrides and removes a reader correction', async () => {
    const text = 'Disclaimer: I own nothing.';
    const fp = fingerprint(text);
    await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c1', edges: [fp] });
    await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c2', edges: [fp] });
    expect(await send({ type: 'notes/correct', storyKey: 'ao3:1', text, label: 'story' })).toEqual({
      memory: { noteFingerprints: [], corrections: { [fp]: 'story' } },
    });
    // a corrected fingerprint is not learned again
    await send({ type: 'notes/learn', storyKey: 'ao3:1', chapterId: 'c3', edges: [fp] });
    expect(await send({ type: 'notes/correct', storyKey: 'ao3:1', text, label: null })).toEqual({
      memory: { noteFingerprints: [], corrections: {} },
    });
    await expect(send({ type: 'notes/correct', storyKey: 'ao3:1', text, label: 'maybe' })).rejects.toThrow(/label/);
  });

  it('cannot open the generic reader without the means to', async () => {
    expect(await send({ type: 'tab/open-generic', tabId: 3 })).toEqual({ ok: false, error: expect.any(String) });
    const handlers = createHandlers({ db: Promise.resolve(db), now: () => 1, openGeneric: async (id) => ({ ok: id === 3 }) });
    expect(await dispatch<BackgroundRequests>(handlers, { type: 'tab/open-generic', tabId: 3 })).toEqual({ ok: true });
    expect(await dispatch<BackgroundRequests>(handlers, { type: 'tab/open-generic', tabId: -1 })).toMatchObject({ ok: false });
  });
});
