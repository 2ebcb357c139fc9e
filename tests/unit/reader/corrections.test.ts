import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotesHandlers } from '../../../lib/background/notes-handlers';
import { extractChapter } from '../../../lib/chapter/extract';
import { dispatch, type BackgroundRequests, type Handlers } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getNoteMemory } from '../../../lib/library/store';
import { fingerprint } from '../../../lib/notes/fingerprint';
import { markableAsNote, markableAsStory, undetected } from '../../../lib/reader/corrections';
import { groupBlocks, noteGroups } from '../../../lib/reader/notes';
import { startSession, type Session, type SessionDeps } from '../../../lib/reader/session';
import { adapterFor } from '../../../lib/sites/registry';
import { memoryStorage } from './memory-storage';
import { isExtractError, type Chapter } from '../../../lib/sites/types';
import { freshName } from '../library/helpers';
import { loadPage } from '../sites/load-page';
import { makeChapter, note, story } from './fixtures';
import { pageHtml } from '../../site-fixtures';
import { readerUi } from '../../../components/reader/ui';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const page = loadPage(pageHtml('ffnet-chapter-middle'), FFN);
afterAll(() => page.close());


let db: LibraryDB;
let session: Session | null = null;
let calls: Array<{ type: string; [k: string]: unknown }>;
let runtime: { sendMessage: (m: unknown) => Promise<unknown> };

beforeEach(async () => {
  db = await openLibrary(freshName('corrections'));
  calls = [];
  const notes = createNotesHandlers({ db: Promise.resolve(db), now: () => 5000 }) as Handlers<BackgroundRequests>;
  runtime = {
    sendMessage: async (m) => {
      const msg = m as { type: string };
      calls.push(msg);
      if (msg.type === 'chapter/visited') return { story: {}, position: null };
      if (msg.type === 'position/save') return { ok: true };
      return dispatch<BackgroundRequests>(notes, m);
    },
  };
});
afterEach(() => {
  session?.destroy();
  session = null;
  db.close();
  vi.restoreAllMocks();
});

function deps(patch: Partial<SessionDeps> = {}): SessionDeps {
  const url = patch.url ?? FFN;
  return {
    ui: readerUi,
    doc: document,
    win: window,
    url,
    adapter: adapterFor(url),
    storage: memoryStorage(),
    runtime,
    navigate: vi.fn(),
    extract: (_doc, url, memory) => extractChapter(page.doc, url, { memory }),
    afterPaint: (fn) => fn(),
    // happy-dom marks every event untrusted: these tests stand for the reader's own clicks (the
    // default, isTrusted, is tested in trusted-input.test.tsx and in Chromium, tests/e2e/security.test.ts).
    isTrustedInput: () => true,
    ...patch,
  };
}

const shadow = () => session!.controller!.shadowHost.shadow;
const kindOf = (text: string) => {
  const i = session!.controller!.chapter.blocks.findIndex((b) => b.text.startsWith(text));
  return session!.controller!.chapter.blocks[i].kind;
};
const AN_TOP = 'A/N: Thank you so much to everyone';
const FIRST_STORY = 'The map was in a worse mood than usual';

describe('which blocks can be corrected', () => {
  it('offers "note" on body story blocks at the edges or unsure, and "story" on body notes only', () => {
    const blocks = [
      note('Work notes', { label: 'Notes' }),
      ...Array.from({ length: 12 }, (_, i) => story(`Paragraph ${'abcdefghijkl'[i]} of the chapter.`, { unsure: i === 6 })),
      story('A/N: see you soon', { kind: 'note', noteWhere: 'after' }),
    ];
    const m = markableAsNote(blocks);
    // first 4 and last 4 body blocks (the last is a note), plus the unsure one
    expect([...m].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 7, 10, 11, 12]);
    const groups = noteGroups(groupBlocks(blocks));
    expect(markableAsStory(groups[0], blocks)).toEqual([]); // the site's own notes module
    expect(markableAsStory(groups[1], blocks)).toEqual([13]);
  });

  it('undetected takes the detector\'s decisions back and leaves the original chapter alone', () => {
    const r = extractChapter(page.doc, FFN);
    if (isExtractError(r)) throw new Error(r.error);
    expect(r.blocks[0].kind).toBe('note');
    const next = undetected(r);
    expect(next.blocks[0].kind).toBe('story');
    expect(next.blocks[0].noteWhere).toBeUndefined();
    expect(next.blocks[0].confidence).toBeUndefined();
    expect(r.blocks[0].kind).toBe('note');
    // separators and structured blocks are kept as they are
    const withStructured: Chapter = makeChapter();
    expect(undetected(withStructured).blocks[0]).toEqual(withStructured.blocks[0]);
  });
});

describe('notes memory in the reader session', () => {
  it('reads the chapter with the story memory, then sends its edges to learn from', async () => {
    session = await startSession(deps());
    await session.learned;
    expect(calls[0]).toEqual({ type: 'notes/memory', storyKey: 'ffnet:14022518' });
    const learn = calls.find((c) => c.type === 'notes/learn')!;
    expect(learn).toMatchObject({ storyKey: 'ffnet:14022518', chapterId: '3' });
    expect(learn.edges).toContain(fingerprint(session.controller!.chapter.blocks[0].text));
    expect((await getNoteMemory(db, 'ffnet:14022518'))?.learnedChapters).toEqual(['3']);
  });

  it('"This is story" on a note shows it as story at once, is saved, and holds on the next visit', async () => {
    session = await startSession(deps());
    expect(kindOf(AN_TOP)).toBe('note');
    const firstNote = shadow().querySelector('[data-testid=note]')!;
    const button = firstNote.querySelector<HTMLButtonElement>('[data-testid=mark-story]')!;
    expect(button.textContent).toBe('This is story');
    button.click();
    // at once, before the library answers
    expect(kindOf(AN_TOP)).toBe('story');
    const shown = shadow().querySelector(`[data-block-index="0"]`)!;
    expect(shown.closest('[data-testid=note]')).toBeNull();
    expect(shown.getAttribute('data-kind')).toBe('story');
    await vi.waitFor(async () => {
      const record = await getNoteMemory(db, 'ffnet:14022518');
      expect(Object.values(record?.corrections ?? {})).toEqual(['story', 'story']);
    });
    expect(calls.filter((c) => c.type === 'notes/correct').map((c) => c.label)).toEqual(['story', 'story']);
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({ noteCount: 1 });

    session.destroy();
    session = await startSession(deps());
    expect(kindOf(AN_TOP)).toBe('story');
    expect(noteGroups(session.controller!.items)).toHaveLength(1);
  });

  it('"This is an author\'s note" appears on story paragraphs at the edges only and tucks one away', async () => {
    session = await startSession(deps());
    const markable = [...shadow().querySelectorAll('[data-testid=mark-note]')].map((b) =>
      Number(b.closest<HTMLElement>('[data-block-index]')!.dataset.blockIndex),
    );
    const blocks = session.controller!.chapter.blocks;
    const first = blocks.findIndex((b) => b.text.startsWith(FIRST_STORY));
    expect(markable).toContain(first);
    const middle = blocks.findIndex((b) => b.text.startsWith('"Trevor gets tired,"'));
    expect(markable).not.toContain(middle);
    for (const b of shadow().querySelectorAll<HTMLButtonElement>('[data-testid=mark-note]')) {
      expect(b.type).toBe('button');
      expect(b.textContent).toBe("This is an author's note");
    }
    shadow().querySelector<HTMLElement>(`[data-block-index="${first}"] [data-testid=mark-note]`)!.click();
    expect(kindOf(FIRST_STORY)).toBe('note');
    // it joined the note above it; keyboard focus went to that note
    const el = shadow().querySelector(`[data-block-index="${first}"]`)!;
    expect(el.closest('[data-testid=note]')).not.toBeNull();
    expect(shadow().activeElement).toBe(el.closest('[data-testid=note]'));
    await vi.waitFor(async () =>
      expect((await getNoteMemory(db, 'ffnet:14022518'))?.corrections[fingerprint(blocks[first].text)]).toBe('note'),
    );
  });

  it('applies a memory another tab changed (tab/memory-changed)', async () => {
    session = await startSession(deps());
    const text = session.controller!.chapter.blocks[0].text;
    expect(await session.onMessage({ type: 'tab/memory-changed', memory: { noteFingerprints: [], corrections: { [fingerprint(text)]: 'story' } } })).toEqual({ ok: true });
    expect(kindOf(AN_TOP)).toBe('story');
    expect(await session.onMessage({ type: 'tab/memory-changed', memory: { nope: 1 } })).toEqual({ ok: false });
  });

  it('reads the page without the memory when the library does not answer in time', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const silent = { sendMessage: () => new Promise<unknown>(() => undefined) };
    const seen: unknown[] = [];
    // The library never answers: startSession resolving at all shows the wait was given up.
    session = await startSession(
      deps({
        runtime: silent,
        memoryTimeoutMs: 30,
        visitTimeoutMs: 30,
        extract: (_doc, url, memory) => {
          seen.push(memory);
          return extractChapter(page.doc, url, { memory });
        },
      }),
    );
    expect(seen).toEqual([undefined]);
    expect(kindOf(AN_TOP)).toBe('note');
    expect(shadow().querySelector('[data-testid=reader-view]')).not.toBeNull();
    expect(warn).toHaveBeenCalled();
  });

  it('a correction still applies to the open page when the library is unavailable', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const down = { sendMessage: async () => Promise.reject(new Error('Receiving end does not exist.')) };
    session = await startSession(deps({ runtime: down }));
    shadow().querySelector<HTMLButtonElement>('[data-testid=mark-story]')!.click();
    expect(kindOf(AN_TOP)).toBe('story');
  });
});
