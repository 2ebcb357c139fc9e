/**
 * Reads and writes of the library. Every function takes the database first and does its work in
 * one transaction, so a worker killed mid-way leaves either the old or the new record, never half.
 */
import { beatable, clampTime } from './clock';
import type { ChapterVisit } from './types';
import { announced } from './changes';
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { libraryError, type LibraryDB, type LibrarySchema, type NoteMemoryRecord } from './schema';
import { addedEntries, cleanToc, computeUnread, mergePartialToc } from './toc';
import { DUE_INDEX, NEWS_INDEX, withIndexKeys, withoutIndexKeys } from './derived';
import { newerPosition } from './merge';
import { chapterIn, chaptersOf, withChapter } from './chapter-sets';
import {
  chapterKey,
  isValidPosition,
  storyKey as makeStoryKey,
  type ChapterRecord,
  type Position,
  type StoryRecord,
  type TocEntry,
} from './types';

async function run<T>(action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw libraryError(err, action);
  }
}

type Store = StoreNames<LibrarySchema>;

/**
 * Run `work` in one transaction and wait for it to commit. Any failure (a request error, a throw
 * inside `work`, quota) aborts the whole transaction, so nothing is half-written.
 * `work` must only await requests of this transaction.
 */
export async function inTx<Name extends Store, Mode extends IDBTransactionMode, T>(
  db: LibraryDB,
  stores: Name[],
  mode: Mode,
  action: string,
  work: (tx: IDBPTransaction<LibrarySchema, Name[], Mode>) => Promise<T>,
): Promise<T> {
  let tx: IDBPTransaction<LibrarySchema, Name[], Mode> | undefined;
  try {
    tx = db.transaction(stores, mode);
    tx.done.catch(() => undefined); // observed below; avoid an unhandled rejection on abort
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (err) {
    try {
      tx?.abort();
    } catch {
      // already finished or aborted
    }
    throw libraryError(err, action);
  }
}

export { isValidPosition };

/** The story record after a visit: metadata from the page, reader's choices kept. */
export function mergeStory(existing: StoryRecord | undefined, visit: ChapterVisit, now: number): StoryRecord {
  const key = makeStoryKey(visit.site, visit.storyId);
  // A visit older than the last one (two tabs, clock skew) still refreshes metadata but does not
  // move "last read" backwards.
  // A stored time from the future (lib/clock.ts) never keeps a real visit from being the latest.
  const isLatest = !existing || now >= beatable(existing.lastReadAt, now);
  // The page's chapter list, when it shows one, is a free update check.
  const visitToc = visit.toc && visit.toc.length > 0 ? cleanToc(visit.toc) : null;
  const oldToc = existing?.toc ?? [];
  const added = visitToc && oldToc.length > 0 ? addedEntries(oldToc, visitToc).length : 0;
  return {
    key,
    site: visit.site,
    storyId: visit.storyId,
    title: visit.title || existing?.title || '',
    // A chapter page may lack some metadata the story page had: keep what is known.
    author: visit.author ?? existing?.author ?? null,
    summary: visit.summary ?? existing?.summary ?? null,
    url: visit.storyUrl || existing?.url || visit.url,
    chapterCount: visit.chapterCount ?? (visitToc ? visitToc.length : null) ?? existing?.chapterCount ?? null,
    words: visit.words ?? existing?.words ?? null,
    status: visit.status ?? existing?.status ?? null,
    tags: visit.tags && visit.tags.length > 0 ? [...visit.tags] : (existing?.tags ?? []),
    followed: existing?.followed ?? false,
    readingStatus: existing?.readingStatus ?? null,
    addedAt: existing?.addedAt ?? now,
    lastReadAt: isLatest ? now : existing.lastReadAt,
    lastChapterId: isLatest ? visit.chapterId : existing.lastChapterId,
    lastChapterIndex: isLatest ? visit.chapterIndex : existing.lastChapterIndex,
    lastChapterUrl: isLatest ? visit.url : existing.lastChapterUrl,
    lastChapterTitle: isLatest ? visit.chapterTitle : existing.lastChapterTitle,
    toc: visitToc ?? oldToc,
    // Recomputed by recordVisit from the chapters read.
    unread: existing?.unread ?? 0,
    // The reader is looking at the story: nothing posted is news any more.
    newCount: 0,
    siteUpdatedAt: visit.siteUpdatedAt ?? existing?.siteUpdatedAt ?? null,
    lastCheckedAt: visitToc ? now : (existing?.lastCheckedAt ?? null),
    // A visit is what a story waiting for one ('visit': the site refused background checks) needed.
    checkState: visitToc || existing?.checkState === 'visit' ? 'ok' : (existing?.checkState ?? null),
    newChaptersAt: added > 0 ? now : (existing?.newChaptersAt ?? null),
  };
}

export function mergeChapter(existing: ChapterRecord | undefined, visit: ChapterVisit, now: number): ChapterRecord {
  const sKey = makeStoryKey(visit.site, visit.storyId);
  return {
    key: chapterKey(sKey, visit.chapterId),
    storyKey: sKey,
    chapterId: visit.chapterId,
    index: visit.chapterIndex ?? existing?.index ?? null,
    title: visit.chapterTitle ?? existing?.title ?? null,
    url: visit.url || existing?.url || '',
    firstReadAt: existing?.firstReadAt ?? now,
    lastReadAt: Math.max(beatable(existing?.lastReadAt ?? now, now), now),
    position: existing?.position ?? null,
  };
}

/** Record that a chapter was opened; returns the story and the saved position in that chapter. */
export function recordVisit(
  db: LibraryDB,
  visit: ChapterVisit,
  now: number,
): Promise<{ story: StoryRecord; position: Position | null; read: string[] }> {
  const touched = [makeStoryKey(visit.site, visit.storyId)];
  return announced('visit', inTx(db, ['stories', 'chapterSets'], 'readwrite', 'save this chapter to the library', async (tx) => {
    const stories = tx.objectStore('stories');
    const sets = tx.objectStore('chapterSets');
    const sKey = makeStoryKey(visit.site, visit.storyId);
    const [oldStory, oldSet] = await Promise.all([stories.get(sKey), sets.get(sKey)]);
    const merged = mergeStory(oldStory && withoutIndexKeys(oldStory), visit, now);
    const chapter = mergeChapter(chapterIn(oldSet, visit.chapterId), visit, now);
    const set = withChapter(oldSet, chapter);
    const read = chaptersOf(set);
    const story: StoryRecord = { ...merged, unread: computeUnread(merged.toc ?? [], merged.chapterCount, read) };
    // One after the other: if the second put fails the transaction aborts and takes the first with it.
    await stories.put(withIndexKeys(story));
    await sets.put(set);
    // The chapters opened so far: the reader view's chapter list ticks them.
    return { story, position: chapter.position, read: read.map((c) => c.chapterId) };
  }), touched);
}

/** The saved reading position of one chapter, or null (read-only: a reader view asks before it opens). */
export function readPosition(db: LibraryDB, sKey: string, chapterId: string): Promise<Position | null> {
  // One request, answered as soon as it succeeds (not when its transaction has wound down).
  return run('read your reading position', async () => chapterIn(await db.get('chapterSets', sKey), chapterId)?.position ?? null);
}

/**
 * Save a reading position. Newer wins (merge.ts, newerPosition): a position older than the stored
 * one, or as old and not further along, is ignored (two tabs on the same chapter, a late message). The chapter record is created when
 * missing only if its story is in the library. Returns whether the position was written.
 */
export function savePosition(
  db: LibraryDB,
  sKey: string,
  chapterId: string,
  position: Position,
  now = Date.now(),
): Promise<boolean> {
  if (!isValidPosition(position)) return Promise.resolve(false);
  // The time comes from the page's clock: never later than now + the allowed skew, and a stored
  // one from the future loses to this real save (lib/clock.ts).
  const saved: Position = {
    blockIndex: position.blockIndex,
    offsetRatio: position.offsetRatio,
    updatedAt: clampTime(position.updatedAt, now),
  };
  // A read-modify-write of the story's one chapter set in one read-write transaction: two saves
  // for two chapters of a story queue on it, so neither is lost.
  return announced('position', inTx(db, ['stories', 'chapterSets'], 'readwrite', 'save your reading position', async (tx) => {
    const sets = tx.objectStore('chapterSets');
    const set = await sets.get(sKey);
    let chapter = chapterIn(set, chapterId);
    if (chapter) {
      // The one position rule (merge.ts): the later save wins, the further along on the same ms.
      if (newerPosition(chapter.position, saved, now) !== saved) return false;
      chapter = { ...chapter, position: saved, lastReadAt: Math.max(beatable(chapter.lastReadAt, now), saved.updatedAt) };
    } else {
      const story = await tx.objectStore('stories').get(sKey);
      if (!story) return false;
      const isLast = story.lastChapterId === chapterId;
      chapter = {
        key: chapterKey(sKey, chapterId),
        storyKey: sKey,
        chapterId,
        index: isLast ? story.lastChapterIndex : null,
        title: isLast ? story.lastChapterTitle : null,
        url: (isLast ? story.lastChapterUrl : null) ?? story.url,
        firstReadAt: saved.updatedAt,
        lastReadAt: saved.updatedAt,
        position: saved,
      };
    }
    await sets.put(withChapter(set, chapter));
    return true;
  }), [sKey]);
}

function byIndex(a: ChapterRecord, b: ChapterRecord): number {
  if (a.index !== null && b.index !== null && a.index !== b.index) return a.index - b.index;
  if (a.index === null && b.index !== null) return 1;
  if (a.index !== null && b.index === null) return -1;
  return a.firstReadAt - b.firstReadAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A story and the chapters read, in chapter order (unknown indexes last, by first read). */
export function getStory(
  db: LibraryDB,
  sKey: string,
): Promise<{ story: StoryRecord | null; chapters: ChapterRecord[] }> {
  return inTx(db, ['stories', 'chapterSets'], 'readonly', 'read the library', async (tx) => {
    const [story, set] = await Promise.all([tx.objectStore('stories').get(sKey), tx.objectStore('chapterSets').get(sKey)]);
    return { story: story ? withoutIndexKeys(story) : null, chapters: chaptersOf(set).sort(byIndex) };
  });
}

function updateStory(
  db: LibraryDB,
  sKey: string,
  change: (story: StoryRecord) => StoryRecord,
): Promise<StoryRecord | null> {
  return inTx(db, ['stories'], 'readwrite', 'update the story', async (tx) => {
    const stories = tx.objectStore('stories');
    const story = await stories.get(sKey);
    if (!story) return null;
    const next = change(withoutIndexKeys(story));
    await stories.put(withIndexKeys(next));
    return next;
  });
}

/** Follow or unfollow. Chapters already posted are never news: following starts with none new. */
export function setFollowed(db: LibraryDB, sKey: string, followed: boolean): Promise<StoryRecord | null> {
  return announced('follow', updateStory(db, sKey, (story) => ({ ...story, followed, newCount: 0 })), [sKey]);
}

export function setReadingStatus(
  db: LibraryDB,
  sKey: string,
  readingStatus: StoryRecord['readingStatus'],
): Promise<StoryRecord | null> {
  return announced('status', updateStory(db, sKey, (story) => ({ ...story, readingStatus })), [sKey]);
}

/** All stories, most recently read first. */
export function listStories(db: LibraryDB, filter: { followed?: boolean } = {}): Promise<StoryRecord[]> {
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) => {
    const all = (await tx.objectStore('stories').index('lastReadAt').getAll()).map(withoutIndexKeys);
    all.reverse();
    return filter.followed === undefined ? all : all.filter((s) => s.followed === filter.followed);
  });
}

/**
 * Followed stories not waiting for a visit whose last check is at or before `checkedBy` (never
 * checked first), oldest check first: the update checks' candidates, read from the `due` index.
 */
export function listDue(db: LibraryDB, checkedBy: number): Promise<StoryRecord[]> {
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) =>
    (await tx.objectStore('stories').index(DUE_INDEX).getAll(IDBKeyRange.upperBound(checkedBy))).map(withoutIndexKeys),
  );
}

/**
 * The `limit` most recently read stories that have somewhere to go, newest first, from the
 * lastReadAt index: the cursor stops at the limit, so a large library costs no more than a small one.
 */
export function listRecent(db: LibraryDB, limit: number): Promise<StoryRecord[]> {
  return inTx(db, ['stories'], 'readonly', 'read the library', (tx) => recentIn(tx.objectStore('stories'), limit));
}

type StoriesRead = IDBPObjectStore<LibrarySchema, Array<'stories'>, 'stories', 'readonly'>;

async function recentIn(store: StoriesRead, limit: number): Promise<StoryRecord[]> {
  const recent: StoryRecord[] = [];
  if (limit <= 0) return recent;
  let cursor = await store.index('lastReadAt').openCursor(null, 'prev');
  while (cursor) {
    const s = cursor.value;
    if (s.lastChapterUrl || s.url) {
      recent.push(withoutIndexKeys(s));
      if (recent.length >= limit) break;
    }
    cursor = await cursor.continue();
  }
  return recent;
}

/**
 * What the popup shows, without reading the whole library into a message: the `limit` followed
 * stories with the newest unread chapters (the news index, newest first) and the `limit` most
 * recently read stories. Enough for lib/popup/format.ts continueStories to pick the same stories
 * it would pick from the full list.
 */
export function listForPopup(db: LibraryDB, limit: number): Promise<StoryRecord[]> {
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) => {
    const store = tx.objectStore('stories');
    const recent = await recentIn(store, limit);
    const seen = new Set(recent.map((s) => s.key));
    const news: StoryRecord[] = [];
    if (limit > 0) {
      let cursor = await store.index(NEWS_INDEX).openCursor(null, 'prev');
      while (cursor && news.length < limit) {
        if (!seen.has(cursor.primaryKey)) news.push(withoutIndexKeys(cursor.value));
        cursor = await cursor.continue();
      }
    }
    return [...recent, ...news];
  });
}

/** Remove a story, its chapters and its note memory together. */
export function deleteStory(db: LibraryDB, sKey: string): Promise<void> {
  return announced('delete', inTx(db, ['stories', 'chapterSets', 'noteMemory'], 'readwrite', 'remove the story', async (tx) => {
    await Promise.all([
      tx.objectStore('stories').delete(sKey),
      tx.objectStore('noteMemory').delete(sKey),
      tx.objectStore('chapterSets').delete(sKey),
    ]);
  }), [sKey]);
}

export function emptyNoteMemory(sKey: string, now = 0): NoteMemoryRecord {
  return { storyKey: sKey, noteFingerprints: [], corrections: {}, edgeCounts: {}, updatedAt: now };
}

export function getNoteMemory(db: LibraryDB, sKey: string): Promise<NoteMemoryRecord | null> {
  return run('read the notes memory', async () => (await db.get('noteMemory', sKey)) ?? null);
}

export function putNoteMemory(db: LibraryDB, record: NoteMemoryRecord): Promise<void> {
  return announced('notes', run('save the notes memory', async () => {
    await db.put('noteMemory', record);
  }), [record.storyKey]);
}

/**
 * Read-modify-write of one story's note memory in a single transaction (so two tabs learning at
 * once do not overwrite each other's counts). `change` must be synchronous.
 */
export function updateNoteMemory(
  db: LibraryDB,
  sKey: string,
  change: (current: NoteMemoryRecord) => NoteMemoryRecord,
  now: number,
): Promise<NoteMemoryRecord> {
  return announced('notes', inTx(db, ['noteMemory'], 'readwrite', 'save the notes memory', async (tx) => {
    const store = tx.objectStore('noteMemory');
    const current = (await store.get(sKey)) ?? emptyNoteMemory(sKey, now);
    const next: NoteMemoryRecord = { ...change(current), storyKey: sKey, updatedAt: now };
    await store.put(next);
    return next;
  }), [sKey]);
}

export function getMeta<T = unknown>(db: LibraryDB, key: string): Promise<T | undefined> {
  return run('read the library', async () => (await db.get('meta', key)) as T | undefined);
}

export function setMeta(db: LibraryDB, key: string, value: unknown): Promise<void> {
  return run('save to the library', async () => {
    await db.put('meta', value, key);
  });
}

/** What an update check found: the story's chapter list as the site shows it now. */
export interface UpdateFound {
  toc: TocEntry[];
  chapterCount: number | null;
  siteUpdatedAt?: number | null;
  status?: 'complete' | 'in-progress' | null;
  /** The list holds only the latest chapters (RSS, newest page): merge it into the known one. */
  partial?: boolean;
}

export interface CheckOutcome {
  story: StoryRecord | null;
  /** Chapters not in the list known before this check. */
  newChapters: number;
}

/**
 * Store the result of an update check. Never touches what the reader has read (chapters, last
 * chapter, last read time): it only refreshes the chapter list and recomputes `unread`.
 * On a first check (no list known) chapters beyond the count the reader's visits saw are new.
 */
export function applyUpdate(db: LibraryDB, sKey: string, found: UpdateFound, now: number): Promise<CheckOutcome> {
  return inTx(db, ['stories', 'chapterSets'], 'readwrite', 'save the update check', async (tx) => {
    const stories = tx.objectStore('stories');
    const [stored, set] = await Promise.all([stories.get(sKey), tx.objectStore('chapterSets').get(sKey)]);
    const read = chaptersOf(set);
    if (!stored) return { story: null, newChapters: 0 };
    const story = withoutIndexKeys(stored);
    const oldToc = story.toc ?? [];
    const fresh = cleanToc(found.toc);
    const toc = found.partial ? mergePartialToc(oldToc, fresh) : fresh;
    const chapterCount = found.partial
      ? Math.max(found.chapterCount ?? 0, toc.length, story.chapterCount ?? 0)
      : (found.chapterCount ?? toc.length);
    let newChapters: number;
    if (oldToc.length > 0) newChapters = addedEntries(oldToc, toc).length;
    else newChapters = story.chapterCount !== null ? Math.max(0, chapterCount - story.chapterCount) : 0;
    const next: StoryRecord = {
      ...story,
      toc,
      chapterCount,
      status: found.status ?? story.status,
      siteUpdatedAt: found.siteUpdatedAt ?? story.siteUpdatedAt ?? null,
      lastCheckedAt: now,
      checkState: 'ok',
      newChaptersAt: newChapters > 0 ? now : (story.newChaptersAt ?? null),
      newCount: (story.newCount ?? 0) + newChapters,
    };
    next.unread = computeUnread(toc, chapterCount, read);
    await stories.put(withIndexKeys(next));
    return { story: next, newChapters };
  });
}

/** Record a check that found nothing usable: 'visit' (site refused: wait for a visit) or 'error'. */
export function markChecked(
  db: LibraryDB,
  sKey: string,
  checkState: 'visit' | 'error',
  now: number,
): Promise<StoryRecord | null> {
  return updateStory(db, sKey, (story) => ({ ...story, checkState, lastCheckedAt: now }));
}

/**
 * New chapters of followed stories (posted since the reader last saw their chapter lists): the
 * toolbar badge. Summed from the news index's keys (the count is the key's last part), so no story
 * record is read. Unread chapters (after the reader's place) are never counted here.
 */
export function newTotal(db: LibraryDB): Promise<number> {
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) => {
    let total = 0;
    let cursor = await tx.objectStore('stories').index(NEWS_INDEX).openKeyCursor();
    while (cursor) {
      const fresh = (cursor.key as number[])[2];
      if (typeof fresh === 'number' && fresh > 0) total += fresh;
      cursor = await cursor.continue();
    }
    return total;
  });
}
