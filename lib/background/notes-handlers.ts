/**
 * The background's answers to the notes requests: what the library remembers of a story's
 * author's notes, learning from chapter edges, and the reader's corrections.
 * Spread into createHandlers (lib/background/handlers.ts).
 */
import type { BackgroundRequests, Handlers } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { correctNote, learnEdges, readNoteMemory, removeCorrection } from '../library/note-memory';
import { detectRequestRefusal, type DetectRequest } from '../notes/remote';
import { detectForPage, warmDetector } from './notes-detect';

export interface NotesHandlerDeps {
  db: Promise<LibraryDB> | (() => Promise<LibraryDB>);
  now: () => number;
}

export type NotesHandlers = Pick<
  Handlers<BackgroundRequests>,
  'notes/memory' | 'notes/learn' | 'notes/correct' | 'notes/detect'
>;

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
/** Story keys look like 'site:id'; anything else never reaches the database. */
const isStoryKey = (v: unknown): v is string => isText(v) && v.length <= 300 && v.includes(':');
const MAX_TEXT = 20_000;

export function createNotesHandlers(deps: NotesHandlerDeps): NotesHandlers {
  const db = () => (typeof deps.db === 'function' ? deps.db() : deps.db);
  return {
    'notes/memory': async ({ storyKey }) => {
      if (!isStoryKey(storyKey)) throw new Error('notes/memory: invalid storyKey');
      // Asked at document_start: the page's notes/detect follows within a few ms. The detector's
      // matchers are built meanwhile, once per worker life, after this answer is on its way.
      setTimeout(warmDetector, 0);
      return { memory: await readNoteMemory(await db(), storyKey) };
    },
    'notes/detect': async (req) => {
      const why = detectRequestRefusal(req);
      if (why) throw new Error(why);
      if (!isStoryKey(req.storyKey)) throw new Error('notes/detect: invalid storyKey');
      const memory = req.memory ?? (await readNoteMemory(await db(), req.storyKey));
      return detectForPage(req as DetectRequest, { noteFingerprints: memory.noteFingerprints, corrections: memory.corrections });
    },
    'notes/learn': async ({ storyKey, chapterId, edges }) => {
      if (!isStoryKey(storyKey)) throw new Error('notes/learn: invalid storyKey');
      if (!isText(chapterId) || chapterId.length > 300) throw new Error('notes/learn: invalid chapterId');
      return { memory: await learnEdges(await db(), storyKey, chapterId, edges, deps.now()) };
    },
    'notes/correct': async ({ storyKey, text, fingerprint, label }) => {
      if (!isStoryKey(storyKey)) throw new Error('notes/correct: invalid storyKey');
      // The options page undoes one correction by its fingerprint (it knows corrections, not their texts).
      if (text === undefined && fingerprint !== undefined) {
        if (label !== null || typeof fingerprint !== 'string' || !fingerprint || fingerprint.length > 64)
          throw new Error('notes/correct: invalid fingerprint');
        return { memory: await removeCorrection(await db(), storyKey, fingerprint, deps.now()) };
      }
      if (!isText(text) || text.length > MAX_TEXT) throw new Error('notes/correct: invalid text');
      if (label !== 'story' && label !== 'note' && label !== null) throw new Error('notes/correct: invalid label');
      return { memory: await correctNote(await db(), storyKey, text, label, deps.now()) };
    },
  };
}
