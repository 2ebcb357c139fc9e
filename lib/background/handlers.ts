/** The background worker's answers to BackgroundRequests; the database and clock are parameters. */
import { createNotesHandlers } from './notes-handlers';
import type { BackgroundRequests, ChapterVisit, Handlers, UpdateSettings } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { announceChange } from '../library/changes';
import {
  deleteStory,
  getStory,
  listForPopup,
  listRecent,
  listStories,
  recordVisit,
  readPosition,
  savePosition,
  setFollowed,
  setReadingStatus,
} from '../library/store';
import { addStories, readMarks } from '../library/list-marks';
import { wordsFor } from '../i18n';
import { MARK_PLURAL_KEYS, MARK_WORD_KEYS } from '../lists/words';
import { markLabel } from '../lists/settings';
import { checkStoryRefs } from '../sites/story-list';
import { MAX_LIST_STORIES } from './senders';
import { exportLibraryJson, importBackup, previewImport } from '../library/backup';
import type { ReadingStatus } from '../library/types';
import { patchUpdateSettings, getUpdateSettings } from '../updates/settings';
import type { Updater } from '../updates/scheduler';
import { createSyncHandlers } from './sync-handlers';

export interface HandlerDeps {
  /** The library, or a getter that opens it lazily (the worker may be restarted at any time). */
  db: Promise<LibraryDB> | (() => Promise<LibraryDB>);
  now: () => number;
  /** Update checks, alarm and badge; absent in contexts that do not check (tests of the library). */
  updates?: Pick<Updater, 'checkNow' | 'schedule' | 'refreshBadge'>;
  /** Open the generic reader on a tab (scripting + activeTab); absent where it cannot. */
  openGeneric?: (tabId: number) => Promise<{ ok: boolean; error?: string }>;
  log?: (message: string, detail?: unknown) => void;
}

const READING_STATUSES: ReadonlyArray<ReadingStatus> = ['reading', 'plan-to-read', 'completed', 'on-hold', 'dropped'];

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
  if (
    c.toc !== undefined &&
    !(
      Array.isArray(c.toc) &&
      c.toc.length <= 20_000 &&
      c.toc.every(
        (e) => e && typeof e === 'object' && isText(e.id) && typeof e.url === 'string' && isTextOrNull(e.title),
      )
    )
  )
    problems.push('toc');
  if (c.siteUpdatedAt !== undefined && !isCountOrNull(c.siteUpdatedAt)) problems.push('siteUpdatedAt');
  if (problems.length) throw new Error(`chapter/visited: invalid ${problems.join(', ')}`);
  return c as ChapterVisit;
}

export type BackgroundHandlers = Handlers<BackgroundRequests>;

export function createHandlers(deps: HandlerDeps): BackgroundHandlers {
  const db = () => (typeof deps.db === 'function' ? deps.db() : deps.db);
  const log = deps.log ?? (() => undefined);
  /** The badge follows the library; a failure to draw it never fails the request. */
  const badge = () => {
    void deps.updates?.refreshBadge().catch((err: unknown) => log('badge refresh failed', err));
  };
  return {
    'chapter/visited': async ({ chapter }) => {
      const result = await recordVisit(await db(), checkVisit(chapter), deps.now());
      badge();
      return result;
    },
    'position/save': async ({ storyKey, chapterId, position }) => {
      if (!isText(storyKey) || !isText(chapterId)) return { ok: false };
      return { ok: await savePosition(await db(), storyKey, chapterId, position, deps.now()) };
    },
    'position/get': async ({ storyKey, chapterId }) => {
      if (!isText(storyKey) || !isText(chapterId)) return { position: null };
      return { position: await readPosition(await db(), storyKey, chapterId) };
    },
    'story/get': async ({ storyKey }) => getStory(await db(), String(storyKey)),
    'story/follow': async ({ storyKey, followed }) => {
      const story = await setFollowed(await db(), String(storyKey), followed === true);
      badge();
      return { story };
    },
    // Lists carry no tables of contents: the popup and the library page show counts, not chapter
    // lists, and a 10,000-story library would otherwise move tens of megabytes per message.
    'library/list': async () => ({ stories: (await listStories(await db())).map(({ toc: _toc, ...rest }) => rest) }),
    // The popup's "Continue reading": a handful of stories, never the whole library.
    // The library page's first screen (`news: false`): only the most recently read ones.
    'library/recent': async ({ limit, news }) => {
      const n = typeof limit === 'number' && Number.isFinite(limit) ? Math.max(0, Math.min(50, Math.floor(limit))) : 5;
      const stories = news === false ? await listRecent(await db(), n) : await listForPopup(await db(), n);
      return { stories: stories.map(({ toc: _toc, ...rest }) => rest) };
    },
    // A backup was imported by the library page itself (same IndexedDB): redraw the badge and
    // follow the imported update settings.
    'backup/imported': async () => {
      // The library page wrote the restored backup itself (another context): tell this one's listeners.
      announceChange('import');
      badge();
      await deps.updates?.schedule().catch((err: unknown) => log('reschedule failed', err));
      return { ok: true };
    },
    'story/set-status': async ({ storyKey, readingStatus }) => {
      if (readingStatus !== null && !READING_STATUSES.includes(readingStatus))
        throw new Error('story/set-status: invalid readingStatus');
      return { story: await setReadingStatus(await db(), String(storyKey), readingStatus) };
    },
    'story/delete': async ({ storyKey }) => {
      if (!isText(storyKey)) return { ok: false };
      await deleteStory(await db(), storyKey);
      badge();
      return { ok: true };
    },
    'library/marks': async ({ storyKeys, words }) => {
      if (!Array.isArray(storyKeys) || storyKeys.length > MAX_LIST_STORIES) throw new Error('library/marks: invalid storyKeys');
      const marks = await readMarks(await db(), storyKeys.filter(isText));
      if (words !== true) return { marks };
      return { marks, words: wordsFor(MARK_WORD_KEYS, MARK_PLURAL_KEYS), labels: Object.fromEntries(marks.map((m) => [m.key, markLabel(m)])) };
    },
    'library/add-stories': async ({ stories, follow }) => {
      const refs = checkStoryRefs(stories, MAX_LIST_STORIES);
      const result = await addStories(await db(), refs, follow === true, deps.now());
      badge();
      await deps.updates?.schedule().catch((err: unknown) => log('reschedule failed', err));
      return result;
    },
    'tab/open-generic': async ({ tabId }) => {
      if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return { ok: false, error: 'No such tab.' };
      if (!deps.openGeneric) return { ok: false, error: 'The reader view cannot be opened on this page.' };
      return deps.openGeneric(tabId);
    },
    ...createNotesHandlers({ db, now: deps.now }),
    'updates/check-now': async ({ storyKey }) => {
      if (!deps.updates) return { checked: 0, newChapters: 0, message: 'Update checks are not available here.' };
      if (storyKey !== undefined && !isText(storyKey)) return { checked: 0, newChapters: 0, message: 'No such story.' };
      const run = await deps.updates.checkNow(storyKey);
      return { checked: run.checked, newChapters: run.newChapters, ...(run.message ? { message: run.message } : {}) };
    },
    'updates/settings': async ({ patch }) => {
      const library = await db();
      if (patch === undefined || patch === null) return getUpdateSettings(library);
      const settings: UpdateSettings = await patchUpdateSettings(library, patch);
      await deps.updates?.schedule(settings);
      return settings;
    },
    'backup/export': async () => {
      const { json, file } = await exportLibraryJson(await db(), deps.now());
      return { json, stories: file.stories.length, chapters: file.chapters.length };
    },
    'backup/preview': async ({ json, mode }) => previewImport(await db(), json, mode, deps.now()),
    'backup/import': async ({ json, mode }) => {
      const report = await importBackup(await db(), json, mode, deps.now());
      if (report.ok) {
        badge();
        // A replaced library brings its own update settings.
        await deps.updates?.schedule().catch((err: unknown) => log('reschedule failed', err));
      }
      return report;
    },
    ...createSyncHandlers(deps),
  };
}
