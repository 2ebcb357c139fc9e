/**
 * Derived index keys on story records. IndexedDB cannot index a boolean (`followed`), so each
 * stored story carries keys that exist exactly when the story belongs in a list the extension reads
 * often, and an index over each key holds only those stories (schema v3):
 *
 * - `newsKey` / index `news`: followed stories with new chapters (posted since the reader last saw
 *   the story's chapter list: `newCount`, schema v4; before v4 it was the unread count), for the
 *   toolbar badge and the popup's "new chapters" list. [newChaptersAt or 0, lastReadAt, newCount]:
 *   the popup's order (newest news first) and the badge's count, readable from the key alone.
 * - `checkKey` / index `due`: followed stories the update checks may ask about (not those waiting
 *   for a visit), keyed by when they were last checked (0 = never), so a run reads the due ones,
 *   oldest check first, and nothing else.
 *
 * Reading the badge, the popup or an update run then costs the stories concerned, not the whole
 * library. Every write of a story goes through `withIndexKeys` (store, backup import, sync); reads
 * hand records out without them (`withoutIndexKeys`), so nothing outside the library layer sees them.
 */
import type { StoryRecord } from './types';

export type NewsKey = [newChaptersAt: number, lastReadAt: number, newCount: number];

/** A story as stored: the public record plus its derived index keys. */
export type StoredStory = StoryRecord & { newsKey?: NewsKey; checkKey?: number };

export const NEWS_INDEX = 'news';
export const DUE_INDEX = 'due';

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The key when the story is followed, has new chapters and somewhere to continue; else undefined. */
export function newsKeyOf(s: StoryRecord): NewsKey | undefined {
  const fresh = finite(s.newCount);
  if (!s.followed || fresh <= 0 || !(s.lastChapterUrl || s.url)) return undefined;
  return [finite(s.newChaptersAt), finite(s.lastReadAt), fresh];
}

/** When a followed story not waiting for a visit was last checked (0 = never); else undefined. */
export function checkKeyOf(s: StoryRecord): number | undefined {
  if (!s.followed || s.checkState === 'visit') return undefined;
  return finite(s.lastCheckedAt);
}

/** The record to store: keys recomputed from the story's own fields (never taken from input). */
export function withIndexKeys(s: StoryRecord): StoredStory {
  const story = withoutIndexKeys(s);
  const newsKey = newsKeyOf(story);
  const checkKey = checkKeyOf(story);
  return {
    ...story,
    ...(newsKey ? { newsKey } : {}),
    ...(checkKey !== undefined ? { checkKey } : {}),
  };
}

/** The record as handed out of the library layer. */
export function withoutIndexKeys(s: StoredStory): StoryRecord {
  if (!('newsKey' in s) && !('checkKey' in s)) return s;
  const { newsKey: _n, checkKey: _c, ...story } = s;
  return story;
}
