/**
 * Reads and writes of the library. Every function takes the database first and does its work in
 * one transaction, so a worker killed mid-way leaves either the old or the new record, never half.
 */
import type { ChapterVisit } from '../messages';
import type { IDBPTransaction, StoreNames } from 'idb';
import { libraryError, type LibraryDB, type LibrarySchema, type NoteMemoryRecord } from './schema';
import { chapterKey, storyKey as makeStoryKey, type ChapterRecord, type Position, type StoryRecord } from './types';

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
async function inTx<Name extends Store, Mode extends IDBTransactionMode, T>(
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

export function isValidPosition(p: unknown): p is Position {
  if (!p || typeof p !== 'object') return false;
  const { blockIndex, offsetRatio, updatedAt } = p as Record<string, unknown>;
  return (
    typeof blockIndex === 'number' &&
    Number.isInteger(blockIndex) &&
    blockIndex >= 0 &&
    typeof offsetRatio === 'number' &&
    offsetRatio >= 0 &&
    offsetRatio <= 1 &&
    typeof updatedAt === 'number' &&
    Number.isFinite(updatedAt)
  );
}

/** The story record after a visit: metadata from the page, reader's choices kept. */
export function mergeStory(existing: StoryRecord | undefined, visit: ChapterVisit, now: number): StoryRecord {
  const key = makeStoryKey(visit.site, visit.storyId);
  // A visit older than the last one (two tabs, clock skew) still refreshes metadata but does not
  // move "last read" backwards.
  const isLatest = !existing || now >= existing.lastReadAt;
  return {
    key,
    site: visit.site,
    storyId: visit.storyId,
    title: visit.title || existing?.title || '',
    // A chapter page may lack some metadata the story page had: keep what is known.
    author: visit.author ?? existing?.author ?? null,
    summary: visit.summary ?? existing?.summary ?? null,
    url: visit.storyUrl || existing?.url || visit.url,
    chapterCount: visit.chapterCount ?? existing?.chapterCount ?? null,
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
    lastReadAt: Math.max(existing?.lastReadAt ?? now, now),
    position: existing?.position ?? null,
  };
}

/** Record that a chapter was opened; returns the story and the saved position in that chapter. */
export function recordVisit(
  db: LibraryDB,
  visit: ChapterVisit,
  now: number,
): Promise<{ story: StoryRecord; position: Position | null }> {
  return inTx(db, ['stories', 'chapters'], 'readwrite', 'save this chapter to the library', async (tx) => {
    const stories = tx.objectStore('stories');
    const chapters = tx.objectStore('chapters');
    const sKey = makeStoryKey(visit.site, visit.storyId);
    const [oldStory, oldChapter] = await Promise.all([
      stories.get(sKey),
      chapters.get(chapterKey(sKey, visit.chapterId)),
    ]);
    const story = mergeStory(oldStory, visit, now);
    const chapter = mergeChapter(oldChapter, visit, now);
    // One after the other: if the second put fails the transaction aborts and takes the first with it.
    await stories.put(story);
    await chapters.put(chapter);
    return { story, position: chapter.position };
  });
}

/**
 * Save a reading position. Newer wins: a position whose updatedAt is not newer than the stored one
 * is ignored (two tabs on the same chapter, or a late message). The chapter record is created when
 * missing only if its story is in the library. Returns whether the position was written.
 */
export function savePosition(db: LibraryDB, sKey: string, chapterId: string, position: Position): Promise<boolean> {
  if (!isValidPosition(position)) return Promise.resolve(false);
  const saved: Position = {
    blockIndex: position.blockIndex,
    offsetRatio: position.offsetRatio,
    updatedAt: position.updatedAt,
  };
  return inTx(db, ['stories', 'chapters'], 'readwrite', 'save your reading position', async (tx) => {
    const chapters = tx.objectStore('chapters');
    const cKey = chapterKey(sKey, chapterId);
    let chapter = await chapters.get(cKey);
    if (chapter) {
      if (chapter.position && chapter.position.updatedAt >= saved.updatedAt) return false;
      chapter = { ...chapter, position: saved, lastReadAt: Math.max(chapter.lastReadAt, saved.updatedAt) };
    } else {
      const story = await tx.objectStore('stories').get(sKey);
      if (!story) return false;
      const isLast = story.lastChapterId === chapterId;
      chapter = {
        key: cKey,
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
    await chapters.put(chapter);
    return true;
  });
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
  return inTx(db, ['stories', 'chapters'], 'readonly', 'read the library', async (tx) => {
    const [story, chapters] = await Promise.all([
      tx.objectStore('stories').get(sKey),
      tx.objectStore('chapters').index('storyKey').getAll(sKey),
    ]);
    return { story: story ?? null, chapters: chapters.sort(byIndex) };
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
    const next = change(story);
    await stories.put(next);
    return next;
  });
}

export function setFollowed(db: LibraryDB, sKey: string, followed: boolean): Promise<StoryRecord | null> {
  return updateStory(db, sKey, (story) => ({ ...story, followed }));
}

export function setReadingStatus(
  db: LibraryDB,
  sKey: string,
  readingStatus: StoryRecord['readingStatus'],
): Promise<StoryRecord | null> {
  return updateStory(db, sKey, (story) => ({ ...story, readingStatus }));
}

/** All stories, most recently read first. */
export function listStories(db: LibraryDB, filter: { followed?: boolean } = {}): Promise<StoryRecord[]> {
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) => {
    const all = await tx.objectStore('stories').index('lastReadAt').getAll();
    all.reverse();
    return filter.followed === undefined ? all : all.filter((s) => s.followed === filter.followed);
  });
}

/** Remove a story, its chapters and its note memory together. */
export function deleteStory(db: LibraryDB, sKey: string): Promise<void> {
  return inTx(db, ['stories', 'chapters', 'noteMemory'], 'readwrite', 'remove the story', async (tx) => {
    const chapters = tx.objectStore('chapters');
    const chapterKeys = await chapters.index('storyKey').getAllKeys(sKey);
    await Promise.all([
      tx.objectStore('stories').delete(sKey),
      tx.objectStore('noteMemory').delete(sKey),
      ...chapterKeys.map((k) => chapters.delete(k)),
    ]);
  });
}

export function emptyNoteMemory(sKey: string, now = 0): NoteMemoryRecord {
  return { storyKey: sKey, noteFingerprints: [], corrections: {}, edgeCounts: {}, updatedAt: now };
}

export function getNoteMemory(db: LibraryDB, sKey: string): Promise<NoteMemoryRecord | null> {
  return run('read the notes memory', async () => (await db.get('noteMemory', sKey)) ?? null);
}

export function putNoteMemory(db: LibraryDB, record: NoteMemoryRecord): Promise<void> {
  return run('save the notes memory', async () => {
    await db.put('noteMemory', record);
  });
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
  return inTx(db, ['noteMemory'], 'readwrite', 'save the notes memory', async (tx) => {
    const store = tx.objectStore('noteMemory');
    const current = (await store.get(sKey)) ?? emptyNoteMemory(sKey, now);
    const next: NoteMemoryRecord = { ...change(current), storyKey: sKey, updatedAt: now };
    await store.put(next);
    return next;
  });
}

export function getMeta<T = unknown>(db: LibraryDB, key: string): Promise<T | undefined> {
  return run('read the library', async () => (await db.get('meta', key)) as T | undefined);
}

export function setMeta(db: LibraryDB, key: string, value: unknown): Promise<void> {
  return run('save to the library', async () => {
    await db.put('meta', value, key);
  });
}
