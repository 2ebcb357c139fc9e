/**
 * The library as the sites' list pages see it: the marks of the stories a page shows, read in one
 * batched query, and the stories a reader brings in from their own lists on a site.
 */
import type { StoryRef } from '../sites/story-list';
import { withIndexKeys, withoutIndexKeys } from './derived';
import type { LibraryDB } from './schema';
import { inTx } from './store';
import { storyKey, type ReadingStatus, type StoryRecord } from './types';
import { announced } from './changes';

/** What a list page shows of a story in the library. */
export interface StoryMark {
  key: string;
  followed: boolean;
  readingStatus: ReadingStatus | null;
  /** Furthest chapter opened (1-based), null when none. */
  readTo: number | null;
  chapterCount: number | null;
  /** New chapters found by update checks since the reader last saw the story. */
  newCount: number;
  /** Chapters after the furthest one read. */
  unread: number;
}

/** The most keys one page may ask about (AO3 shows 20 works, FFN 25; own lists up to a few hundred). */
export const MAX_MARK_KEYS = 1000;

export function markOf(s: StoryRecord): StoryMark {
  return {
    key: s.key,
    followed: s.followed,
    readingStatus: s.readingStatus,
    readTo: s.lastChapterIndex,
    chapterCount: s.chapterCount,
    newCount: s.newCount ?? 0,
    unread: s.unread ?? 0,
  };
}

/**
 * The marks of the stories among `keys` that are in the library, in one readonly transaction: one
 * cursor walks the key range of the asked keys (sorted) and jumps straight from one asked key to
 * the next (IDBCursor.continue(key)), so a page of 20 works costs about 20 cursor steps whatever
 * the size of the library, and never one request per story.
 */
export function readMarks(db: LibraryDB, keys: readonly string[]): Promise<StoryMark[]> {
  const wanted = [...new Set(keys.filter((k) => typeof k === 'string' && k.length > 0))].sort();
  if (wanted.length === 0) return Promise.resolve([]);
  return inTx(db, ['stories'], 'readonly', 'read the library', async (tx) => {
    const marks: StoryMark[] = [];
    const range = wanted.length === 1 ? IDBKeyRange.only(wanted[0]) : IDBKeyRange.bound(wanted[0], wanted[wanted.length - 1]);
    let cursor = await tx.objectStore('stories').openCursor(range);
    let i = 0;
    while (cursor) {
      const key = String(cursor.key);
      while (i < wanted.length && wanted[i] < key) i++;
      if (i >= wanted.length) break;
      if (wanted[i] === key) {
        marks.push(markOf(withoutIndexKeys(cursor.value)));
        i++;
      }
      if (i >= wanted.length) break;
      cursor = await cursor.continue(wanted[i]);
    }
    return marks;
  });
}

/** A new library record for a story brought in from a list: never read, the list's metadata. */
export function recordFromRef(ref: StoryRef, followed: boolean, now: number): StoryRecord {
  return {
    key: storyKey(ref.site, ref.storyId),
    site: ref.site,
    storyId: ref.storyId,
    title: ref.title,
    author: ref.author,
    summary: null,
    url: ref.url,
    chapterCount: ref.chapterTotal ?? (ref.complete ? ref.chapters : null),
    words: ref.words,
    status: ref.complete === null ? null : ref.complete ? 'complete' : 'in-progress',
    tags: [...ref.fandoms, ...ref.tags].slice(0, 200),
    followed,
    readingStatus: null,
    addedAt: now,
    lastReadAt: 0,
    lastChapterId: null,
    lastChapterIndex: null,
    lastChapterUrl: null,
    lastChapterTitle: null,
    newCount: 0,
    siteUpdatedAt: ref.updated,
  };
}

export interface AddResult {
  /** Stories new to the library. */
  added: number;
  /** Stories already there (followed now when `follow`, otherwise unchanged). */
  kept: number;
}

/**
 * Add stories from a list in one transaction: new ones get a record, stories already in the
 * library keep everything the reader did with them; with `follow` they are followed.
 */
export function addStories(db: LibraryDB, refs: readonly StoryRef[], follow: boolean, now: number): Promise<AddResult> {
  return announced('import', inTx(db, ['stories'], 'readwrite', 'add the stories', async (tx) => {
    const store = tx.objectStore('stories');
    const result: AddResult = { added: 0, kept: 0 };
    const seen = new Set<string>();
    for (const ref of refs) {
      const key = storyKey(ref.site, ref.storyId);
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = await store.get(key);
      if (existing) {
        result.kept++;
        if (follow && !existing.followed) await store.put(withIndexKeys({ ...withoutIndexKeys(existing), followed: true, newCount: 0 }));
        continue;
      }
      await store.put(withIndexKeys(recordFromRef(ref, follow, now)));
      result.added++;
    }
    return result;
  }));
}
