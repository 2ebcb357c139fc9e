/** The background worker's answers to BackgroundRequests; the database and clock are parameters. */
import type { BackgroundRequests, ChapterVisit, Handlers } from '../messages';
import type { LibraryDB } from '../library/schema';
import { getStory, listStories, recordVisit, savePosition, setFollowed } from '../library/store';

export interface HandlerDeps {
  /** The library, or a getter that opens it lazily (the worker may be restarted at any time). */
  db: Promise<LibraryDB> | (() => Promise<LibraryDB>);
  now: () => number;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTextOrNull = (v: unknown) => v === null || typeof v === 'string';
const isCountOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/** Messages come from content scripts on web pages: check the shape before it reaches the database. */
export function checkVisit(v: unknown): ChapterVisit {
  const c = v as Partial<ChapterVisit> | null;
  const problems: string[] = [];
  if (!c || typeof c !== 'object') throw new Error('chapter/visited: missing chapter');
  if (!isText(c.site)) problems.push('site');
  if (!isText(c.storyId)) problems.push('storyId');
  if (!isText(c.chapterId)) problems.push('chapterId');
  if (typeof c.title !== 'string') problems.push('title');
  if (typeof c.storyUrl !== 'string') problems.push('storyUrl');
  if (typeof c.url !== 'string') problems.push('url');
  if (!isTextOrNull(c.author)) problems.push('author');
  if (!isTextOrNull(c.summary)) problems.push('summary');
  if (!isTextOrNull(c.chapterTitle)) problems.push('chapterTitle');
  if (!isCountOrNull(c.chapterCount)) problems.push('chapterCount');
  if (!isCountOrNull(c.chapterIndex)) problems.push('chapterIndex');
  if (c.words !== undefined && !isCountOrNull(c.words)) problems.push('words');
  if (c.status !== undefined && c.status !== null && c.status !== 'complete' && c.status !== 'in-progress')
    problems.push('status');
  if (c.tags !== undefined && !(Array.isArray(c.tags) && c.tags.every((t) => typeof t === 'string')))
    problems.push('tags');
  if (problems.length) throw new Error(`chapter/visited: invalid ${problems.join(', ')}`);
  return c as ChapterVisit;
}

export type BackgroundHandlers = Handlers<BackgroundRequests>;

export function createHandlers(deps: HandlerDeps): BackgroundHandlers {
  const db = () => (typeof deps.db === 'function' ? deps.db() : deps.db);
  return {
    'chapter/visited': async ({ chapter }) => recordVisit(await db(), checkVisit(chapter), deps.now()),
    'position/save': async ({ storyKey, chapterId, position }) => {
      if (!isText(storyKey) || !isText(chapterId)) return { ok: false };
      return { ok: await savePosition(await db(), storyKey, chapterId, position) };
    },
    'story/get': async ({ storyKey }) => getStory(await db(), String(storyKey)),
    'story/follow': async ({ storyKey, followed }) => ({
      story: await setFollowed(await db(), String(storyKey), followed === true),
    }),
    'library/list': async () => ({ stories: await listStories(await db()) }),
  };
}
